// The WeakMap pair-name rule, checked against the regular expression DevTools uses
// (reference 2.6 rule 1) on names V8 writes and on near misses.
#include "heapleak/analysis/weakmap_edge.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace heapleak
