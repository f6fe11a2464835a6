// Class names per the reference's tables (5.1, 5.5) and DevTools' naming rules.
#include "heapleak/analysis/class_names.h"

#include <gtest/gtest.h>

#include "heapleak/snapshot/load.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

Snapshot load(const std::string& name) { return testing::load_fixture(name); }

std::vector<std::string> class_names_of(const Snapshot& s) {
  const ClassNames c = ClassNames::compute(s, Detachedness::compute(s));
  std::vector<std::string> out;
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) out.push_back(c.name(c.class_of(i)));
  return out;
}

TEST(ClassNames, CaseATable) {
  const std::vector<std::string> expected = {"(synthetic)",
                                             "(synthetic)",
                                             "(synthetic)",
                                             "Window / https://a.test",
                                             "App",
                                             "{a, b}",
                                             "{a, b}",
                                             "(string)",
                                             "Function",
                                             "system / Context",
                                             "Array",
                                             "(array)",
                                             "Detached HTMLDivElement",
                                             "Detached Text",
                                             "Cache"};
  EXPECT_EQ(class_names_of(load("tiny/case1.heapsnapshot")), expected);
}

TEST(ClassNames, CaseDTagCuttingAndDetachedTags) {
  const auto names = class_names_of(load("tiny/case5.heapsnapshot"));
  EXPECT_EQ(names[3], "(synthetic)");
  EXPECT_EQ(names[4], "HTMLDocument");
  EXPECT_EQ(names[5], "<div>");
  EXPECT_EQ(names[6], "Wrapper");
  EXPECT_EQ(names[7], "Detached <span>");
  EXPECT_EQ(names[8], "Text");
}

TEST(ClassNames, LocatedObjectsGetALocationKey) {
  std::string text = testing::read_file(testing::fixture_path("tiny/case1.heapsnapshot"));
  const std::string from = "\"locations\":[]";
  text.replace(text.find(from), from.size(), "\"locations\":[28,3,10,4,56,3,1,2]");
  auto r = load_snapshot(testing::write_temp("loc-class.heapsnapshot", text));
  ASSERT_TRUE(r.ok());
  const Snapshot& s = r->snapshot;
  const ClassNames c = ClassNames::compute(s, Detachedness::compute(s));
  EXPECT_EQ(c.class_key(s, 4), "3,10,4,App");
  EXPECT_EQ(c.class_key(s, 8), ",Function");  // closures are never split by location
  EXPECT_EQ(c.class_key(s, 3), ",Window / https://a.test");
}

TEST(ClassNames, FormatPropertyNameQuotesOnlyTheFiveCharacters) {
  EXPECT_EQ(ClassNames::format_property_name("plain name"), "plain name");
  EXPECT_EQ(ClassNames::format_property_name("a,b"), "\"a,b\"");
  EXPECT_EQ(ClassNames::format_property_name("it's"), "\"it's\"");
  EXPECT_EQ(ClassNames::format_property_name("{x}"), "\"{x}\"");
  EXPECT_EQ(ClassNames::format_property_name("q\"\\"), "\"q\\\"\\\\\"");
  EXPECT_EQ(ClassNames::format_property_name("back\\slash"), "back\\slash");
}

TEST(ClassNames, Utf16LengthCountsSurrogatePairsTwice) {
  EXPECT_EQ(ClassNames::utf16_length("abc"), 3u);
  EXPECT_EQ(ClassNames::utf16_length("\xC3\xA9"), 1u);          // é
  EXPECT_EQ(ClassNames::utf16_length("\xE2\x82\xAC"), 1u);      // €
  EXPECT_EQ(ClassNames::utf16_length("\xF0\x9F\x98\x80"), 2u);  // 😀
}

TEST(ClassNames, NodeFixtureInfersTheSharedShape) {
  // gen-node.js plants 50 plain objects {id, label}.
  const Snapshot s = load("node/plain.heapsnapshot.gz");
  const ClassNames c = ClassNames::compute(s, Detachedness::compute(s));
  const auto& defs = c.interface_definitions();
  const auto it =
      std::find_if(defs.begin(), defs.end(), [](const auto& d) { return d.name == "{id, label}"; });
  ASSERT_NE(it, defs.end());
  EXPECT_GE(it->count, 50u);
}

}  // namespace
}  // namespace heapleak
