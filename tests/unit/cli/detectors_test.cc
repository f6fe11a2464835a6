// The detector passes end to end on the scenario fixtures (fixtures/README.md, "Scenarios"):
// each finds its planted leak (class, count, holder on the path), reports nothing of severity
// warning or above on the clean twin, and no other pass claims the leak with a warning. Bytes
// freed are checked against retained sizes summed from `heapleak nodes`, which the oracle test
// checks node by node against DevTools.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>
#include <optional>
#include <set>

#include "support/test_files.h"

namespace heapleak {
namespace {

using namespace heapleak::testing;

std::string scenario(const std::string& name) {
  return fixture_path("scenarios/" + name + ".heapsnapshot.zst");
}

CommandResult heapleak(const std::string& args) {
  return run_command(heapleak_binary() + " --quiet " + args);
}

struct Scenario {
  const char* run;     // e.g. "cache-leak"
  const char* target;  // snapshot suffix of the target; the final is the next one
  const char* final_snapshot;
  const char* detector;  // the pass that must find it
  const char* cls;       // the leaked objects' class
  uint64_t count;        // planted
  const char* on_path;   // an edge name or class on the finding's path
  const char* filter;    // `heapleak nodes --filter` selecting the freed objects, or ""
};

const Scenario kScenarios[] = {
    {"cache-leak", "s3", "s4", "growing-collection", "LeakedThing", 40, "someCache",
     "class=LeakedThing"},
    {"closure-leak", "s2", "s3", "closure-retention", "Function", 16, "handlers",
     "class=LeakedClosureData"},
    {"listeners-leak", "s2", "s3", "event-listeners", "Function", 24, "_events",
     "name=onBusMessage' --filter 'type=closure"},
    {"timers-leak", "s2", "s3", "timers", "Timeout", 16, "TimersList", "class=Timeout"},
    {"globals-leak", "s2", "s3", "global-accumulation", "SessionRecord", 16, "global",
     "class=SessionRecord"},
    {"dom-detached-leak", "s2", "s3", "detached-dom", "Detached <div>", 8, "closedCards",
     "class=Detached <div>"},
    {"dom-listeners-leak", "s2", "s3", "event-listeners", "EventListener", 8,
     "blink::RegisteredEventListener", ""},
};

// Test names and failure messages show the scenario, not the struct's bytes.
void PrintTo(const Scenario& sc, std::ostream* os) { *os << sc.run; }

std::string diff_args(const std::string& run, const std::string& target,
                      const std::string& final_snapshot) {
  return "diff --format json --baseline " + scenario(run + ".s1") + " --target " +
         scenario(run + "." + target) + " --final " + scenario(run + "." + final_snapshot);
}

struct Report {
  std::string text;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
};

void run_report(Report& r, const std::string& args) {
  const CommandResult result = heapleak(args);
  ASSERT_EQ(result.exit_code, 0) << args << "\n" << result.err;
  r.text = result.out;
  r.root = r.parser.parse(r.text);
}

// Retained sizes of the nodes matching `filter` in `final_snapshot` whose ids the baseline
// does not have (the objects added since), summed from two `heapleak nodes` exports.
uint64_t new_retained_sum(const std::string& baseline, const std::string& final_snapshot,
                          const std::string& filter) {
  const auto export_nodes = [&](const std::string& file) {
    const CommandResult r = heapleak("nodes " + file + " --format jsonl --filter '" + filter + "'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  };
  const std::string before = export_nodes(baseline);
  const std::string after = export_nodes(final_snapshot);
  simdjson::dom::parser before_parser, after_parser;
  std::set<uint64_t> old_ids;
  for (auto node : before_parser.parse_many(before)) old_ids.insert(uint64_t(node["id"]));
  uint64_t sum = 0;
  for (auto node : after_parser.parse_many(after)) {
    if (!old_ids.contains(uint64_t(node["id"]))) sum += uint64_t(node["retained_size"]);
  }
  return sum;
}

bool path_mentions(simdjson::dom::element finding, std::string_view what) {
  for (auto step : finding["path"].get_array()) {
    auto edge = step["edge"];
    if (!edge.is_null() && std::string_view(edge) == what) return true;
    if (std::string_view(step["class"]) == what) return true;
  }
  return false;
}

bool serious(simdjson::dom::element finding) {
  return std::string_view(finding["severity"]) != "info";
}

class DetectorScenario : public ::testing::TestWithParam<Scenario> {};

TEST_P(DetectorScenario, FindsThePlantedLeakAndOnlyAsItsOwnKind) {
  const Scenario& sc = GetParam();
  Report report;
  run_report(report, diff_args(sc.run, sc.target, sc.final_snapshot));
  std::optional<simdjson::dom::element> found;
  for (auto f : report.root["findings"].get_array()) {
    for (const char* field : {"detector", "severity", "title", "class", "count", "retained_size",
                              "path", "advice", "bytes_freed"}) {
      EXPECT_FALSE(f[field].error()) << field;
    }
    EXPECT_FALSE(std::string_view(f["advice"]).empty());
    if (std::string_view(f["detector"]) == sc.detector && std::string_view(f["class"]) == sc.cls) {
      found = f;
    } else if (serious(f)) {
      ADD_FAILURE() << sc.run << ": unexpected " << std::string_view(f["detector"]) << " "
                    << std::string_view(f["severity"]) << ": " << std::string_view(f["title"]);
    }
  }
  ASSERT_TRUE(found.has_value()) << sc.run << ": no " << sc.detector << " finding for " << sc.cls
                                 << "\n"
                                 << report.text;
  EXPECT_TRUE(serious(*found)) << std::string_view((*found)["title"]);
  EXPECT_EQ(uint64_t((*found)["count"]), sc.count);
  EXPECT_TRUE(path_mentions(*found, sc.on_path)) << sc.on_path;
  if (*sc.filter != '\0') {
    EXPECT_EQ(uint64_t((*found)["bytes_freed"]),
              new_retained_sum(scenario(std::string(sc.run) + ".s1"),
                               scenario(std::string(sc.run) + "." + sc.final_snapshot), sc.filter));
  }
}

TEST_P(DetectorScenario, CleanTwinHasNoWarnings) {
  const Scenario& sc = GetParam();
  std::string clean(sc.run);
  clean.replace(clean.find("-leak"), 5, "-clean");
  Report report;
  run_report(report, diff_args(clean, sc.target, sc.final_snapshot));
  for (auto f : report.root["findings"].get_array()) {
    EXPECT_FALSE(serious(f)) << clean << ": " << std::string_view(f["detector"]) << ": "
                             << std::string_view(f["title"]);
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, DetectorScenario, ::testing::ValuesIn(kScenarios),
                         [](const auto& param_info) {
                           std::string name = param_info.param.run;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(Detectors, GrowingCollectionsEachWithItsHolder) {
  Report report;
  run_report(report, diff_args("collection-leak", "s2", "s3"));
  struct Expected {
    const char* cls;
    uint64_t added;  // planted: added since the baseline
    const char* holder;
  };
  for (const Expected& e :
       {Expected{"DictRecord", 32, "byTimestamp"}, Expected{"HistoryEntry", 24, "eventHistory"},
        Expected{"SetMember", 16, "activeMembers"}}) {
    bool seen = false;
    for (auto f : report.root["findings"].get_array()) {
      if (std::string_view(f["class"]) != e.cls) continue;
      seen = true;
      EXPECT_EQ(std::string_view(f["detector"]), "growing-collection");
      EXPECT_TRUE(serious(f));
      EXPECT_EQ(uint64_t(f["count"]), e.added);
      EXPECT_TRUE(path_mentions(f, e.holder));
      EXPECT_EQ(uint64_t(f["bytes_freed"]),
                new_retained_sum(scenario("collection-leak.s1"), scenario("collection-leak.s3"),
                                 std::string("class=") + e.cls))
          << e.cls;
    }
    EXPECT_TRUE(seen) << e.cls;
  }
  Report clean;
  run_report(clean, diff_args("collection-clean", "s2", "s3"));
  for (auto f : clean.root["findings"].get_array()) {
    EXPECT_FALSE(serious(f)) << std::string_view(f["title"]);
  }
}

TEST(Detectors, TextReportShowsAdviceAndBytesFreed) {
  const CommandResult r =
      heapleak("diff --baseline " + scenario("closure-leak.s1") + " --target " +
               scenario("closure-leak.s2") + " --final " + scenario("closure-leak.s3"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("closure-retention"), std::string::npos);
  EXPECT_NE(r.out.find("fixing it frees"), std::string::npos);
  EXPECT_NE(r.out.find("fix:  Capture only what the function needs"), std::string::npos);
  EXPECT_NE(r.out.find("bigData"), std::string::npos);
}

// With one snapshot, closure-retention groups the closures by function. closure-leak.s3 holds the
// 16 leakyHandler closures of gen-scenarios.js, each over its own context holding the
// LeakedClosureData it alone retains: the finding frees their retained sizes (every
// LeakedClosureData in s3, none in s1).
TEST(Detectors, OneSnapshotClosureFindingGroupsTheClosuresOfAFunction) {
  Report report;
  run_report(report, "summary --format json " + scenario("closure-leak.s3"));
  std::optional<simdjson::dom::element> found;
  for (auto f : report.root["findings"].get_array()) {
    if (std::string_view(f["detector"]) == "closure-retention") found = f;
  }
  ASSERT_TRUE(found.has_value());
  const simdjson::dom::element f = *found;
  EXPECT_EQ(uint64_t(f["count"]), 16u);
  EXPECT_NE(std::string_view(f["title"]).find("16 closures leakyHandler() capture"),
            std::string_view::npos);
  EXPECT_EQ(uint64_t(f["bytes_freed"]),
            new_retained_sum(scenario("closure-leak.s1"), scenario("closure-leak.s3"),
                             "class=LeakedClosureData"));
  std::map<std::string, std::string> evidence;
  for (auto [label, value] : f["evidence"].get_object()) {
    evidence[std::string(label)] = std::string(std::string_view(value));
  }
  EXPECT_TRUE(evidence["function"].starts_with("leakyHandler(), script ")) << evidence["function"];
  EXPECT_EQ(evidence["closures / contexts"], "16 closures over 16 contexts");
  EXPECT_TRUE(evidence["captured variables"].starts_with("bigData -> LeakedClosureData ("))
      << evidence["captured variables"];
  EXPECT_TRUE(evidence["captured variables"].ends_with(" in 16 contexts)"))
      << evidence["captured variables"];
}

TEST(Detectors, SelectionListingAndSummary) {
  const CommandResult list = heapleak("detectors --format json");
  ASSERT_EQ(list.exit_code, 0);
  for (const char* name : {"detached-dom", "closure-retention", "growing-collection",
                           "event-listeners", "timers", "global-accumulation"}) {
    EXPECT_NE(list.out.find(std::string("\"") + name + "\""), std::string::npos) << name;
  }
  EXPECT_EQ(heapleak("summary --detectors nosuch " + scenario("cache-leak.s1")).exit_code, 2);

  Report only;
  run_report(only, diff_args("closure-leak", "s2", "s3") + " --detectors timers");
  EXPECT_EQ(only.root["findings"].get_array().size(), 0u);

  // Options move thresholds: 16 new Set members are a warning at the default warn-count (10)
  // and information at 20.
  Report raised;
  run_report(raised, diff_args("collection-leak", "s2", "s3") +
                         " --detector-option growing-collection.warn-count=20");
  bool set_seen = false;
  for (auto f : raised.root["findings"].get_array()) {
    if (std::string_view(f["class"]) != "SetMember") continue;
    set_seen = true;
    EXPECT_EQ(std::string_view(f["severity"]), "info");
  }
  EXPECT_TRUE(set_seen);
  for (const char* bad : {"nope.x=1", "timers.bogus=1", "timers.warn-count=x", "timers"}) {
    EXPECT_EQ(heapleak("diff " + scenario("cache-leak.s1") + " " + scenario("cache-leak.s4") +
                       " --detector-option " + bad)
                  .exit_code,
              2)
        << bad;
  }

  // One snapshot: the detached tree is found without any history.
  Report summary;
  run_report(summary, "summary --format json " + scenario("dom-detached-leak.s3"));
  bool detached = false;
  for (auto f : summary.root["findings"].get_array()) {
    if (std::string_view(f["detector"]) == "detached-dom") {
      detached = true;
      EXPECT_EQ(uint64_t(f["count"]), 8u);
    }
  }
  EXPECT_TRUE(detached);
}

}  // namespace
}  // namespace heapleak
