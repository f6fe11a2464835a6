#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>

#include "snapshot/number_array.h"

namespace heapleak::detail {
namespace {

size_t count_one_by_one(const std::string& text, char c) {
  size_t n = 0;
  for (const char x : text) n += x == c;
  return n;
}

// Lengths around the 64-byte steps and the 255-step flush of the byte-wide counters, text of
// nothing but the byte (every counter at its limit) and random text, from unaligned starts.
TEST(CountByte, AgreesWithCountingOneByOne) {
  std::mt19937 rng(5);
  for (const size_t length :
       {size_t{0}, size_t{1}, size_t{63}, size_t{64}, size_t{65}, size_t{255 * 64 - 1},
        size_t{255 * 64}, size_t{255 * 64 + 1}, size_t{3 * 255 * 64 + 17}, size_t{100000}}) {
    const std::string commas(length, ',');
    EXPECT_EQ(count_byte(commas.data(), commas.size(), ','), length);
    std::string mixed(length, '0');
    for (char& x : mixed) x = ",0123456789]"[rng() % 12];
    for (const size_t offset : {size_t{0}, size_t{1}, size_t{7}}) {
      if (offset > length) continue;
      EXPECT_EQ(count_byte(mixed.data() + offset, length - offset, ','),
                count_one_by_one(mixed.substr(offset), ','))
          << "length " << length << ", offset " << offset;
    }
  }
}

}  // namespace
}  // namespace heapleak::detail
