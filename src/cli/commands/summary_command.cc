#include <fmt/format.h>
#include <unistd.h>

#include <memory>

#include "cli/app.h"
#include "cli/commands/commands.h"
#include "cli/terminal_progress.h"
#include "heapleak/report/summary.h"
#include "heapleak/snapshot/load.h"

namespace heapleak::cli {
namespace {

struct SummaryArgs {
  std::string snapshot;
  std::string format = "text";
  size_t top = 15;
};

int run_summary(const SummaryArgs& args, const GlobalOptions& globals) {
  LoadOptions options;
  options.threads = globals.threads;
  options.progress = make_terminal_progress(globals.quiet);
  auto loaded = load_snapshot(args.snapshot, options);
  clear_terminal_progress();
  if (!loaded.ok()) {
    fmt::print(stderr, "heapleak: error: {}\n", loaded.error().what());
    return kExitError;
  }
  const SummaryReport report = build_summary(loaded.value(), args.top);
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
      "summary", "What a snapshot holds: producer, counts, sizes per node type, top classes");
  cmd->add_option("snapshot", args->snapshot,
                  "Heap snapshot file (.heapsnapshot, gzip or zstd compressed), or - for stdin")
      ->required();
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--top", args->top, "Number of classes in each top list")
      ->check(CLI::Range(size_t{1}, size_t{100000}))
      ->capture_default_str();
  cmd->callback([args, &globals, action] {
    *action = [args, &globals] { return run_summary(*args, globals); };
  });
}

}  // namespace heapleak::cli
