// A column of unsigned values in fewer bytes than their type: 3 or 4 bytes per value, with the
// rare values that do not fit kept exactly in a side table.
//
// The big per-edge and per-node columns hold values that almost always fit a narrower width
// (edge names are string ids or element indices, and a 660 MB snapshot has 1.4 M strings; self
// sizes are far below 4 GB), while the format allows up to 2^32-1 or 2^53. Narrow slots keep the
// common case small; a slot holding the width's all-ones pattern says "look in the side table".
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <unordered_map>

#include "heapleak/core/pod_array.h"

namespace heapleak {

template <typename Value>
class NarrowColumn {
 public:
  NarrowColumn() = default;
  // `width` is 3 or 4 bytes per value.
  explicit NarrowColumn(size_t count, unsigned width = 4)
      : bytes_(count * width + kPadding),
        count_(count),
        width_(width),
        in_side_table_(width >= 4 ? UINT32_MAX : (uint32_t{1} << (8 * width)) - 1) {
    bytes_[count * width] = 0;  // read (and masked off) with the last slot
  }

  size_t size() const { return count_; }
  unsigned width() const { return width_; }
  Value operator[](size_t i) const {
    const uint32_t v = slot(i);
    return v != in_side_table_ ? v : large_.at(static_cast<uint32_t>(i));
  }
  void set(size_t i, Value v) {
    if (v < in_side_table_) {
      if (slot(i) == in_side_table_) large_.erase(static_cast<uint32_t>(i));
      writer().put(i, static_cast<uint32_t>(v));
    } else {
      writer().put(i, in_side_table_);
      large_[static_cast<uint32_t>(i)] = v;
    }
  }
  // All values into `out` (size() entries).
  template <typename Wide>
  void copy_to(std::span<Wide> out) const {
    for (size_t i = 0; i < count_; ++i) out[i] = slot(i);
    for (const auto& [i, v] : large_) out[i] = v;
  }
  // Where value i's slot is, to prefetch it.
  const void* slot_address(size_t i) const { return bytes_.data() + i * width_; }
  // Adds `v` to value i; the sum moves to the side table once it stops fitting.
  void add(size_t i, Value v) {
    const uint32_t s = slot(i);
    if (s != in_side_table_ && v < in_side_table_ - s) {
      writer().put(i, s + static_cast<uint32_t>(v));
    } else {
      set(i, (*this)[i] + v);
    }
  }
  size_t side_table_size() const { return large_.size(); }
  size_t memory_bytes() const { return bytes_.memory_bytes() + large_.size() * kSideEntryBytes; }

  // The same values four bytes wide, for when so many are in the side table that it costs more
  // than the byte per value that widening adds.
  bool side_table_outweighs_width() const {
    return width_ < 4 && large_.size() * kSideEntryBytes > count_;
  }
  NarrowColumn widened() const {
    NarrowColumn wide(count_, 4);
    for (size_t i = 0; i < count_; ++i) wide.set(i, (*this)[i]);
    return wide;
  }

  // Loader interface: worker threads fill disjoint slots through a Writer, marking the values
  // that do not fit (!fits) with in_side_table and handing those over with adopt_large() once
  // all are parsed. A slot is written byte-exactly, so neighbours may be written concurrently.
  class Writer {
   public:
    Writer() = default;
    bool fits(uint64_t v) const { return v < in_side_table; }
    void put(size_t i, uint32_t v) const {
      if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
      if (width == 3) {
        std::memcpy(bytes + i * 3, &v, 3);
      } else {
        std::memcpy(bytes + i * 4, &v, 4);
      }
    }
    uint8_t* bytes = nullptr;
    unsigned width = 4;
    uint32_t in_side_table = UINT32_MAX;
  };
  Writer writer() {
    Writer w;
    w.bytes = bytes_.data();
    w.width = width_;
    w.in_side_table = in_side_table_;
    return w;
  }
  void adopt_large(std::unordered_map<uint32_t, Value> large) { large_ = std::move(large); }

 private:
  // A slot is read with one 4-byte load (masked to the width), so the last needs a byte after it.
  static constexpr size_t kPadding = 1;
  // What one side-table entry costs: the key, the value, the node's link and its bucket.
  static constexpr size_t kSideEntryBytes = 32;

  uint32_t slot(size_t i) const {
    uint32_t v;
    std::memcpy(&v, bytes_.data() + i * width_, 4);
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap32(v);
    return v & in_side_table_;
  }

  PodArray<uint8_t> bytes_;
  size_t count_ = 0;
  unsigned width_ = 4;
  uint32_t in_side_table_ = UINT32_MAX;
  std::unordered_map<uint32_t, Value> large_;
};

}  // namespace heapleak
