#include "melspec/real_fft.hpp"

extern "C" {
melspec_kissf_real_plan* melspec_kissf_real_plan_create(int length);
void melspec_kissf_real_plan_destroy(melspec_kissf_real_plan* plan);
std::size_t melspec_kissf_real_plan_scratch_count(const melspec_kissf_real_plan* plan);
void melspec_kissf_real_plan_forward(const melspec_kissf_real_plan* plan, const float* input, float* spectrum,
                                     float* scratch);
melspec_kissd_real_plan* melspec_kissd_real_plan_create(int length);
void melspec_kissd_real_plan_destroy(melspec_kissd_real_plan* plan);
std::size_t melspec_kissd_real_plan_scratch_count(const melspec_kissd_real_plan* plan);
void melspec_kissd_real_plan_forward(const melspec_kissd_real_plan* plan, const double* input, double* spectrum,
                                     double* scratch);
}

namespace melspec {

template <>
RealFft<float>::RealFft(int length) : length_(length), plan_(melspec_kissf_real_plan_create(length)) {
    if (plan_) scratchCount_ = melspec_kissf_real_plan_scratch_count(plan_);
}
template <>
RealFft<float>::~RealFft() {
    melspec_kissf_real_plan_destroy(plan_);
}
template <>
void RealFft<float>::forward(const float* input, float* spectrum, float* scratch) const {
    melspec_kissf_real_plan_forward(plan_, input, spectrum, scratch);
}

template <>
RealFft<double>::RealFft(int length) : length_(length), plan_(melspec_kissd_real_plan_create(length)) {
    if (plan_) scratchCount_ = melspec_kissd_real_plan_scratch_count(plan_);
}
template <>
RealFft<double>::~RealFft() {
    melspec_kissd_real_plan_destroy(plan_);
}
template <>
void RealFft<double>::forward(const double* input, double* spectrum, double* scratch) const {
    melspec_kissd_real_plan_forward(plan_, input, spectrum, scratch);
}

}  // namespace melspec
