// Large PodArrays reuse the pages of freed ones: a reused block must be fully usable, keep
// nothing of a live block, and be released cleanly when trimmed or dropped.
#include "heapleak/core/pod_array.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace heapleak {
namespace {

constexpr size_t kMiB = size_t{1} << 20;

void fill(PodArray<uint32_t>& a, uint32_t seed) {
  for (size_t i = 0; i < a.size(); ++i) a[i] = seed + static_cast<uint32_t>(i);
}
bool holds(const PodArray<uint32_t>& a, uint32_t seed) {
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != seed + static_cast<uint32_t>(i)) return false;
  }
  return true;
}

TEST(PodArray, ReusedBlocksAreWholeAndLeaveLiveOnesAlone) {
  PodArray<uint32_t> live(3 * kMiB / 4 + 5);  // a little over 3 MB
  fill(live, 7);
  {
    PodArray<uint32_t> gone(2 * kMiB);  // 8 MB, freed into the pool
    fill(gone, 1);
  }
  // Smaller (reuses the 8 MB block, its tail unmapped), then larger than anything pooled.
  PodArray<uint32_t> smaller(kMiB + 3);
  fill(smaller, 11);
  PodArray<uint32_t> larger(4 * kMiB);
  fill(larger, 13);
  EXPECT_TRUE(holds(live, 7));
  EXPECT_TRUE(holds(smaller, 11));
  EXPECT_TRUE(holds(larger, 13));
}

TEST(PodArray, ManyBlocksOfMixedSizesStayIntact) {
  std::vector<PodArray<uint32_t>> arrays;
  for (uint32_t round = 0; round < 40; ++round) {
    const size_t size = (1 + round % 7) * kMiB / 2 + round;
    arrays.emplace_back(size);
    fill(arrays.back(), round);
    if (round % 3 == 2) arrays.erase(arrays.begin() + round % arrays.size());
  }
  for (const auto& a : arrays) {
    ASSERT_GE(a.size(), kMiB / 2);
    EXPECT_TRUE(holds(a, a[0]));
  }
}

}  // namespace
}  // namespace heapleak
