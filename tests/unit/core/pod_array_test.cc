// Large PodArrays reuse the pages of freed ones: a reused block must be fully usable, keep
// nothing of a live block, and be released cleanly when trimmed or dropped. Discarding gives
// back exactly the pages the range rounds to.
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

TEST(PodArray, DiscardZeroesThePagesOfTheRangeAndNothingElse) {
  const size_t page = 4096 / sizeof(uint32_t);  // items per page (4 KiB pages assumed)
  PodArray<uint32_t> a(2 * kMiB + 10);          // 8 MB and a bit: page-backed
  // Consumed from the end in two steps, as the dominator pass does; the second range ends
  // where the first began, mid-page.
  const size_t first = a.size() - 3 * page - 17;
  const size_t second = first - 5 * page - 100;
  fill(a, 3);
  a.discard(first, a.size());
  a.discard(second, first);
  // Both ends rounded up to a page: the page holding `second` survives, everything from the
  // next page on is zero, including the page that was split between the two calls.
  const size_t kept_end = (second + page - 1) / page * page;
  for (size_t i = 0; i < a.size(); ++i) {
    const uint32_t expected = i < kept_end ? 3 + static_cast<uint32_t>(i) : 0;
    if (a[i] != expected) {
      ADD_FAILURE() << "item " << i << " is " << a[i] << ", expected " << expected;
      break;
    }
  }
  // The zeroed pages stay usable.
  a[a.size() - 1] = 42;
  EXPECT_EQ(a[a.size() - 1], 42u);
}

TEST(PodArray, DiscardLeavesSmallArraysAlone) {
  PodArray<uint32_t> small(1000);  // from the heap, no pages of its own
  fill(small, 5);
  small.discard(0, small.size());
  EXPECT_TRUE(holds(small, 5));
}

}  // namespace
}  // namespace heapleak
