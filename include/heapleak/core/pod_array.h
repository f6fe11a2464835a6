// Memory for the hot columns: large, page-backed, not zero-initialised.
//
// Snapshot columns hold hundreds of millions of values that the parser overwrites anyway;
// std::vector would touch every page once to zero it and again to fill it. Large blocks come
// from mmap, or take over the pages of a large block freed just before (core/memory.cc), so
// their contents are undefined either way; fresh pages are first touched (and faulted in) by
// whichever worker thread fills them. Transparent huge pages were measured and left off: with this
// kernel's defrag=madvise they made some runs 0.5 s slower through compaction stalls.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstring>
#include <span>
#include <type_traits>
#include <utility>

namespace heapleak {

// Page-backed allocation helpers (core/memory.cc). `allocate_pages` returns nullptr on failure
// (the caller throws); `reserve_address_space` reserves virtual memory that costs nothing until
// touched.
void* allocate_pages(size_t bytes);
// A large block is kept for reuse when `reusable` (its pages are all there), else unmapped.
void free_pages(void* p, size_t bytes, bool reusable = true);
// Gives the pages of block[from, to), both rounded up to a page (the block's end to its
// mapping's), back to the kernel: they read as zero after. Nothing for blocks too small to have
// pages of their own.
void discard_pages(void* block, size_t block_bytes, size_t from, size_t to);
// Unmaps the freed blocks kept for reuse. For the end of a stage that allocates big blocks, when
// what comes next allocates little: kept blocks' pages count towards the footprint.
void release_kept_pages();
void* reserve_address_space(size_t bytes);
// Grows a block from reserve_address_space() or from this (nullptr: a new one), moving it if it
// must; nullptr on failure, the old block left as it was.
void* grow_address_space(void* block, size_t bytes, size_t new_bytes);
void release_address_space(void* block, size_t bytes);

template <typename T>
class PodArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  PodArray() = default;
  explicit PodArray(size_t size)
      : data_(static_cast<T*>(allocate_pages(size * sizeof(T)))), size_(size) {}
  PodArray(PodArray&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)),
        size_(std::exchange(o.size_, 0)),
        discarded_(o.discarded_.exchange(false, std::memory_order_relaxed)) {}
  PodArray& operator=(PodArray&& o) noexcept {
    if (this != &o) {
      release();
      data_ = std::exchange(o.data_, nullptr);
      size_ = std::exchange(o.size_, 0);
      discarded_.store(o.discarded_.exchange(false, std::memory_order_relaxed),
                       std::memory_order_relaxed);
    }
    return *this;
  }
  PodArray(const PodArray&) = delete;
  PodArray& operator=(const PodArray&) = delete;
  ~PodArray() { release(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  std::span<const T> span() const { return {data_, size_}; }
  std::span<T> span() { return {data_, size_}; }
  size_t memory_bytes() const { return size_ * sizeof(T); }
  // The pages of items [from, to) stop counting towards memory use and read as zero, for a big
  // array consumed from its end: a page shared with the item before `from` is kept, and one
  // shared with the item at `to` goes, so calls for adjacent ranges leave no page behind.
  void discard(size_t from, size_t to) {
    discard_pages(data_, size_ * sizeof(T), from * sizeof(T), to * sizeof(T));
    discarded_.store(true, std::memory_order_relaxed);
  }

 private:
  // A block that has given pages back would mostly be faulted in afresh if reused, while its
  // pooled neighbours' pages sit idle beside it: it is not kept.
  void release() {
    if (data_) free_pages(data_, size_ * sizeof(T), !discarded_.load(std::memory_order_relaxed));
    data_ = nullptr;
    size_ = 0;
    discarded_.store(false, std::memory_order_relaxed);
  }
  T* data_ = nullptr;
  size_t size_ = 0;
  // Two threads may discard disjoint parts of one array (the dominator pass does).
  std::atomic<bool> discarded_{false};
};

// An append-only array in a large reserved address range: growing never copies, and only the
// pages written count towards memory use. For arrays whose final size is unknown (strings).
// Where address space is limited (ulimit -v) and the range cannot be had, the array doubles a
// mapping of its own instead, which may move it: pointers into it last until the next append.
template <typename T>
class GrowableArray {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  GrowableArray() = default;
  GrowableArray(GrowableArray&& o) noexcept
      : data_(std::exchange(o.data_, nullptr)),
        size_(std::exchange(o.size_, 0)),
        capacity_(std::exchange(o.capacity_, 0)) {}
  GrowableArray& operator=(GrowableArray&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(capacity_, o.capacity_);
    return *this;
  }
  // A reservation, mostly never touched: not worth keeping.
  ~GrowableArray() { release_address_space(data_, capacity_ * sizeof(T)); }

  void append(const T* items, size_t n) {
    ensure(size_ + n);
    if (n) std::memcpy(data_ + size_, items, n * sizeof(T));
    size_ += n;
  }
  void push_back(const T& v) { append(&v, 1); }
  size_t size() const { return size_; }
  const T* data() const { return data_; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }
  size_t memory_bytes() const { return size_ * sizeof(T); }

 private:
  // 64 GiB of address space per array: larger than any snapshot section.
  static constexpr size_t kReservedBytes = size_t{64} << 30;
  void ensure(size_t n);
  T* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace heapleak

#include <new>

template <typename T>
void heapleak::GrowableArray<T>::ensure(size_t n) {
  if (n <= capacity_) return;
  constexpr size_t kReservedItems = kReservedBytes / sizeof(T);
  if (data_ == nullptr) {
    if (void* range = reserve_address_space(kReservedBytes)) {
      data_ = static_cast<T*>(range);
      capacity_ = kReservedItems;
    }
  }
  if (n > capacity_ && capacity_ < kReservedItems) {
    const size_t items = std::max({n, 2 * capacity_, size_t{1} << 16});
    void* grown = grow_address_space(data_, capacity_ * sizeof(T), items * sizeof(T));
    if (grown == nullptr) throw std::bad_alloc();
    data_ = static_cast<T*>(grown);
    capacity_ = items;
  }
  if (n > capacity_) throw std::bad_alloc();
}
