#include "melspec/real_fft.hpp"

extern "C" {
struct melspec_kissf_real_plan;
struct melspec_kissd_real_plan;
melspec_kissf_real_plan* melspec_kissf_real_plan_create(int length);
void melspec_kissf_real_plan_destroy(melspec_kissf_real_plan* plan);
void melspec_kissf_real_plan_forward(const melspec_kissf_real_plan* plan, const float* input, float* spectrum);
melspec_kissd_real_plan* melspec_kissd_real_plan_create(int length);
void melspec_kissd_real_plan_destroy(melspec_kissd_real_plan* plan);
void melspec_kissd_real_plan_forward(const melspec_kissd_real_plan* plan, const double* input, double* spectrum);
}

namespace melspec {

template <>
RealFft<float>::RealFft(int length) : length_(length), plan_(melspec_kissf_real_plan_create(length)) {}
template <>
RealFft<float>::~RealFft() { melspec_kissf_real_plan_destroy(static_cast<melspec_kissf_real_plan*>(plan_)); }
template <>
void RealFft<float>::forward(const float* input, float* spectrum) const {
    melspec_kissf_real_plan_forward(static_cast<const melspec_kissf_real_plan*>(plan_), input, spectrum);
}

template <>
RealFft<double>::RealFft(int length) : length_(length), plan_(melspec_kissd_real_plan_create(length)) {}
template <>
RealFft<double>::~RealFft() { melspec_kissd_real_plan_destroy(static_cast<melspec_kissd_real_plan*>(plan_)); }
template <>
void RealFft<double>::forward(const double* input, double* spectrum) const {
    melspec_kissd_real_plan_forward(static_cast<const melspec_kissd_real_plan*>(plan_), input, spectrum);
}

}  // namespace melspec
