// Non-decreasing 64-bit offsets (into an arena of any size) at four bytes each.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "heapleak/core/pod_array.h"

namespace heapleak {

// Only the low 32 bits are stored; the few places where the high bits grow (once per 4 GiB of
// arena) are listed apart, and most arenas never reach one.
class MonotonicOffsets {
 public:
  size_t size() const { return low_.size(); }
  uint64_t operator[](size_t i) const {
    if (crossings_.empty()) return low_[i];
    const auto high =
        std::upper_bound(crossings_.begin(), crossings_.end(), i) - crossings_.begin();
    return static_cast<uint64_t>(high) << 32 | low_[i];
  }
  // `offset` must be at least the last one pushed.
  void push_back(uint64_t offset) {
    while ((offset >> 32) > crossings_.size()) crossings_.push_back(low_.size());
    low_.push_back(static_cast<uint32_t>(offset));
  }
  size_t memory_bytes() const {
    return low_.memory_bytes() + crossings_.capacity() * sizeof(size_t);
  }

 private:
  GrowableArray<uint32_t> low_;
  std::vector<size_t> crossings_;  // [h]: the first entry at least (h + 1) * 4 GiB
};

}  // namespace heapleak
