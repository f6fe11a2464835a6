// `heapleak nodes` output and its --filter terms, on case A (reference 5.1).
#include "heapleak/report/node_export.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "support/test_files.h"

namespace heapleak {
namespace {

std::string export_case_a(NodeFormat format, const std::vector<std::string>& terms) {
  Snapshot s = testing::load_fixture("tiny/case1.heapsnapshot");
  const HeapAnalysis a = HeapAnalysis::run(s);
  auto filter = NodeFilter::parse(terms);
  EXPECT_TRUE(filter.ok());
  const std::string path = testing::temp_path("nodes.out");
  std::FILE* out = std::fopen(path.c_str(), "wb");
  write_nodes(s, a, format, filter.value(), out);
  std::fclose(out);
  return testing::read_file(path);
}

TEST(NodeExport, JsonLinesHaveTheFixedFieldsInOrder) {
  const std::string out = export_case_a(NodeFormat::kJsonLines, {"id=25"});
  EXPECT_EQ(out,
            "{\"id\":25,\"type\":\"native\",\"name\":\"Detached HTMLDivElement\",\"class\":"
            "\"Detached HTMLDivElement\",\"self_size\":100,\"retained_size\":150,\"distance\":4,"
            "\"dominator\":19,\"detachedness\":2}\n");
}

TEST(NodeExport, CsvQuotesFieldsWithCommas) {
  const std::string out = export_case_a(NodeFormat::kCsv, {"class={a, b}"});
  EXPECT_EQ(out,
            "id,type,name,class,self_size,retained_size,distance,dominator,detachedness\n"
            "11,object,Object,\"{a, b}\",24,24,3,9,0\n"
            "13,object,Object,\"{a, b}\",24,24,3,9,0\n");
}

TEST(NodeExport, FiltersCombineNumericAndTextTerms) {
  // Retained size >= 150 and not synthetic: Window 434, onClick 214, Context 178, div 150.
  const std::string out =
      export_case_a(NodeFormat::kCsv, {"retained_size>=150", "type!=synthetic"});
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 5);
  EXPECT_EQ(export_case_a(NodeFormat::kCsv, {"name~Detached", "distance<5"}),
            "id,type,name,class,self_size,retained_size,distance,dominator,detachedness\n"
            "25,native,Detached HTMLDivElement,Detached HTMLDivElement,100,150,4,19,2\n");
  const std::string weak_only = export_case_a(NodeFormat::kJsonLines, {"distance=-5"});
  EXPECT_EQ(std::count(weak_only.begin(), weak_only.end(), '\n'), 1);  // Cache
}

// Blocks of 3 nodes on two threads, on a real snapshot: the same bytes as one thread in one
// block, for both formats, with and without a filter that drops whole blocks.
TEST(NodeExport, TwoThreadsInBlocksWriteWhatOneThreadWrites) {
  Snapshot s = testing::load_fixture("node/weakmap.heapsnapshot.gz");
  const HeapAnalysis a = HeapAnalysis::run(s);
  const auto run = [&](NodeFormat format, const std::vector<std::string>& terms,
                       NodeExportOptions options) {
    auto filter = NodeFilter::parse(terms);
    EXPECT_TRUE(filter.ok());
    const std::string path = testing::temp_path("nodes-blocks.out");
    std::FILE* out = std::fopen(path.c_str(), "wb");
    const uint64_t written = write_nodes(s, a, format, filter.value(), out, options);
    std::fclose(out);
    const std::string text = testing::read_file(path);
    if (format == NodeFormat::kJsonLines) {  // a CSV field may hold a line break
      EXPECT_EQ(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')), written);
    }
    return text;
  };
  for (const NodeFormat format : {NodeFormat::kJsonLines, NodeFormat::kCsv}) {
    for (const std::vector<std::string>& terms :
         {std::vector<std::string>{}, std::vector<std::string>{"type=closure"}}) {
      const std::string one = run(format, terms, {.threads = 1, .block_nodes = s.node_count()});
      const std::string two = run(format, terms, {.threads = 2, .block_nodes = 3});
      EXPECT_GT(one.size(), 1000u);
      EXPECT_EQ(one, two);
    }
  }
}

TEST(NodeExport, BadFilterTermsAreUsageErrors) {
  for (const char* term : {"size>3", "retained_size>=lots", "class", "=3", "id~3", "class?x"}) {
    const auto f = NodeFilter::parse({term});
    ASSERT_FALSE(f.ok()) << term;
    EXPECT_EQ(f.error().code(), ErrorCode::kUsage);
    EXPECT_NE(std::string(f.error().what()).find(term), std::string::npos);
  }
}

}  // namespace
}  // namespace heapleak
