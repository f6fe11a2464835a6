#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <memory>

#include "cli/analyzed_snapshot.h"
#include "cli/app.h"
#include "cli/commands/commands.h"
#include "heapleak/report/summary.h"

namespace heapleak::cli {
namespace {

struct SummaryArgs {
  std::string snapshot;
  std::string format = "text";
  size_t top = 15;
  DetectorArgs detectors;
};

int run_summary(const SummaryArgs& args, const GlobalOptions& globals) {
  AnalysisOptions options;
  options.record_parent_edges = true;  // the top dominators' paths
  options.dominator_children = true;   // per-class retained sizes
  const auto settings = check_detector_args(args.detectors);
  if (!settings) return kExitError;
  auto analyzed = analyze_for_command(args.snapshot, globals, options);
  if (!analyzed) return kExitError;
  // The detectors only read the analysis, so they run beside the summary's class tables.
  std::future<std::pair<std::vector<FindingView>, double>> findings;
  if (!args.detectors.none()) {
    findings = std::async(std::launch::async, [&] {
      const auto start = std::chrono::steady_clock::now();
      DetectorContext context{analyzed->snapshot(), analyzed->analysis};
      context.settings = &*settings;
      auto described = describe_findings(analyzed->snapshot(), analyzed->analysis,
                                         run_detectors(context, args.detectors.detectors));
      return std::pair{
          std::move(described),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
    });
  }
  SummaryReport report = build_summary(analyzed->loaded, analyzed->analysis, args.top);
  if (findings.valid()) {
    auto [described, seconds] = findings.get();
    report.detectors_ran = true;
    report.findings = std::move(described);
    report.timings.push_back({"detectors", seconds});
  }
  if (args.format == "json") {
    write_stdout(render_summary_json(report));
  } else {
    write_stdout(render_summary_text(report, ::isatty(STDOUT_FILENO) != 0));
  }
  return kExitOk;
}

}  // namespace

void register_summary_command(CLI::App& app, const GlobalOptions& globals,
                              std::function<int()>* action) {
  auto args = std::make_shared<SummaryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "summary",
      "What a snapshot holds: sizes per type and class (self and retained, as DevTools "
      "computes them), the largest objects and what holds them");
  add_snapshot_argument(*cmd, args->snapshot);
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--top", args->top, "Rows in each top list")
      ->check(CLI::Range(size_t{1}, size_t{100000}))
      ->capture_default_str();
  add_detector_options(*cmd, args->detectors);
  cmd->callback([args, &globals, action] {
    *action = [args, &globals] { return run_summary(*args, globals); };
  });
}

}  // namespace heapleak::cli
