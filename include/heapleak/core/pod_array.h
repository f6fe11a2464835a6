// A fixed-size array of trivially copyable values that is NOT zero-initialised on allocation.
//
// Snapshot columns hold hundreds of millions of values that the parser overwrites anyway;
// std::vector would touch every page once to zero it and again to fill it. Pages of a
// PodArray are first touched by whichever thread fills them.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>

namespace heapleak {

template <typename T>
class PodArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  PodArray() = default;
  explicit PodArray(size_t size) : data_(size ? new T[size] : nullptr), size_(size) {}

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_.get(); }
  const T* data() const { return data_.get(); }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* begin() { return data_.get(); }
  T* end() { return data_.get() + size_; }
  const T* begin() const { return data_.get(); }
  const T* end() const { return data_.get() + size_; }
  std::span<const T> span() const { return {data_.get(), size_}; }
  size_t memory_bytes() const { return size_ * sizeof(T); }

 private:
  std::unique_ptr<T[]> data_;
  size_t size_ = 0;
};

}  // namespace heapleak
