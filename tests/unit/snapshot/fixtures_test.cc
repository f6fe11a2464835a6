// Every real fixture, plain, gzip, zstd and through stdin, against an independent reader
// (scripts/snapshot_facts.py, Python's json module) — never against our own output.
#include <gtest/gtest.h>

#include <map>

#include "heapleak/snapshot/load.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

using namespace heapleak::testing;

// Minimal extraction of "key": number from the facts JSON (flat keys are unique there).
uint64_t fact(const std::string& json, const std::string& key) {
  const auto at = json.find("\"" + key + "\":");
  if (at == std::string::npos) {
    ADD_FAILURE() << "no " << key;
    return 0;
  }
  return std::stoull(json.substr(at + key.size() + 3));
}

class RealFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(RealFixture, CountsMatchSecondReader) {
  const std::string path = fixture_path(GetParam());
  const CommandResult facts =
      run_command(python() + " " + source_dir() + "/scripts/snapshot_facts.py " + path);
  ASSERT_EQ(facts.exit_code, 0) << facts.err;
  auto r = load_snapshot(path);
  ASSERT_TRUE(r.ok()) << r.error().what();
  const Snapshot& s = r->snapshot;
  EXPECT_EQ(s.node_count(), fact(facts.out, "node_count"));
  EXPECT_EQ(s.edge_count(), fact(facts.out, "edge_count"));
  EXPECT_EQ(s.strings.size(), fact(facts.out, "string_count"));
  EXPECT_EQ(s.node_count(), fact(facts.out, "header_node_count"));
  uint64_t total = 0;
  for (NodeOrdinal n = 0; n < s.node_count(); ++n) total += s.node_self_size[n];
  EXPECT_EQ(total, fact(facts.out, "total_self_size"));
}

TEST_P(RealFixture, PlainGzipZstdAndStdinLoadIdentically) {
  const std::string path = fixture_path(GetParam());
  const std::string base = temp_path("variant");
  ASSERT_EQ(run_command("(gzip -dc " + path + " 2>/dev/null || zstd -dcq " + path + ") > " + base)
                .exit_code,
            0);
  ASSERT_EQ(run_command("gzip -1 -c " + base + " > " + base + ".gz && zstd -q -1 -f " + base +
                        " -o " + base + ".zst")
                .exit_code,
            0);
  auto plain = load_snapshot(base);
  ASSERT_TRUE(plain.ok()) << plain.error().what();
  const Snapshot& p = plain->snapshot;
  for (const std::string& variant : {base + ".gz", base + ".zst"}) {
    auto r = load_snapshot(variant);
    ASSERT_TRUE(r.ok()) << r.error().what();
    const Snapshot& s = r->snapshot;
    ASSERT_EQ(s.node_count(), p.node_count());
    ASSERT_EQ(s.edge_count(), p.edge_count());
    size_t different_ids = 0;
    for (NodeOrdinal n = 0; n < s.node_count(); ++n) different_ids += s.node_id[n] != p.node_id[n];
    EXPECT_EQ(different_ids, 0u);
    EXPECT_TRUE(std::equal(s.edge_target_and_type.begin(), s.edge_target_and_type.end(),
                           p.edge_target_and_type.begin()));
    EXPECT_EQ(s.strings[static_cast<StringId>(s.strings.size() - 1)],
              p.strings[static_cast<StringId>(p.strings.size() - 1)]);
  }
  // stdin, through the CLI, compressed.
  const CommandResult cli =
      run_command(heapleak_binary() + " summary --format json - < " + base + ".zst");
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(fact(cli.out, "node_count"), p.node_count());
  EXPECT_EQ(fact(cli.out, "edge_count"), p.edge_count());
}

INSTANTIATE_TEST_SUITE_P(Fixtures, RealFixture, ::testing::ValuesIn(real_fixtures()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(RealFixtures, AllKindsArePresent) {
  const auto all = real_fixtures();
  EXPECT_GE(all.size(), 6u);
  EXPECT_TRUE(
      std::any_of(all.begin(), all.end(), [](const auto& f) { return f.ends_with(".zst"); }));
  EXPECT_TRUE(std::any_of(all.begin(), all.end(),
                          [](const auto& f) { return f.starts_with("chromium/"); }));
}

}  // namespace
}  // namespace heapleak
