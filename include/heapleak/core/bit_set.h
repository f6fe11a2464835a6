// A fixed-size set of bits over 0..size-1 (edge or node flags): one bit per item keeps
// per-edge flags at 3 MB for 26 M edges.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>

#include "heapleak/core/pod_array.h"

namespace heapleak {

class BitSet {
 public:
  BitSet() = default;
  explicit BitSet(size_t size) : words_((size + 63) / 64), size_(size) {
    if (!words_.empty()) std::memset(words_.data(), 0, words_.memory_bytes());
  }

  size_t size() const { return size_; }
  bool test(size_t i) const { return (words_[i >> 6] >> (i & 63)) & 1; }
  void set(size_t i) { words_[i >> 6] |= uint64_t{1} << (i & 63); }
  void reset(size_t i) { words_[i >> 6] &= ~(uint64_t{1} << (i & 63)); }
  size_t memory_bytes() const { return words_.memory_bytes(); }
  // Where bit i lives, for prefetching ahead of a test.
  const uint64_t* word_containing(size_t i) const { return &words_[i >> 6]; }
  // The first bit at or after i that is set (or, with `value` false, clear), or size() when
  // there is none; a word at a time, so long runs of the other value cost little.
  size_t find_next(size_t i, bool value = true) const {
    if (i >= size_) return size_;
    const uint64_t flip = value ? 0 : ~uint64_t{0};
    size_t w = i >> 6;
    uint64_t bits = (words_[w] ^ flip) & (~uint64_t{0} << (i & 63));
    while (bits == 0) {
      if (++w == words_.size()) return size_;
      bits = words_[w] ^ flip;
    }
    // The clear bits past size() in the last word read as set when looking for clear ones.
    return std::min(size_, (w << 6) + static_cast<size_t>(std::countr_zero(bits)));
  }

 private:
  PodArray<uint64_t> words_;
  size_t size_ = 0;
};

}  // namespace heapleak
