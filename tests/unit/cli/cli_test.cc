// The CLI as a user runs it: exit codes, help, formats.
#include <gtest/gtest.h>

#include <algorithm>

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

// Under an address-space limit (ulimit -v, as some CI runners and containers set), where the
// arrays of unknown size cannot reserve their 64 GiB ranges, every command still works and
// gives the same report. Sanitizers need far more address space than any such limit.
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
TEST(Cli, WorksUnderAnAddressSpaceLimit) {
  for (const std::string& args :
       {"summary --format json " + fixture_path("node/plain.heapsnapshot.gz"),
        "diff --format json " + fixture_path("scenarios/cache-leak.s1.heapsnapshot.zst") + " " +
            fixture_path("scenarios/cache-leak.s3.heapsnapshot.zst"),
        "nodes --format csv " + fixture_path("chromium/detached-dom.heapsnapshot.gz")}) {
    SCOPED_TRACE(args);
    const auto free = heapleak("-q --threads 1 " + args);
    const auto limited =
        run_command("ulimit -v 4000000 && " + heapleak_binary() + " -q --threads 1 " + args);
    ASSERT_EQ(free.exit_code, 0) << free.err;
    ASSERT_EQ(limited.exit_code, 0) << limited.err;
    // The reports' timings differ from run to run; everything else must not.
    const auto without_timings = [](const std::string& out) {
      std::string kept;
      for (size_t at = 0; at < out.size();) {
        const size_t end = std::min(out.find('\n', at), out.size());
        const std::string_view line(out.data() + at, end - at);
        if (line.find("_seconds\"") == std::string_view::npos) kept.append(line) += '\n';
        at = end + 1;
      }
      const size_t timings = kept.find("\"timings\"");
      return timings == std::string::npos ? kept : kept.substr(0, timings);
    };
    EXPECT_EQ(without_timings(limited.out), without_timings(free.out));
  }
}
#endif

// Usage errors are one line naming the tool and the fault, like input errors.
TEST(Cli, UsageErrorsAreOneLine) {
  const std::string file = fixture_path("tiny/case1.heapsnapshot");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"",
       "heapleak: error: no command given: one of summary, diff, detectors, paths, nodes "
       "(see heapleak --help)\n"},
      {"--threads 2 nosuchcommand",
       "heapleak: error: unknown command 'nosuchcommand' (see heapleak --help)\n"},
      {"summary --top 0 " + file,
       "heapleak: error: --top: Value 0 not in range 1 to 100000 (see heapleak summary --help)\n"},
      // 30,000 threads failed to start (an abort); the loader uses no more than the cores.
      {"--threads 100000 summary " + file,
       "heapleak: error: --threads: Value 100000 not in range 1 to 256 "
       "(see heapleak summary --help)\n"},
      {"paths " + file + " --id -1",
       "heapleak: error: --id: Value -1 not in range 0 to 4294967295 "
       "(see heapleak paths --help)\n"},
      {"diff " + file + " " + file + " --top -1",
       "heapleak: error: --top: expected a whole number of 0 or more, found -1 "
       "(see heapleak diff --help)\n"},
      // "-5" read into the unsigned option was 2^64 - 5: no cluster reached it, and exit 0.
      {"diff --fail-on-leaks --min-retained -5 " + file + " " + file,
       "heapleak: error: --min-retained: expected a whole number of 0 or more, found -5 "
       "(see heapleak diff --help)\n"},
      {"diff - - < " + file,
       "heapleak: error: standard input (-) can be read for one snapshot only "
       "(see heapleak diff --help)\n"},
  };
  for (const auto& [args, message] : cases) {
    const CommandResult r = heapleak(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.err, message) << args;
    EXPECT_EQ(r.out, "") << args;
  }
  EXPECT_EQ(heapleak("--threads 256 -q summary " + file).exit_code, 0);
}

