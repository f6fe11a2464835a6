#include "heapleak/analysis/distance_column.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace heapleak {
namespace {

// Values around each edge of the two-byte form, side by side so a slot written into its
// neighbour would show: counts up to 32765 fit, from 32766 up they go to the side table, on
// either base; kNoDistance and values no BFS makes still read back exactly.
TEST(DistanceColumn, EveryDistanceReadsBackExactly) {
  const std::vector<int32_t> values = {
      0,
      1,
      32765,
      32766,
      32767,
      40000,
      kBaseSystemDistance,
      kBaseSystemDistance + 1,
      kBaseSystemDistance + 32765,
      kBaseSystemDistance + 32766,
      kBaseSystemDistance + 1000000,
      kNoDistance,
      -1,
      kBaseSystemDistance - 1,
      INT32_MAX,
  };
  DistanceColumn column(values.size() + 1);
  for (NodeOrdinal n = 0; n < column.size(); ++n) {
    EXPECT_FALSE(column.reached(n));
    EXPECT_EQ(column[n], kNoDistance);
  }
  for (NodeOrdinal n = 0; n < values.size(); ++n) column.set(n, values[n]);
  for (NodeOrdinal n = 0; n < values.size(); ++n) {
    EXPECT_EQ(column[n], values[n]) << n;
    EXPECT_EQ(column.reached(n), values[n] != kNoDistance) << n;
  }
  EXPECT_EQ(column[values.size()], kNoDistance);

  // Values moving out of the side table and into it again.
  column.set(3, 7);
  column.set(0, kBaseSystemDistance + 40000);
  column.set(9, kNoDistance);
  EXPECT_EQ(column[3], 7);
  EXPECT_EQ(column[0], kBaseSystemDistance + 40000);
  EXPECT_EQ(column[9], kNoDistance);
  EXPECT_FALSE(column.reached(9));
  EXPECT_EQ(column[4], 32767);
}

}  // namespace
}  // namespace heapleak
