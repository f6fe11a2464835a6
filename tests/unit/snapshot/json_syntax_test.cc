// Where a refused header stops being JSON: each case's offset is counted by hand.
#include "snapshot/json_syntax.h"

#include <gtest/gtest.h>

#include <string>

namespace heapleak::detail {
namespace {

constexpr size_t kSound = std::string_view::npos;

TEST(JsonSyntax, SoundTextsHaveNoErrorOffset) {
  for (const std::string_view text :
       {R"({"meta":{"node_fields":["type","name"],"x":[]},"node_count":2})", "[]", "{}", " 0 ",
        "-0.5e+3", R"(["\u00e9\n\"", true, false, null, {"a":{}}])", "[[[[1]]],[2]]"}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(json_syntax_error_at(text), kSound);
  }
}

TEST(JsonSyntax, NamesTheFirstByteThatIsNotJson) {
  EXPECT_EQ(json_syntax_error_at(R"({"node_count":2,,"edge_count":1})"), 16u);  // second ','
  EXPECT_EQ(json_syntax_error_at(R"({"a":[1,2,]})"), 10u);                      // ']' after ','
  EXPECT_EQ(json_syntax_error_at(R"({"a" 1})"), 5u);                            // no ':'
  EXPECT_EQ(json_syntax_error_at(R"({"a":1 "b":2})"), 7u);                      // no ','
  EXPECT_EQ(json_syntax_error_at(R"({a:1})"), 1u);                              // bare key
  EXPECT_EQ(json_syntax_error_at(R"({"a":tru})"), 5u);                          // the word's start
  EXPECT_EQ(json_syntax_error_at(R"({"a":01})"), 6u);                           // leading zero
  EXPECT_EQ(json_syntax_error_at(R"({"a":1.})"), 7u);                           // no fraction
  EXPECT_EQ(json_syntax_error_at(R"({"a":"x\q"})"), 8u);                        // bad escape
  EXPECT_EQ(json_syntax_error_at(R"({"a":"\u12g4"})"), 10u);                    // bad hex digit
  EXPECT_EQ(json_syntax_error_at("{\"a\":\"x\ty\"}"), 7u);                      // raw tab
  EXPECT_EQ(json_syntax_error_at(R"({"a":[1}})"), 7u);                          // '}' closes '['
  EXPECT_EQ(json_syntax_error_at(R"({"a":1}})"), 7u);                           // one '}' too many
}

TEST(JsonSyntax, TextThatEndsTooSoonPointsPastIt) {
  EXPECT_EQ(json_syntax_error_at(R"({"a":[1,2)"), 9u);
  EXPECT_EQ(json_syntax_error_at(R"({"a":"open)"), 10u);
  EXPECT_EQ(json_syntax_error_at(""), 0u);
}

// Nesting is kept on the heap: a million '[' must not overflow the stack.
TEST(JsonSyntax, DeepNestingIsNoProblem) {
  const std::string deep = std::string(1'000'000, '[') + std::string(1'000'000, ']');
  EXPECT_EQ(json_syntax_error_at(deep), kSound);
  EXPECT_EQ(json_syntax_error_at(deep + "]"), 2'000'000u);
}

TEST(JsonSyntax, DescribesBytes) {
  EXPECT_EQ(describe_json_byte(','), "','");
  EXPECT_EQ(describe_json_byte(0x1b), "byte 0x1b");
  EXPECT_EQ(describe_json_byte(0xe9), "byte 0xe9");
  EXPECT_EQ(describe_json_byte(-1), "end of input");
}

}  // namespace
}  // namespace heapleak::detail
