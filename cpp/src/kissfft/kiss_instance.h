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
 * In SIMD mode it also has the engine's path (real_plan_forward_power): its own
 * driver over kiss_fft.c's plan, factors, twiddles and butterflies, whose leaf
 * butterflies follow kf_bfly2/4/5 (KissFFT, BSD-3-Clause, as the rest of this file
 * that follows its code), and kiss_fftr's last pass feeding the power.
 *
 * Not a header for general use: include it from exactly one .c file per type.
 */
/* For sincos (kf_cexp below), a GNU extension in musl and glibc alike; before any header. */
#define _GNU_SOURCE
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
/* KissFFT's twiddles (kf_cexp: the cosine and sine of one phase, in its plan's set-up) from
 * one sincos: musl's (the WASM build's) reduces the phase once for both and runs the same
 * kernels that cos and sin run after reducing it each on their own, so the same values for
 * half the reductions (glibc's, natively, gives the same bits: output_digest_test.cpp).
 * Planning a Keras-default instance computes 3 072 of them, in V8's baseline code. */
#undef kf_cexp
#ifdef USE_SIMD
#define KISS_INSTANCE_FROM_DOUBLE(value) _mm_set1_ps((float)(value))
#else
#define KISS_INSTANCE_FROM_DOUBLE(value) ((kiss_fft_scalar)(value))
#endif
static void KISS_INSTANCE_NAME(cexp)(kiss_fft_cpx* x, double phase) {
    double sine, cosine;
    sincos(phase, &sine, &cosine);
    x->r = KISS_INSTANCE_FROM_DOUBLE(cosine);
    x->i = KISS_INSTANCE_FROM_DOUBLE(sine);
}
#define kf_cexp(x, phase) KISS_INSTANCE_NAME(cexp)((x), (phase))
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

/* An odd length's input as complex values with zero imaginary parts, at the start of
 * scratch (its transform goes to the `length` values after them): kiss_fftr needs an
 * even length, so odd ones run the complex transform. */
static kiss_fft_cpx* KISS_INSTANCE_NAME(odd_length_input)(const kiss_fft_scalar* input, int length,
                                                          kiss_fft_scalar* scratch) {
    kiss_fft_cpx* complex_in = (kiss_fft_cpx*)scratch;
    int k;
    for (k = 0; k < length; ++k) {
        complex_in[k].r = input[k];
        complex_in[k].i = KISS_INSTANCE_ZERO;
    }
    return complex_in;
}

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
        const kiss_fft_cpx* complex_in = KISS_INSTANCE_NAME(odd_length_input)(input, length, scratch);
        kiss_fft_cpx* complex_out = (kiss_fft_cpx*)scratch + length;
        int k;
        kiss_fft(plan->complex_cfg, complex_in, complex_out);
        for (k = 0; k <= length / 2; ++k) {
            spectrum[2 * k] = complex_out[k].r;
            spectrum[2 * k + 1] = complex_out[k].i;
        }
    }
}

#ifdef USE_SIMD
/* The leaves of kf_work (the last factor's butterflies, m = 1), reading the transform's
 * input directly. kf_work does each leaf in two steps: copy the decimated inputs f[0],
 * f[stride], ... to Fout, then call the radix's butterfly with m = 1, whose one
 * iteration multiplies only by twiddles[0] = 1 (a copy under the C_MUL above). These do
 * the same operations in the same order on the same values, so the same bits, without
 * the copies or the two calls per leaf (Keras' 1024-point transform has 256 leaves). */
static void KISS_INSTANCE_NAME(leaf_bfly2)(kiss_fft_cpx* Fout, const kiss_fft_cpx* f, size_t stride) {
    const kiss_fft_cpx t = f[stride];
    kiss_fft_cpx out0 = f[0];
    C_SUB(Fout[1], out0, t);
    C_ADDTO(out0, t);
    Fout[0] = out0;
}

static void KISS_INSTANCE_NAME(leaf_bfly4)(kiss_fft_cpx* Fout, const kiss_fft_cpx* f, size_t stride) {
    kiss_fft_cpx scratch[6];
    kiss_fft_cpx out0 = f[0];
    scratch[0] = f[stride];
    scratch[1] = f[2 * stride];
    scratch[2] = f[3 * stride];
    C_SUB(scratch[5], out0, scratch[1]);
    C_ADDTO(out0, scratch[1]);
    C_ADD(scratch[3], scratch[0], scratch[2]);
    C_SUB(scratch[4], scratch[0], scratch[2]);
    C_SUB(Fout[2], out0, scratch[3]);
    C_ADDTO(out0, scratch[3]);
    Fout[0] = out0;
    Fout[1].r = scratch[5].r + scratch[4].i;
    Fout[1].i = scratch[5].i - scratch[4].r;
    Fout[3].r = scratch[5].r - scratch[4].i;
    Fout[3].i = scratch[5].i + scratch[4].r;
}

