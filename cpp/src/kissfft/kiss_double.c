/* KissFFT in double precision, symbols prefixed melspec_kissd_. */
#define KISS_INSTANCE_SCALAR double
#define KISS_INSTANCE_NAME(x) melspec_kissd_##x
#include "kiss_instance.h"