// A name from the snapshot cannot drive the terminal or forge a line of a text report; JSON
// keeps it as it is.
TEST(Cli, TextReportsEscapeControlCharactersInNames) {
  std::string text = read_file(fixture_path("tiny/case1.heapsnapshot"));
  const std::string window = "\"Window / https://a.test\"";
  text.replace(text.find(window), window.size(),
               R"("Win\u001b[2J\u0007dow\nFAKE LINE\r\u0085/\t\u202eevil\u2066\u2028\u2030")");
  const std::string file = write_temp("control.heapsnapshot", text);
  // U+2030 (per mille) is neither: it stays as it is.
  const std::string shown = R"(Win\x1b[2J\x07dow\nFAKE LINE\r\u0085/\t\u202eevil\u2066\u2028)"
                            "\xE2\x80\xB0";
  for (const std::string& command :
       {"summary " + file, "paths " + file + " --id 7", "diff " + file + " " + file}) {
    const CommandResult r = heapleak("-q " + command);
    ASSERT_EQ(r.exit_code, 0) << command << ": " << r.err;
    EXPECT_NE(r.out.find(shown), std::string::npos) << command << ":\n" << r.out;
    for (const char c : r.out) {
      const auto byte = static_cast<unsigned char>(c);
      EXPECT_TRUE(byte == '\n' || (byte >= 0x20 && byte != 0x7F)) << command << ": " << int{byte};
    }
    EXPECT_EQ(r.out.find("\xC2\x85"), std::string::npos) << command;
    EXPECT_EQ(r.out.find("\xE2\x80\xAE"), std::string::npos) << command;
  }
  const CommandResult json = heapleak("-q paths " + file + " --id 7 --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  // JSON escapes the C0 controls it must; U+0085 stays as its UTF-8 bytes.
  EXPECT_NE(json.out.find(R"("class": "Win\u001b[2J\u0007dow\nFAKE LINE\r)"
                          "\xC2\x85"
                          R"(/\t)"
                          "\xE2\x80\xAE"),
            std::string::npos)
      << json.out;
}

TEST(Cli, SummaryJsonAndTextOnEveryTinyFixture) {
  for (const auto& f : tiny_fixtures()) {
    const auto json = heapleak("summary --quiet --format json " + fixture_path(f));
    EXPECT_EQ(json.exit_code, 0) << f << json.err;
    EXPECT_NE(json.out.find("\"schema_version\": 3"), std::string::npos) << f;
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

TEST(Cli, NodesExportsEveryNode) {
  const std::string file = fixture_path("tiny/case1.heapsnapshot");
  const auto jsonl = heapleak("nodes " + file);
  ASSERT_EQ(jsonl.exit_code, 0) << jsonl.err;
  EXPECT_EQ(std::count(jsonl.out.begin(), jsonl.out.end(), '\n'), 15);
  const auto csv = heapleak("nodes --format csv --filter id=29 " + file);
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out,
            "id,type,name,class,self_size,retained_size,distance,dominator,detachedness\n"
            "29,object,Cache,Cache,48,48,-5,1,0\n");
  const auto bad = heapleak("nodes --filter 'bogus>1' " + file);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown field 'bogus'"), std::string::npos) << bad.err;
  EXPECT_EQ(heapleak("nodes --format xml " + file).exit_code, 2);
}

TEST(Cli, PathsTextAndJson) {
  const std::string file = fixture_path("tiny/case1.heapsnapshot");
  const auto text = heapleak("paths " + file + " --id 13 --count 2");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Path 1 (2 steps): Window / https://a.test.app -> App.b -> {a, b}"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("Path 2 (2 steps): Window / https://a.test.onClick -> Function "
                          "(shortcut bound_this) -> {a, b}"),
            std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find("Path 3"), std::string::npos);
  const auto json = heapleak("paths --format json --id 13 " + file);
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const std::string path = write_temp("paths.json", json.out);
  const auto check =
      run_command(python() + " -c \"import json; d=json.load(open('" + path +
                  "')); print(d['schema_version'], d['kind'], d['target']['id'], len(d['paths']), "
                  "[s['edge'] for s in d['paths'][0]], [x['id'] for x in d['dominators']])\"");
  EXPECT_EQ(check.out, "1 paths 13 3 [None, 'app', 'b'] [9, 7, 1]\n") << check.err;
}

// The header names the object; a 100,000-character string shows its start.
TEST(Cli, PathsHeaderClipsALongName) {
  std::string text = read_file(fixture_path("tiny/case1.heapsnapshot"));
  text.replace(text.find("\"hello\""), 7, "\"" + std::string(100000, 'h') + "\"");
  const auto r = heapleak("paths " + write_temp("long-name.heapsnapshot", text) + " --id 15");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string header = r.out.substr(0, r.out.find('\n'));
  EXPECT_LT(header.size(), 300u) << header.substr(0, 300);
  EXPECT_NE(header.find("hhhh"), std::string::npos) << header.substr(0, 300);
}

TEST(Cli, PathsOfAMissingIdOrWeakOnlyObject) {
  const std::string file = fixture_path("tiny/case1.heapsnapshot");
  const auto missing = heapleak("paths " + file + " --id 12345");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no object with id 12345"), std::string::npos) << missing.err;
  EXPECT_EQ(heapleak("paths " + file).exit_code, 2);  // --id is required
  const auto weak = heapleak("paths " + file + " --id 29");
  EXPECT_EQ(weak.exit_code, 0);
  EXPECT_NE(weak.out.find("No retainer path"), std::string::npos) << weak.out;
  // As DevTools shows it (and summary too): no -5.
  EXPECT_NE(weak.out.find("distance -\n"), std::string::npos) << weak.out;
}

TEST(Cli, ClosedPipeIsNotAnError) {
  const auto r = run_command("set -o pipefail 2>/dev/null; " + heapleak_binary() + " summary " +
                             fixture_path("node/plain.heapsnapshot.gz") + " | head -c 10");
  EXPECT_EQ(r.out.size(), 10u);
}

}  // namespace
}  // namespace heapleak