/* kf_bfly5's ya and yb are twiddles[fstride * m], twiddles[2 * fstride * m]: with
 * m = 1 and the leaf's fstride, which is also its input stride. */
static void KISS_INSTANCE_NAME(leaf_bfly5)(kiss_fft_cpx* Fout, const kiss_fft_cpx* f, size_t stride,
                                           const kiss_fft_cfg st) {
    kiss_fft_cpx scratch[13];
    const kiss_fft_cpx ya = st->twiddles[stride];
    const kiss_fft_cpx yb = st->twiddles[2 * stride];
    kiss_fft_cpx out0 = f[0];
    scratch[0] = out0;
    scratch[1] = f[stride];
    scratch[2] = f[2 * stride];
    scratch[3] = f[3 * stride];
    scratch[4] = f[4 * stride];
    C_ADD(scratch[7], scratch[1], scratch[4]);
    C_SUB(scratch[10], scratch[1], scratch[4]);
    C_ADD(scratch[8], scratch[2], scratch[3]);
    C_SUB(scratch[9], scratch[2], scratch[3]);
    out0.r += scratch[7].r + scratch[8].r;
    out0.i += scratch[7].i + scratch[8].i;
    scratch[5].r = scratch[0].r + S_MUL(scratch[7].r, ya.r) + S_MUL(scratch[8].r, yb.r);
    scratch[5].i = scratch[0].i + S_MUL(scratch[7].i, ya.r) + S_MUL(scratch[8].i, yb.r);
    scratch[6].r = S_MUL(scratch[10].i, ya.i) + S_MUL(scratch[9].i, yb.i);
    scratch[6].i = -S_MUL(scratch[10].r, ya.i) - S_MUL(scratch[9].r, yb.i);
    C_SUB(Fout[1], scratch[5], scratch[6]);
    C_ADD(Fout[4], scratch[5], scratch[6]);
    scratch[11].r = scratch[0].r + S_MUL(scratch[7].r, yb.r) + S_MUL(scratch[8].r, ya.r);
    scratch[11].i = scratch[0].i + S_MUL(scratch[7].i, yb.r) + S_MUL(scratch[8].i, ya.r);
    scratch[12].r = -S_MUL(scratch[10].i, yb.i) + S_MUL(scratch[9].i, ya.i);
    scratch[12].i = S_MUL(scratch[10].r, yb.i) - S_MUL(scratch[9].r, ya.i);
    C_ADD(Fout[2], scratch[11], scratch[12]);
    C_SUB(Fout[3], scratch[11], scratch[12]);
    Fout[0] = out0;
}

/* kf_bfly4 (forward) with its first iteration apart: there every twiddle is twiddles[0] = 1,
 * whose products the C_MUL above makes copies, deciding by a compare per product; here the
 * first iteration copies and the others multiply, with no compare. The same operations on the
 * same values as kf_bfly4 under that C_MUL, so the same bits. m >= 2 (m = 1: leaf_bfly4). */
static void KISS_INSTANCE_NAME(lanes_bfly4)(kiss_fft_cpx* Fout, const size_t fstride, const kiss_fft_cfg st,
                                            const size_t m) {
    const kiss_fft_cpx* tw1 = st->twiddles + fstride;
    const kiss_fft_cpx* tw2 = st->twiddles + 2 * fstride;
    const kiss_fft_cpx* tw3 = st->twiddles + 3 * fstride;
    const size_t m2 = 2 * m, m3 = 3 * m;
    kiss_fft_cpx scratch[6];
    size_t k;
    for (k = 0; k < m; ++k, ++Fout) {
        if (k == 0) {
            scratch[0] = Fout[m];
            scratch[1] = Fout[m2];
            scratch[2] = Fout[m3];
        } else {
            KISS_INSTANCE_C_MUL(scratch[0], Fout[m], *tw1);
            KISS_INSTANCE_C_MUL(scratch[1], Fout[m2], *tw2);
            KISS_INSTANCE_C_MUL(scratch[2], Fout[m3], *tw3);
            tw1 += fstride;
            tw2 += fstride * 2;
            tw3 += fstride * 3;
        }
        C_SUB(scratch[5], *Fout, scratch[1]);
        C_ADDTO(*Fout, scratch[1]);
        C_ADD(scratch[3], scratch[0], scratch[2]);
        C_SUB(scratch[4], scratch[0], scratch[2]);
        C_SUB(Fout[m2], *Fout, scratch[3]);
        C_ADDTO(*Fout, scratch[3]);
        Fout[m].r = scratch[5].r + scratch[4].i;
        Fout[m].i = scratch[5].i - scratch[4].r;
        Fout[m3].r = scratch[5].r - scratch[4].i;
        Fout[m3].i = scratch[5].i + scratch[4].r;
    }
}

/* kf_work (forward, in_stride 1, fin != fout) with leaves of radix 2, 4 and 5 done by
 * the leaf_bfly functions above (others as kf_work does them), and radix-4 passes above
 * the leaves by lanes_bfly4. The other butterflies are KissFFT's own, on the same values. */
