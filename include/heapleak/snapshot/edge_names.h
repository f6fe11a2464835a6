// Edge names (string ids, or the indices of element and hidden edges), kept as one byte per edge
// for the 255 names most edges share rather than three bytes each.
//
// A V8 heap names most of its edges with a few property and internal names ("map", "properties",
// "elements", "__proto__", small indices...): in the bench file the 255 most common of 574 k
// distinct names cover 94 % of its 26 M edges, and the dictionary compact() picks from a sample
// gives 90 % of them a byte (74 -> 39 MiB). An edge's byte picks a name from that dictionary, or
// says "escaped": escaped names are listed in edge order, and a bitmap of escaped edges with a
// running count per 64 edges gives an escaped edge its place in the list.
//
// The loader fills the names plainly (plain(), a NarrowColumn) and compact()s them once they
// are validated; names that are not shared like that stay plain.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

#include "heapleak/core/pod_array.h"
#include "heapleak/snapshot/narrow_column.h"

namespace heapleak {

class EdgeNames {
 public:
  EdgeNames() = default;
  explicit EdgeNames(NarrowColumn<uint32_t> plain) : plain_(std::move(plain)) {}

  size_t size() const { return compacted() ? codes_.size() : plain_.size(); }
  uint32_t operator[](size_t e) const {
    if (!compacted()) return plain_[e];
    const uint8_t code = codes_[e];
    if (code != kEscaped) return dictionary_[code];
    const uint64_t earlier_in_block =
        escaped_bits_[e / kBlock] & ((uint64_t{1} << (e % kBlock)) - 1);
    return escaped_[escaped_before_[e / kBlock] + std::popcount(earlier_in_block)];
  }

  // The plain names, for the loader to fill (and widen) before compact().
  NarrowColumn<uint32_t>& plain() { return plain_; }
  const NarrowColumn<uint32_t>& plain() const { return plain_; }
  // Switches to the dictionary form where it takes at most 3/4 of the plain form's memory,
  // encoding on up to two threads.
  void compact(unsigned threads = 1);
  bool compacted() const { return !codes_.empty(); }
  size_t escaped_count() const { return escaped_.size(); }
  size_t memory_bytes() const;

 private:
  static constexpr uint8_t kEscaped = 255;
  static constexpr size_t kBlock = 64;

  NarrowColumn<uint32_t> plain_;
  PodArray<uint8_t> codes_;
  std::array<uint32_t, kEscaped> dictionary_{};
  PodArray<uint64_t> escaped_bits_;    // per 64 edges: which are escaped
  PodArray<uint32_t> escaped_before_;  // per 64 edges: escaped edges before the block
  GrowableArray<uint32_t> escaped_;    // the escaped names, in edge order
};

}  // namespace heapleak
