#include "heapleak/analysis/distance_column.h"

#include <algorithm>

namespace heapleak {

DistanceColumn::DistanceColumn(size_t count) : codes_(count) {
  std::fill(codes_.begin(), codes_.end(), kUnreached);
}

void DistanceColumn::set_rarely(NodeOrdinal n, int32_t distance) {
  large_.erase(n);
  if (distance == kNoDistance) {
    codes_[n] = kUnreached;
    return;
  }
  const bool system = distance >= kBaseSystemDistance;
  const int64_t steps = int64_t{distance} - (system ? kBaseSystemDistance : 0);
  if (steps < 0 || steps >= kInSideTable) {
    codes_[n] = (system ? kSystemBit : 0) | kInSideTable;
    large_[n] = distance;
    return;
  }
  codes_[n] = static_cast<uint16_t>((system ? kSystemBit : 0) | steps);
}

}  // namespace heapleak
