// Stable LSD radix sort on an unsigned key of at most `key_bits` bits, 16 bits per pass:
// linear, for the arrays V8 writes in traversal order (node ids, locations) that need ordering
// by another field. `scratch` must have room for as many items.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace heapleak {

template <typename T, typename KeyOf>
void radix_sort(std::span<T> items, std::span<T> scratch, unsigned key_bits, KeyOf key_of) {
  constexpr unsigned kDigitBits = 16;
  constexpr size_t kBuckets = size_t{1} << kDigitBits;
  std::vector<size_t> offsets(kBuckets);
  std::span<T> from = items;
  std::span<T> to = scratch.first(items.size());
  for (unsigned shift = 0; shift < key_bits; shift += kDigitBits) {
    std::fill(offsets.begin(), offsets.end(), 0);
    for (const T& item : from) ++offsets[(key_of(item) >> shift) & (kBuckets - 1)];
    size_t sum = 0;
    for (size_t& o : offsets) sum += std::exchange(o, sum);
    for (const T& item : from) to[offsets[(key_of(item) >> shift) & (kBuckets - 1)]++] = item;
    std::swap(from, to);
  }
  if (from.data() != items.data()) std::copy(from.begin(), from.end(), items.begin());
}

}  // namespace heapleak
