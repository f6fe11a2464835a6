// The WeakMap pair-name rule, checked against the regular expression DevTools uses
// (reference 2.6 rule 1) on names V8 writes and on near misses.
#include "heapleak/analysis/weakmap_edge.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace heapleak {
namespace {

TEST(WeakMapEdgeName, ParsesBothSidesOfAPair) {
  const auto table = parse_weakmap_edge_name(
      "4 / part of key (Key @11) -> value (Val @13) pair in WeakMap (table @9)");
  const auto key = parse_weakmap_edge_name(
      "1 / part of key (Key @11) -> value (Val @13) pair in WeakMap (table @9)");
  ASSERT_TRUE(table && key);
  EXPECT_EQ(table->table_id, 9u);
  EXPECT_EQ(table->pair, key->pair);
  EXPECT_EQ(table->pair, " / part of key (Key @11) -> value (Val @13) pair in WeakMap (table @9)");
}

TEST(WeakMapEdgeName, ClassNamesMayHoldAnyText) {
  // `.*?` in DevTools' pattern: names with spaces, parentheses, "@" and arrows still match.
  const auto p = parse_weakmap_edge_name(
      "12 / part of key (Foo (bar) @x -> value ( @3) -> value (system / Map @77) pair in WeakMap "
      "(table @123456)");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->table_id, 123456u);
}

TEST(WeakMapEdgeName, RejectsNearMisses) {
  for (const char* name :
       {"map", "", "4", " / part of key (K @1) -> value (V @2) pair in WeakMap (table @9)",
        "4 / part of key (K @1) -> value (V @2) pair in WeakMap (table @)",
        "4 / part of key (K @1) -> value (V @2) pair in WeakMap (table @9) ",
        "4 / part of key (K 1) -> value (V @2) pair in WeakMap (table @9)",
        "4 / part of key (K @1) -> value (V @) pair in WeakMap (table @9)",
        "4 / part of key (K @1) => value (V @2) pair in WeakMap (table @9)",
        "4 / part of key (K\n@1) -> value (V @2) pair in WeakMap (table @9)",  // `.` skips \n
        "x4 / part of key (K @1) -> value (V @2) pair in WeakMap (table @9)"}) {
    EXPECT_FALSE(parse_weakmap_edge_name(name)) << name;
  }
}

TEST(NumberEqualTexts, EqualTextsShareANumberThroughHashCollisions) {
  const std::vector<std::string_view> texts = {"b", "a", "b", "c", "a", "d", "c", "e"};
  const auto text = [&](uint32_t i) { return texts[i]; };
  // Every hash equal: the numbering rests on the texts alone.
  const auto colliding = detail::number_equal_texts(std::vector<size_t>(8, 5), text);
  // Hashes in an order unlike the texts', d and e colliding.
  const auto honest = detail::number_equal_texts({9, 3, 9, 1, 3, 7, 1, 7}, text);
  for (const auto& numbers : {colliding, honest}) {
    ASSERT_EQ(numbers.size(), texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
      EXPECT_LT(numbers[i], 5u);
      for (size_t j = 0; j < texts.size(); ++j) {
        EXPECT_EQ(numbers[i] == numbers[j], texts[i] == texts[j]) << i << " " << j;
      }
    }
  }
  EXPECT_TRUE(detail::number_equal_texts({}, text).empty());
}

}  // namespace
}  // namespace heapleak
