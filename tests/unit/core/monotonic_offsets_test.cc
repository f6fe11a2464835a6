#include "heapleak/core/monotonic_offsets.h"

#include <gtest/gtest.h>

namespace heapleak {
namespace {

constexpr uint64_t k4G = uint64_t{1} << 32;

TEST(MonotonicOffsets, OffsetsBelowFourGiBReadBack) {
  MonotonicOffsets offsets;
  const std::vector<uint64_t> values = {0, 0, 7, 1000, k4G - 1};
  for (uint64_t v : values) offsets.push_back(v);
  ASSERT_EQ(offsets.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(offsets[i], values[i]) << i;
}

// Past 4 GiB the low bits start again from small numbers; a single step can also pass several
// multiples of 4 GiB at once (a string longer than 4 GiB), or land exactly on one.
TEST(MonotonicOffsets, OffsetsPastFourGiBKeepTheirHighBits) {
  MonotonicOffsets offsets;
  const std::vector<uint64_t> values = {0,           5,       k4G - 1,     k4G,
                                        k4G,         k4G + 3, 2 * k4G - 1, 5 * k4G + 9,
                                        5 * k4G + 9, 6 * k4G, 6 * k4G + 1};
  for (uint64_t v : values) offsets.push_back(v);
  ASSERT_EQ(offsets.size(), values.size());
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(offsets[i], values[i]) << i;
}

}  // namespace
}  // namespace heapleak
