// The CLI as a user runs it: exit codes, help, formats.
#include <gtest/gtest.h>

#include "support/test_files.h"

namespace heapleak {
namespace {

using namespace heapleak::testing;

CommandResult heapleak(const std::string& args) {
  return run_command(heapleak_binary() + " " + args);
}

TEST(Cli, HelpOnToolAndSubcommandExitsZero) {
  const auto top = heapleak("--help");
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("summary"), std::string::npos);
  const auto sub = heapleak("summary --help");
  EXPECT_EQ(sub.exit_code, 0);
  EXPECT_NE(sub.out.find("--format"), std::string::npos);
  EXPECT_NE(sub.out.find("--top"), std::string::npos);
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(heapleak("").exit_code, 2);
  EXPECT_EQ(heapleak("summary").exit_code, 2);
  EXPECT_EQ(heapleak("summary --format xml " + fixture_path("tiny/case1.heapsnapshot")).exit_code,
            2);
  EXPECT_EQ(heapleak("nosuchcommand").exit_code, 2);
}

TEST(Cli, SummaryJsonAndTextOnEveryTinyFixture) {
  for (const auto& f : tiny_fixtures()) {
    const auto json = heapleak("summary --quiet --format json " + fixture_path(f));
    EXPECT_EQ(json.exit_code, 0) << f << json.err;
    EXPECT_NE(json.out.find("\"schema_version\": 1"), std::string::npos) << f;
    const auto text = heapleak("summary " + fixture_path(f));
    EXPECT_EQ(text.exit_code, 0) << f << text.err;
    EXPECT_TRUE(text.err.empty()) << "no progress output when stderr is not a terminal";
  }
}

TEST(Cli, GlobalOptionsMayFollowTheSubcommand) {
  EXPECT_EQ(heapleak("--quiet summary " + fixture_path("tiny/case1.heapsnapshot")).exit_code, 0);
  EXPECT_EQ(heapleak("summary " + fixture_path("tiny/case1.heapsnapshot") + " --quiet --threads 1")
                .exit_code,
            0);
}

TEST(Cli, ClosedPipeIsNotAnError) {
  const auto r = run_command("set -o pipefail 2>/dev/null; " + heapleak_binary() + " summary " +
                             fixture_path("node/plain.heapsnapshot.gz") + " | head -c 10");
  EXPECT_EQ(r.out.size(), 10u);
}

}  // namespace
}  // namespace heapleak
