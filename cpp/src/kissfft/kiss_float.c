/* KissFFT in single precision, symbols prefixed melspec_kissf_. */
#define KISS_INSTANCE_SCALAR float
#define KISS_INSTANCE_NAME(x) melspec_kissf_##x
#include "kiss_instance.h"
