/*
 * Compiles KissFFT once for one scalar type, under its own symbol prefix, and
 * adds a read-only real-FFT plan on top of it (create, scratch size, forward, destroy).
 *
 * KissFFT picks its scalar type with a macro, so a float and a double build
 * cannot share symbol names in one binary. The including file defines
 * KISS_INSTANCE_SCALAR (float or double) or USE_SIMD (KissFFT's SIMD mode: the
 * scalar is __m128, four separate transforms at once, one per lane), and
 * KISS_INSTANCE_NAME(x) (a prefixer), then includes this file; every public
 * KissFFT symbol is renamed through it.
 *
 * Not a header for general use: include it from exactly one .c file per type.
 */
#include <stdlib.h>
#include <string.h>

#ifdef USE_SIMD
#include <xmmintrin.h>
#define KISS_INSTANCE_ZERO _mm_setzero_ps()
#else
#define kiss_fft_scalar KISS_INSTANCE_SCALAR
#define KISS_INSTANCE_ZERO 0
#endif
/* Scratch for FFT sizes with factors other than 2, 3, 5 (e.g. 511 = 7 * 73) goes
 * on the stack instead of the heap, so a transform never calls malloc. */
#define KISS_FFT_USE_ALLOCA

#define kiss_fft_alloc KISS_INSTANCE_NAME(fft_alloc)
#define kiss_fft KISS_INSTANCE_NAME(fft)
#define kiss_fft_stride KISS_INSTANCE_NAME(fft_stride)
#define kiss_fft_cleanup KISS_INSTANCE_NAME(fft_cleanup)
#define kiss_fft_next_fast_size KISS_INSTANCE_NAME(fft_next_fast_size)
#define kiss_fftr_alloc KISS_INSTANCE_NAME(fftr_alloc)
#define kiss_fftr KISS_INSTANCE_NAME(fftr)
#define kiss_fftri KISS_INSTANCE_NAME(fftri)
#define kf_work KISS_INSTANCE_NAME(kf_work)
#define kf_factor KISS_INSTANCE_NAME(kf_factor)

/* KissFFT's complex multiply, as _kiss_fft_guts.h defines it in floating point. */
#define KISS_INSTANCE_C_MUL(m, a, b)           \
    do {                                       \
        (m).r = (a).r * (b).r - (a).i * (b).i; \
        (m).i = (a).r * (b).i + (a).i * (b).r; \
    } while (0)

/* Every butterfly loop of kiss_fft.c starts at the first twiddle, cos 0 - i sin 0 =
 * (1, -0) exactly, and multiplies by it like any other. The innermost pass (m = 1)
 * is all such products, and the first butterfly of every group in the others: 1 023
 * of the 3 840 complex multiplies of a 1024-point transform (Keras' 2048-point real
 * FFT), and the whole radix-5 pass of Whisper's 200 = 4 * 2 * 5 * 5. Inside kiss_fft.c
 * every twiddle operand is an element of its plan's `st->twiddles`, so a product
 * whose operand is the first element is a copy. The results differ at most in the
 * sign of a zero, which squaring for the power removes (the output digests are
 * unchanged). kiss_fftr.c's operands are its super-twiddles, none of them 1: it
 * keeps the plain multiply. */
#include "_kiss_fft_guts.h"
#undef C_MUL
#define C_MUL(m, a, b)                    \
    do {                                  \
        if (&(b) == st->twiddles) {       \
            (m) = (a);                    \
        } else {                          \
            KISS_INSTANCE_C_MUL(m, a, b); \
        }                                 \
    } while (0)
#include "kiss_fft.c"
#undef C_MUL
#define C_MUL KISS_INSTANCE_C_MUL
#include "kiss_fftr.c"

/* A forward real FFT of any length n >= 1: n/2+1 complex bins, interleaved re/im.
 * Even n uses KissFFT's real transform; odd n (which kiss_fftr does not support)
 * runs the complex transform on a zero-imaginary copy.
 *
 * The plan is read-only once created: forward() takes its work buffers from the
 * caller (scratch), so one plan serves any number of threads at once. */
