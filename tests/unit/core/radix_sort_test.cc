#include "heapleak/core/radix_sort.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace heapleak {
namespace {

struct Item {
  uint64_t key;
  uint32_t arrival;  // tells whether equal keys kept their order
  bool operator==(const Item&) const = default;
};

// std::stable_sort is the independent reference.
std::vector<Item> reference_sorted(std::vector<Item> items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.key < b.key; });
  return items;
}

std::vector<Item> random_items(size_t count, uint64_t key_limit, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<uint64_t> key(0, key_limit - 1);
  std::vector<Item> items(count);
  for (uint32_t i = 0; i < count; ++i) items[i] = {key(rng), i};
  return items;
}

void expect_sorts_like_stable_sort(std::vector<Item> items, unsigned key_bits) {
  const std::vector<Item> expected = reference_sorted(items);
  std::vector<Item> scratch(items.size());
  radix_sort(std::span(items), std::span(scratch), key_bits,
             [](const Item& item) { return item.key; });
  EXPECT_EQ(items, expected) << key_bits << "-bit keys";
}

TEST(RadixSort, TwoPassKeysWithManyDuplicatesStayStable) {
  expect_sorts_like_stable_sort(random_items(100000, uint64_t{1} << 28, 1), 28);
  expect_sorts_like_stable_sort(random_items(100000, 50, 2), 28);  // long runs of equal keys
}

TEST(RadixSort, OddPassCountEndsInTheCallersArray) {
  // Three 16-bit passes leave the data in the scratch array; it must be copied back.
  expect_sorts_like_stable_sort(random_items(50000, uint64_t{1} << 40, 3), 40);
}

TEST(RadixSort, SinglePassAndTrivialInputs) {
  expect_sorts_like_stable_sort(random_items(1000, 1000, 4), 16);
  expect_sorts_like_stable_sort({}, 28);
  expect_sorts_like_stable_sort({{7, 0}}, 28);
  std::vector<Item> descending;
  for (uint32_t i = 0; i < 1000; ++i) descending.push_back({1000 - i, i});
  expect_sorts_like_stable_sort(descending, 28);
}

}  // namespace
}  // namespace heapleak