static void KISS_INSTANCE_NAME(lanes_kf_work)(kiss_fft_cpx* Fout, const kiss_fft_cpx* f, const size_t fstride,
                                              int* factors, const kiss_fft_cfg st) {
    const int p = factors[0];
    const int m = factors[1];
    const size_t leafStride = fstride * p; /* the children's fstride and input stride */
    int i;
    if (m == 1) {
        for (i = 0; i < p; ++i) Fout[i] = f[i * fstride];
    } else if (factors[3] == 1 && factors[2] == 4) {
        for (i = 0; i < p; ++i) KISS_INSTANCE_NAME(leaf_bfly4)(Fout + i * m, f + i * fstride, leafStride);
    } else if (factors[3] == 1 && factors[2] == 5) {
        for (i = 0; i < p; ++i) KISS_INSTANCE_NAME(leaf_bfly5)(Fout + i * m, f + i * fstride, leafStride, st);
    } else if (factors[3] == 1 && factors[2] == 2) {
        for (i = 0; i < p; ++i) KISS_INSTANCE_NAME(leaf_bfly2)(Fout + i * m, f + i * fstride, leafStride);
    } else {
        for (i = 0; i < p; ++i)
            KISS_INSTANCE_NAME(lanes_kf_work)(Fout + i * m, f + i * fstride, leafStride, factors + 2, st);
    }
    switch (p) {
        case 2:
            kf_bfly2(Fout, fstride, st, m);
            break;
        case 3:
            kf_bfly3(Fout, fstride, st, m);
            break;
        case 4:
            if (m >= 2)
                KISS_INSTANCE_NAME(lanes_bfly4)(Fout, fstride, st, m);
            else
                kf_bfly4(Fout, fstride, st, m);
            break;
        case 5:
            kf_bfly5(Fout, fstride, st, m);
            break;
        default:
            kf_bfly_generic(Fout, fstride, st, m, p);
            break;
    }
}

/* |X_k|^2 of each of the length/2+1 bins (power[k] = re^2 + im^2 of the spectrum that
 * real_plan_forward() writes, bit for bit), without writing the spectrum: kiss_fftr's
 * last pass (splitting the half-length complex transform into the real one) hands each
 * pair of bins straight to the power, so the complex spectrum is never stored and read
 * back. The loop is kiss_fftr's, with its operations in its order; k and length/2 - k
 * are written in its order too (the middle bin twice, the second write kept).
 * Same scratch as forward(); power may be input itself: the whole input is read
 * (by kiss_fft, into scratch) before any power is written. */
void KISS_INSTANCE_NAME(real_plan_forward_power)(const struct KISS_INSTANCE_NAME(real_plan) * plan,
                                                 const kiss_fft_scalar* input, kiss_fft_scalar* power,
                                                 kiss_fft_scalar* scratch) {
    const int length = plan->length;
    const kiss_fft_scalar zero = KISS_INSTANCE_ZERO;
    if (length == 1) {
        power[0] = input[0] * input[0] + zero * zero;
    } else if (plan->real_cfg) {
        const struct kiss_fftr_state* st = plan->real_cfg;
        kiss_fft_cpx* half = (kiss_fft_cpx*)scratch;
        const int ncfft = st->substate->nfft;
        kiss_fft_cpx fpnk, fpk, f1k, f2k, tw, tdc;
        kiss_fft_scalar re, im;
        int k;
        KISS_INSTANCE_NAME(lanes_kf_work)(half, (const kiss_fft_cpx*)input, 1, st->substate->factors, st->substate);
        tdc = half[0];
        re = tdc.r + tdc.i;
        power[0] = re * re + zero * zero;
        re = tdc.r - tdc.i;
        power[ncfft] = re * re + zero * zero;
        for (k = 1; k <= ncfft / 2; ++k) {
            fpk = half[k];
            fpnk.r = half[ncfft - k].r;
            fpnk.i = -half[ncfft - k].i;
            C_ADD(f1k, fpk, fpnk);
            C_SUB(f2k, fpk, fpnk);
            C_MUL(tw, f2k, st->super_twiddles[k - 1]);
            re = HALF_OF(f1k.r + tw.r);
            im = HALF_OF(f1k.i + tw.i);
            power[k] = re * re + im * im;
            re = HALF_OF(f1k.r - tw.r);
            im = HALF_OF(tw.i - f1k.i);
            power[ncfft - k] = re * re + im * im;
        }
    } else {
        const kiss_fft_cpx* complex_in = KISS_INSTANCE_NAME(odd_length_input)(input, length, scratch);
        kiss_fft_cpx* complex_out = (kiss_fft_cpx*)scratch + length;
        int k;
        KISS_INSTANCE_NAME(lanes_kf_work)(complex_out, complex_in, 1, plan->complex_cfg->factors, plan->complex_cfg);
        for (k = 0; k <= length / 2; ++k)
            power[k] = complex_out[k].r * complex_out[k].r + complex_out[k].i * complex_out[k].i;
    }
}
#endif
