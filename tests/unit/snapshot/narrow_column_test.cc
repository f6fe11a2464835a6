#include "heapleak/snapshot/narrow_column.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace heapleak {
namespace {

TEST(NarrowColumn, ThreeByteSlotsKeepEveryValueExactly) {
  // Values on both sides of 2^24-1, the 3-byte slot's side-table marker, side by side so a
  // write that spilled into a neighbour would show.
  const std::vector<uint32_t> values = {0,        1,        0xABCDEF,   16777214, 16777215,
                                        16777216, 0x123456, UINT32_MAX, 255,      65536};
  NarrowColumn<uint32_t> column(values.size(), 3);
  for (size_t i = 0; i < values.size(); ++i) column.set(i, values[i]);
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(column[i], values[i]) << i;
  EXPECT_EQ(column.width(), 3u);
  EXPECT_EQ(column.side_table_size(), 3u);  // 2^24-1, 2^24 and 2^32-1

  // Overwriting a side-table value with a small one takes it out of the table, and back.
  std::vector<uint32_t> expected = values;
  expected[4] = 7;
  expected[5] = 16777215;
  column.set(4, expected[4]);
  column.set(5, expected[5]);
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(column[i], expected[i]) << i;
  EXPECT_EQ(column.side_table_size(), 2u);

  std::vector<uint64_t> wide(values.size());
  column.copy_to(std::span<uint64_t>(wide));
  EXPECT_TRUE(std::equal(wide.begin(), wide.end(), expected.begin()));
}

TEST(NarrowColumn, FourByteSlotsHoldSixtyFourBitValues) {
  const std::vector<uint64_t> values = {4294967294, 4294967295, 9007199254740992, 12};
  NarrowColumn<uint64_t> column(values.size());
  for (size_t i = 0; i < values.size(); ++i) column.set(i, values[i]);
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(column[i], values[i]) << i;
  EXPECT_EQ(column.side_table_size(), 2u);
  EXPECT_FALSE(column.side_table_outweighs_width());  // already as wide as slots get
}

// Sums as retained sizes build them: they cross 2^32-1 (the 4-byte slot's marker) into the side
// table and keep growing there.
TEST(NarrowColumn, SumsCrossIntoTheSideTable) {
  NarrowColumn<uint64_t> column(4, 4);
  const std::vector<uint64_t> start = {0, 4294967290, 4294967294, uint64_t{1} << 40};
  for (size_t i = 0; i < start.size(); ++i) column.set(i, start[i]);
  column.add(0, 4294967294);  // just below the marker: stays in the slot
  column.add(1, 5);           // exactly 2^32-1, the marker's value: to the side table
  column.add(2, 10);          // past it
  column.add(3, 1);           // already in the side table
  column.add(1, 1);
  const std::vector<uint64_t> expected = {4294967294, 4294967296, 4294967304,
                                          (uint64_t{1} << 40) + 1};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(column[i], expected[i]) << i;
  EXPECT_EQ(column.side_table_size(), 3u);
}

TEST(NarrowColumn, WidensWhenTheSideTableCostsMoreThanAByteAValue) {
  // An entry costs 32 bytes, so one in 32 values in the side table is the break-even point.
  constexpr size_t kCount = 3200;
  NarrowColumn<uint32_t> column(kCount, 3);
  for (size_t i = 0; i < kCount; ++i) column.set(i, static_cast<uint32_t>(i));
  for (size_t i = 0; i < 100; ++i) column.set(i * 32, static_cast<uint32_t>(20000000 + i));
  EXPECT_FALSE(column.side_table_outweighs_width());  // 100 * 32 bytes == 3200: not more
  column.set(1, 30000000);
  ASSERT_TRUE(column.side_table_outweighs_width());
  const NarrowColumn<uint32_t> wide = column.widened();
  EXPECT_EQ(wide.width(), 4u);
  EXPECT_EQ(wide.side_table_size(), 0u);
  for (size_t i = 0; i < kCount; ++i) ASSERT_EQ(wide[i], column[i]) << i;
  EXPECT_EQ(wide[1], 30000000u);
  EXPECT_EQ(wide[64], 20000002u);
  EXPECT_EQ(wide[65], 65u);
}

}  // namespace
}  // namespace heapleak
