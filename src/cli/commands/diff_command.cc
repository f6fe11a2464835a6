#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <future>
#include <limits>
#include <memory>

#include "cli/analyzed_snapshot.h"
#include "cli/app.h"
#include "cli/commands/commands.h"
#include "cli/terminal_progress.h"
#include "heapleak/analysis/class_rows.h"
#include "heapleak/report/diff_report.h"

namespace heapleak::cli {
namespace {

struct DiffArgs {
  std::vector<std::string> snapshots;
  std::string baseline, target, final_snapshot;
  bool by_class = false;
  bool assume_same_process = false;
  bool fail_on_leaks = false;
  std::string format = "text";
  size_t top = 20;
  bool top_given = false;
  uint64_t min_retained = 0;
  DetectorArgs detectors;
  DetectorSettings detector_settings;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

DiffInput input_of(std::string role, const LoadedSnapshot& loaded, uint64_t total_size) {
  return {std::move(role), loaded.info, loaded.snapshot.node_count(), loaded.snapshot.edge_count(),
          total_size};
}

// The refusal of two snapshots whose ids do not name the same objects.
bool check_same_process(const DiffArgs& args, const std::string& a, const std::string& b,
                        const IdOverlap& overlap) {
  if (overlap.same_process() || args.assume_same_process) return true;
  fmt::print(stderr,
             "heapleak: error: {} and {} look like snapshots of different processes: only "
             "{:.1f}% of the {} object ids they share name the same kind of object (V8 ids are "
             "only stable within one process). Compare class totals with --by-class, or pass "
             "--assume-same-process to match by id anyway.\n",
             a, b, overlap.consistent_share() * 100, overlap.shared);
  return false;
}

// The base side of a comparison, loaded and classified on a background thread while the
// current snapshot's dominators are computed: its ids, and its class rows under the current
// snapshot's interface definitions (DevTools' rule), without dominators or distances.
struct ClassifiedBase {
  LoadedSnapshot loaded;
  IdIndex ids;
  HeapAnalysis analysis;  // with the class rows
};
std::optional<ClassifiedBase> load_and_classify(const std::string& path,
                                                const GlobalOptions& globals,
                                                const std::vector<InterfaceDefinition>& defs) {
  GlobalOptions background = globals;
  background.quiet = true;  // one progress bar at a time: the foreground analysis draws it
  // One parse worker: the foreground dominator pass, the critical path, keeps a core.
  if (background.threads != 1) background.threads = 1;
  auto loaded = load_for_command(path, background);
  if (!loaded) return std::nullopt;
  ClassifiedBase base{std::move(*loaded), {}, {}};
  base.ids = IdIndex::build(base.loaded.snapshot);
  AnalysisOptions options;
  options.scope = AnalysisScope::kClassesOnly;
  options.interface_definitions = &defs;
  base.analysis = HeapAnalysis::run(base.loaded.snapshot, options);
  return base;
}

// Only the ids of a snapshot (the target of the three-snapshot mode: what existed by then).
std::optional<std::pair<IdIndex, DiffInput>> load_ids(const std::string& path,
                                                      const GlobalOptions& globals,
                                                      const std::string& role) {
  GlobalOptions background = globals;
  background.quiet = true;
  auto loaded = load_for_command(path, background);
  if (!loaded) return std::nullopt;
  return std::pair{IdIndex::build(loaded->snapshot), input_of(role, *loaded, 0)};
}

std::launch background_policy(const GlobalOptions& globals) {
  return globals.threads == 1 ? std::launch::deferred : std::launch::async;
}

// The current snapshot, fully analyzed (with its class rows), and its ids.
struct AnalyzedCurrent {
  HeapAnalysis analysis;
  IdIndex ids;
};
// Its ids are left to the caller, who builds them off the critical path.
AnalyzedCurrent analyze_current(Snapshot& current, const GlobalOptions& globals) {
  AnalysisOptions options;
  options.record_parent_edges = true;
  options.parallel = globals.threads != 1;
  options.progress = make_terminal_steps(globals.quiet, "analyzed");
  AnalyzedCurrent result{HeapAnalysis::run(current, options), {}};
  clear_terminal_progress();
  return result;
}

ClassComparison compare_pair(const ClassifiedBase& base, const Snapshot& current,
                             const AnalyzedCurrent& analyzed) {
  return compare_classes(
      {base.loaded.snapshot, base.analysis.classes, base.analysis.class_rows, base.ids},
      {current, analyzed.analysis.classes, analyzed.analysis.class_rows, analyzed.ids},
      &analyzed.analysis);
}

void add_leak_section(DiffReport& report, const DiffArgs& args, const Snapshot& final_snapshot,
                      const HeapAnalysis& a, const IdIndex& final_ids, const Snapshot& baseline,
                      const IdIndex& baseline_ids, const IdIndex* target_ids) {
  const LeakCandidates candidates =
      find_leak_candidates(final_snapshot, a, final_ids, baseline_ids, target_ids);
  const LeakClusters clusters = cluster_leaks(final_snapshot, a, candidates.nodes);
  set_leaks(report, final_snapshot, a, candidates, clusters);
  if (args.detectors.none()) return;
  const auto start = std::chrono::steady_clock::now();
  const DetectorContext context{final_snapshot, a,         &baseline,
                                &baseline_ids,  &clusters, &args.detector_settings};
  report.detectors_ran = true;
  report.findings =
      describe_findings(final_snapshot, a, run_detectors(context, args.detectors.detectors));
  report.timings.push_back({"detectors", seconds_since(start)});
}

DiffReport new_report(const DiffArgs& args, DiffMode mode) {
  DiffReport report;
  report.mode = mode;
  report.top = args.top;
  report.min_retained = args.min_retained;
  return report;
}

std::optional<DiffReport> diff_two(const DiffArgs& args, const GlobalOptions& globals) {
  const auto start = std::chrono::steady_clock::now();
  const std::string& before_path = args.snapshots[0];
  const std::string& after_path = args.snapshots[1];
  auto after = load_for_command(after_path, globals);
  if (!after) return std::nullopt;
  DiffReport report = new_report(args, DiffMode::kTwo);
  // Off the critical path: the base side, and the current side's ids and interface
  // definitions (the current analysis infers the same definitions for itself).
  auto before_work = std::async(background_policy(globals), [&] {
    const auto defs = ClassNames::infer_interface_definitions(after->snapshot);
    return std::pair{load_and_classify(before_path, globals, defs),
                     IdIndex::build(after->snapshot)};
  });
  AnalyzedCurrent current = analyze_current(after->snapshot, globals);
  auto [before, after_ids] = before_work.get();
  if (!before) return std::nullopt;
  current.ids = std::move(after_ids);
  report.timings.push_back({"load and analysis", seconds_since(start)});

  const auto phase = std::chrono::steady_clock::now();
  report.overlap =
      measure_id_overlap(before->loaded.snapshot, before->ids, after->snapshot, current.ids);
  if (!check_same_process(args, before_path, after_path, report.overlap)) return std::nullopt;
  set_class_changes(report, compare_pair(*before, after->snapshot, current));
  report.classes_between = "before -> after";
  add_leak_section(report, args, after->snapshot, current.analysis, current.ids,
                   before->loaded.snapshot, before->ids, nullptr);
  report.timings.push_back({"diff", seconds_since(phase)});
  report.inputs = {input_of("before", before->loaded, 0),
                   input_of("after", *after, current.analysis.total_size)};
  report.timings.push_back({"total", seconds_since(start)});
  return report;
}

std::optional<DiffReport> diff_three(const DiffArgs& args, const GlobalOptions& globals) {
  const auto start = std::chrono::steady_clock::now();
  auto final_loaded = load_for_command(args.final_snapshot, globals);
  if (!final_loaded) return std::nullopt;
  DiffReport report = new_report(args, DiffMode::kThree);
  Snapshot& final_snapshot = final_loaded->snapshot;
  // One background thread reads the baseline, then the target, while the final is analyzed.
  auto earlier_work = std::async(background_policy(globals), [&] {
    const auto defs = ClassNames::infer_interface_definitions(final_snapshot);
    auto baseline = load_and_classify(args.baseline, globals, defs);
    auto target = baseline ? load_ids(args.target, globals, "target") : std::nullopt;
    return std::tuple{std::move(baseline), std::move(target), IdIndex::build(final_snapshot)};
  });
  AnalyzedCurrent current = analyze_current(final_snapshot, globals);
  auto [baseline, target, final_ids] = earlier_work.get();
  if (!baseline || !target) return std::nullopt;
  current.ids = std::move(final_ids);
  report.timings.push_back({"load and analysis", seconds_since(start)});

  const auto phase = std::chrono::steady_clock::now();
  report.overlap =
      measure_id_overlap(baseline->loaded.snapshot, baseline->ids, final_snapshot, current.ids);
  if (!check_same_process(args, args.baseline, args.final_snapshot, report.overlap)) {
    return std::nullopt;
  }
  set_class_changes(report, compare_pair(*baseline, final_snapshot, current));
  report.classes_between = "baseline -> final";
  add_leak_section(report, args, final_snapshot, current.analysis, current.ids,
                   baseline->loaded.snapshot, baseline->ids, &target->first);
  report.timings.push_back({"diff", seconds_since(phase)});
  report.inputs = {input_of("baseline", baseline->loaded, 0), target->second,
                   input_of("final", *final_loaded, current.analysis.total_size)};
  report.timings.push_back({"total", seconds_since(start)});
  return report;
}

std::optional<DiffReport> diff_series(const DiffArgs& args, const GlobalOptions& globals) {
  const auto start = std::chrono::steady_clock::now();
  const size_t n = args.snapshots.size();
  DiffReport report = new_report(args, DiffMode::kSeries);
  std::vector<SnapshotDigest> digests;
  std::optional<AnalyzedSnapshot> first, last;
  IdIndex first_ids, target_ids;
  for (size_t i = 0; i < n; ++i) {
    AnalysisOptions options;
    options.record_parent_edges = i + 1 == n;  // the last one's paths name the clusters
    options.dominator_children = true;         // the digest's per-class retained sizes
    auto analyzed = analyze_for_command(args.snapshots[i], globals, options);
    if (!analyzed) return std::nullopt;
    digests.push_back(digest_snapshot(analyzed->snapshot(), analyzed->analysis));
    analyzed->analysis.dominator_children = {};  // not needed past the digest
    report.inputs.push_back(
        input_of(fmt::format("S{}", i + 1), analyzed->loaded, analyzed->analysis.total_size));
    if (i == 0) {
      first_ids = IdIndex::build(analyzed->snapshot());
      first = std::move(analyzed);
    } else if (i + 1 == n) {
      last = std::move(analyzed);
    } else if (i + 2 == n) {
      target_ids = IdIndex::build(analyzed->snapshot());
    }
  }
  report.timings.push_back({"load and analysis", seconds_since(start)});
  const auto phase = std::chrono::steady_clock::now();
  Snapshot& last_snapshot = last->loaded.snapshot;
  const IdIndex last_ids = IdIndex::build(last_snapshot);
  report.overlap = measure_id_overlap(first->snapshot(), first_ids, last_snapshot, last_ids);
  if (!check_same_process(args, args.snapshots.front(), args.snapshots.back(), report.overlap)) {
    return std::nullopt;
  }
  report.series = build_series(digests);

  // The first snapshot reclassified with the last one's interface definitions (DevTools' rule).
  HeapAnalysis& first_analysis = first->analysis;
  first_analysis.classes = ClassNames::compute(first->snapshot(), first_analysis.detachedness,
                                               &last->analysis.classes.interface_definitions());
  first_analysis.class_rows = group_class_rows(first->snapshot(), first_analysis.classes);
  set_class_changes(
      report, compare_classes(
                  {first->snapshot(), first_analysis.classes, first_analysis.class_rows, first_ids},
                  {last_snapshot, last->analysis.classes, last->analysis.class_rows, last_ids},
                  &last->analysis));
  report.classes_between = fmt::format("S1 -> S{}", n);
  add_leak_section(report, args, last_snapshot, last->analysis, last_ids, first->snapshot(),
                   first_ids, &target_ids);
  report.timings.push_back({"diff", seconds_since(phase)});
  report.timings.push_back({"total", seconds_since(start)});
  return report;
}

std::optional<DiffReport> diff_by_class(const DiffArgs& args, const GlobalOptions& globals) {
  const auto start = std::chrono::steady_clock::now();
  DiffReport report = new_report(args, DiffMode::kByClass);
  std::vector<SnapshotDigest> digests;
  for (size_t i = 0; i < 2; ++i) {
    auto analyzed = analyze_for_command(args.snapshots[i], globals);
    if (!analyzed) return std::nullopt;
    digests.push_back(digest_snapshot(analyzed->snapshot(), analyzed->analysis));
    report.inputs.push_back(
        input_of(i == 0 ? "before" : "after", analyzed->loaded, analyzed->analysis.total_size));
  }
  report.histogram = class_histogram_diff(digests[0], digests[1]);
  report.timings.push_back({"total", seconds_since(start)});
  return report;
}

int run_diff(const DiffArgs& args, const GlobalOptions& globals) {
  const bool three = !args.baseline.empty() || !args.target.empty() || !args.final_snapshot.empty();
  const auto usage = [](std::string_view message) {
    fmt::print(stderr, "heapleak: error: {} (see heapleak diff --help)\n", message);
    return kExitError;
  };
  if (three && (args.baseline.empty() || args.target.empty() || args.final_snapshot.empty())) {
    return usage("the three-snapshot mode needs all of --baseline, --target and --final");
  }
  if (three && !args.snapshots.empty()) {
    return usage("give either --baseline/--target/--final or a list of snapshots, not both");
  }
  if (!three && args.snapshots.size() < 2) return usage("diff needs at least two snapshots");
  const std::vector<std::string> inputs =
      three ? std::vector<std::string>{args.baseline, args.target, args.final_snapshot}
            : args.snapshots;
  if (std::count(inputs.begin(), inputs.end(), "-") > 1) {
    return usage("standard input (-) can be read for one snapshot only");
  }
  if (args.by_class && args.snapshots.size() != 2) {
    return usage("--by-class compares exactly two snapshots");
  }
  const auto settings = check_detector_args(args.detectors);
  if (!settings) return kExitError;
  DiffArgs effective = args;
  effective.detector_settings = *settings;
  if (!args.top_given && args.format == "json") effective.top = SIZE_MAX;
  if (effective.top == 0) effective.top = SIZE_MAX;

  std::optional<DiffReport> report;
  if (three) {
    report = diff_three(effective, globals);
  } else if (args.by_class) {
    report = diff_by_class(effective, globals);
  } else if (args.snapshots.size() == 2) {
    report = diff_two(effective, globals);
  } else {
    report = diff_series(effective, globals);
  }
  if (!report) return kExitError;
  write_stdout(args.format == "json" ? render_diff_json(*report)
                                     : render_diff_text(*report, ::isatty(STDOUT_FILENO) != 0));
  return args.fail_on_leaks && !report->clusters.empty() ? kExitLeak : kExitOk;
}

}  // namespace

void register_diff_command(CLI::App& app, const GlobalOptions& globals,
                           std::function<int()>* action) {
  auto args = std::make_shared<DiffArgs>();
  CLI::App* cmd = app.add_subcommand(
      "diff",
      "What grew and what leaked between snapshots of one process: BEFORE AFTER (DevTools' "
      "Comparison by object id, plus leak clusters), --baseline/--target/--final (memlab's "
      "leak set), or S1 S2 ... Sn (trends per class and per collection)");
  cmd->add_option("snapshots", args->snapshots,
                  "Snapshots in the order they were taken (.heapsnapshot, .gz, .zst, or - for "
                  "stdin once)");
  cmd->add_option("--baseline", args->baseline, "Three-snapshot mode: before the action");
  cmd->add_option("--target", args->target, "Three-snapshot mode: after the action");
  cmd->add_option("--final", args->final_snapshot,
                  "Three-snapshot mode: after undoing the action (what survives is suspect)");
  cmd->add_flag("--by-class", args->by_class,
                "Compare class totals (count, self, retained) instead of objects: works for "
                "snapshots of different processes");
  cmd->add_flag("--assume-same-process", args->assume_same_process,
                "Match objects by id even when the snapshots look like different processes");
  cmd->add_flag("--fail-on-leaks", args->fail_on_leaks,
                "Exit 1 when a leak cluster (at least --min-retained) is reported");
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--top", args->top,
                  "Rows per table and clusters shown (0: all; JSON shows all unless given)")
      ->check(non_negative_integer())
      ->capture_default_str();
  cmd->add_option("--min-retained", args->min_retained,
                  "Leave out leak clusters retaining fewer bytes")
      ->check(non_negative_integer())
      ->capture_default_str();
  add_detector_options(*cmd, args->detectors);
  cmd->callback([args, cmd, &globals, action] {
    args->top_given = cmd->count("--top") > 0;
    *action = [args, &globals] { return run_diff(*args, globals); };
  });
}

}  // namespace heapleak::cli
