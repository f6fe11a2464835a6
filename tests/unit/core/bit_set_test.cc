#include "heapleak/core/bit_set.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <vector>

namespace heapleak {
namespace {

// find_next against a scan bit by bit, on sets of sizes around whole words, sparse, dense and
// full, from every start (and past the end).
TEST(BitSet, FindNextAgreesWithABitByBitScan) {
  std::mt19937 rng(11);
  for (const size_t size :
       {size_t{0}, size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{200}, size_t{1000}}) {
    for (const unsigned percent_set : {0u, 3u, 50u, 97u, 100u}) {
      BitSet bits(size);
      std::vector<bool> expected(size);
      for (size_t i = 0; i < size; ++i) {
        expected[i] = rng() % 100 < percent_set;
        if (expected[i]) bits.set(i);
      }
      for (const bool value : {true, false}) {
        for (size_t from = 0; from <= size + 1; ++from) {
          size_t want = from;
          while (want < size && expected[want] != value) ++want;
          if (want > size) want = size;
          EXPECT_EQ(bits.find_next(from, value), want)
              << "size " << size << ", " << percent_set << "% set, looking for "
              << (value ? "set" : "clear") << " from " << from;
        }
      }
    }
  }
}

}  // namespace
}  // namespace heapleak
