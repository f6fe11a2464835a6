// DevTools' distances in two bytes a node instead of four.
//
// A distance is a count of steps from where its BFS started: 0 (the root or a user root's
// parent), or kBaseSystemDistance for what only the system holds. The top bit says which, the
// low 15 bits hold the count; all ones means not reached. Counts from 32766 up (a chain that long
// from the roots) keep their exact distance in a side table.
#pragma once

#include <cstdint>
#include <unordered_map>

#include "heapleak/core/pod_array.h"
#include "heapleak/snapshot/indices.h"

namespace heapleak {

inline constexpr int32_t kNoDistance = -5;
inline constexpr int32_t kBaseSystemDistance = 100000000;

class DistanceColumn {
 public:
  DistanceColumn() = default;
  // `count` nodes, none reached.
  explicit DistanceColumn(size_t count);

  size_t size() const { return codes_.size(); }
  bool reached(NodeOrdinal n) const { return codes_[n] != kUnreached; }
  int32_t operator[](NodeOrdinal n) const {
    const uint16_t code = codes_[n];
    if (code == kUnreached) return kNoDistance;
    const uint16_t steps = code & kStepsMask;
    if (steps == kInSideTable) return large_.at(n);
    return ((code & kSystemBit) != 0 ? kBaseSystemDistance : 0) + steps;
  }
  void set(NodeOrdinal n, int32_t distance) {
    const bool system = distance >= kBaseSystemDistance;
    const int64_t steps = int64_t{distance} - (system ? kBaseSystemDistance : 0);
    if (steps >= 0 && steps < kInSideTable && !in_side_table(n)) {
      codes_[n] = static_cast<uint16_t>((system ? kSystemBit : 0) | steps);
    } else {
      set_rarely(n, distance);
    }
  }

 private:
  bool in_side_table(NodeOrdinal n) const {
    return codes_[n] != kUnreached && (codes_[n] & kStepsMask) == kInSideTable;
  }
  // kNoDistance, a distance kept in the side table, or one replacing such.
  void set_rarely(NodeOrdinal n, int32_t distance);

  static constexpr uint16_t kUnreached = 0xFFFF;
  static constexpr uint16_t kSystemBit = 0x8000;
  static constexpr uint16_t kStepsMask = 0x7FFF;
  static constexpr uint16_t kInSideTable = 0x7FFE;  // below kStepsMask: never kUnreached

  PodArray<uint16_t> codes_;
  std::unordered_map<NodeOrdinal, int32_t> large_;
};

}  // namespace heapleak
