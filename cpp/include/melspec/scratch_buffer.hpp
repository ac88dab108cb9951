// A fixed-size buffer left uninitialised, for scratch whose contents mean nothing
// between calls (workspaces, a stream's window of samples): creating one touches
// no memory, so sharing a plan makes a stream or engine cheap to create; the
// pages are touched by the first call, which writes before it reads.
#pragma once

#include <cstddef>
#include <memory>

namespace melspec {

template <typename T>
class ScratchBuffer {
public:
    explicit ScratchBuffer(std::size_t size = 0) : data_(size ? new T[size] : nullptr), size_(size) {}

    T* data() { return data_.get(); }
    const T* data() const { return data_.get(); }
    std::size_t size() const { return size_; }
    T& operator[](std::size_t index) { return data_[index]; }
    const T& operator[](std::size_t index) const { return data_[index]; }

private:
    std::unique_ptr<T[]> data_;  // new T[] default-initialises: no zeroing
    std::size_t size_;
};

}  // namespace melspec