struct KISS_INSTANCE_NAME(real_plan) {
    int length;
    kiss_fftr_cfg real_cfg;   /* even length */
    kiss_fft_cfg complex_cfg; /* odd length */
};

void KISS_INSTANCE_NAME(real_plan_destroy)(struct KISS_INSTANCE_NAME(real_plan) * plan) {
    if (!plan) return;
    if (plan->real_cfg) KISS_FFT_FREE(plan->real_cfg);
    if (plan->complex_cfg) KISS_FFT_FREE(plan->complex_cfg);
    free(plan);
}

struct KISS_INSTANCE_NAME(real_plan) * KISS_INSTANCE_NAME(real_plan_create)(int length) {
    struct KISS_INSTANCE_NAME(real_plan) * plan;
    if (length < 1) return NULL;
    plan = (struct KISS_INSTANCE_NAME(real_plan)*)calloc(1, sizeof *plan);
    if (!plan) return NULL;
    plan->length = length;
    if (length == 1) return plan; /* the transform of one sample is that sample */
    if (length % 2 == 0) {
        plan->real_cfg = kiss_fftr_alloc(length, 0, NULL, NULL);
        if (plan->real_cfg) return plan;
    } else {
        plan->complex_cfg = kiss_fft_alloc(length, 0, NULL, NULL);
        if (plan->complex_cfg) return plan;
    }
    KISS_INSTANCE_NAME(real_plan_destroy)(plan);
    return NULL;
}

/* Scalars of scratch forward() needs: kiss_fftr's n/2 complex work values (even n),
 * or the complex transform's n inputs and n outputs (odd n); none for n = 1. */
size_t KISS_INSTANCE_NAME(real_plan_scratch_count)(const struct KISS_INSTANCE_NAME(real_plan) * plan) {
    if (plan->real_cfg) return (size_t)plan->length;
    if (plan->complex_cfg) return 4 * (size_t)plan->length;
    return 0;
}

/* spectrum: length/2+1 interleaved (re, im) pairs; scratch: real_plan_scratch_count()
 * scalars, aligned as kiss_fft_cpx (16 bytes in SIMD mode). scratch overlaps neither
 * input nor spectrum; spectrum may be input itself (in place): every path reads the
 * whole input (into scratch, or through kiss_fft into kiss_fftr's tmpbuf) before it
 * writes the spectrum. Writes nothing but spectrum and scratch. */
void KISS_INSTANCE_NAME(real_plan_forward)(const struct KISS_INSTANCE_NAME(real_plan) * plan,
                                           const kiss_fft_scalar* input, kiss_fft_scalar* spectrum,
                                           kiss_fft_scalar* scratch) {
    const int length = plan->length;
    if (length == 1) {
        spectrum[0] = input[0];
        spectrum[1] = KISS_INSTANCE_ZERO;
    } else if (plan->real_cfg) {
        /* kiss_fftr works in its state's tmpbuf; a copy of the state (three pointers)
         * pointing at the caller's scratch leaves the plan untouched. */
        struct kiss_fftr_state state = *plan->real_cfg;
        state.tmpbuf = (kiss_fft_cpx*)scratch;
        /* kiss_fft_cpx is two scalars with no padding: an interleaved array. */
        kiss_fftr(&state, input, (kiss_fft_cpx*)spectrum);
    } else {
        kiss_fft_cpx* complex_in = (kiss_fft_cpx*)scratch;
        kiss_fft_cpx* complex_out = complex_in + length;
        int k;
        for (k = 0; k < length; ++k) {
            complex_in[k].r = input[k];
            complex_in[k].i = KISS_INSTANCE_ZERO;
        }
        kiss_fft(plan->complex_cfg, complex_in, complex_out);
        for (k = 0; k <= length / 2; ++k) {
            spectrum[2 * k] = complex_out[k].r;
            spectrum[2 * k + 1] = complex_out[k].i;
        }
    }
}
