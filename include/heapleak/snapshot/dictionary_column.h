// A column that few values dominate (edge names, node names, node classes, self sizes), kept as
// one byte per entry for the 255 most common values rather than three or four bytes each.
//
// A V8 heap names most of its edges with a few property and internal names ("map", "properties",
// "elements", "__proto__", small indices...), most of its nodes with a few class and internal
// names, and puts them in few classes: in the bench file the dictionary compact() picks from a
// sample gives a byte to 90 % of its 26 M edge names (74 -> 39 MiB), 82 % of its 8 M node names
// and all its node classes (165) and self sizes (1,856 distinct sizes, the 255 commonest cover
// all but a few thousand of 8 M nodes). An entry's byte picks a value from that dictionary, or says
// "escaped": escaped values are listed in column order, and a bitmap of escaped entries with a
// running count per 64 entries gives an escaped entry its place there.
//
// The owner fills the plain form (plain(): a NarrowColumn for edge names and self sizes, a
// PodArray otherwise) and compact()s it once complete; values that are not shared like that stay
// plain. Values are those of the plain form (64-bit for self sizes); only values below 2^20 can
// take a byte, any other is escaped.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <utility>

#include "heapleak/core/pod_array.h"
#include "heapleak/snapshot/indices.h"
#include "heapleak/snapshot/narrow_column.h"

namespace heapleak {

template <typename Plain>
class DictionaryColumn {
 public:
  using Value = std::remove_cvref_t<decltype(std::declval<const Plain&>()[0])>;

  DictionaryColumn() = default;
  explicit DictionaryColumn(Plain plain) : plain_(std::move(plain)) {}

  size_t size() const { return compacted() ? codes_.size() : plain_.size(); }
  Value operator[](size_t i) const {
    if (!compacted()) return plain_[i];
    const uint8_t code = codes_[i];
    if (code != kEscaped) return dictionary_[code];
    const uint64_t earlier_in_block =
        escaped_bits_[i / kBlock] & ((uint64_t{1} << (i % kBlock)) - 1);
    return escaped_[escaped_before_[i / kBlock] + std::popcount(earlier_in_block)];
  }

  // Where entry i is kept (its byte once compacted), to fetch it ahead of a read.
  const void* slot_address(size_t i) const {
    if (compacted()) return codes_.data() + i;
    if constexpr (requires { plain_.slot_address(i); }) {
      return plain_.slot_address(i);
    } else {
      return plain_.data() + i;
    }
  }
  // The plain values, for the owner to fill (and widen) before compact().
  Plain& plain() { return plain_; }
  const Plain& plain() const { return plain_; }
  // Switches to the dictionary form where it takes at most 3/4 of the plain form's memory,
  // encoding on up to two threads.
  void compact(unsigned threads = 1);
  // Back to the plain form, for an owner that has to change values after compact().
  void expand();
  bool compacted() const { return !codes_.empty(); }
  size_t escaped_count() const { return escaped_.size(); }
  size_t memory_bytes() const {
    return plain_.memory_bytes() + codes_.memory_bytes() + escaped_bits_.memory_bytes() +
           escaped_before_.memory_bytes() + escaped_.memory_bytes();
  }

 private:
  static constexpr uint8_t kEscaped = 255;
  static constexpr size_t kBlock = 64;

  Plain plain_;
  PodArray<uint8_t> codes_;
  std::array<uint32_t, kEscaped> dictionary_{};
  PodArray<uint64_t> escaped_bits_;    // per 64 entries: which are escaped
  PodArray<uint32_t> escaped_before_;  // per 64 entries: escaped entries before the block
  GrowableArray<Value> escaped_;       // the escaped values, in column order
};

// StringId, or a number for element/hidden edges.
using EdgeNames = DictionaryColumn<NarrowColumn<uint32_t>>;
using NodeNames = DictionaryColumn<PodArray<StringId>>;

extern template class DictionaryColumn<NarrowColumn<uint32_t>>;
extern template class DictionaryColumn<PodArray<StringId>>;
extern template class DictionaryColumn<NarrowColumn<uint64_t>>;

}  // namespace heapleak
