#include <fmt/format.h>

#include <memory>

#include "cli/analyzed_snapshot.h"
#include "cli/app.h"
#include "cli/commands/commands.h"
#include "heapleak/report/node_export.h"

namespace heapleak::cli {
namespace {

struct NodesArgs {
  std::string snapshot;
  std::string format = "jsonl";
  std::vector<std::string> filters;
};

int run_nodes(const NodesArgs& args, const GlobalOptions& globals) {
  auto filter = NodeFilter::parse(args.filters);
  if (!filter.ok()) {
    fmt::print(stderr, "heapleak: error: {}\n", filter.error().what());
    return kExitError;
  }
  auto analyzed = analyze_for_command(args.snapshot, globals);
  if (!analyzed) return kExitError;
  const NodeFormat format = args.format == "csv" ? NodeFormat::kCsv : NodeFormat::kJsonLines;
  write_nodes(analyzed->snapshot(), analyzed->analysis, format, filter.value(), stdout,
              {.threads = globals.threads == 1 ? 1u : 2u});
  return kExitOk;
}

}  // namespace

void register_nodes_command(CLI::App& app, const GlobalOptions& globals,
                            std::function<int()>* action) {
  auto args = std::make_shared<NodesArgs>();
  CLI::App* cmd = app.add_subcommand(
      "nodes",
      "Export every node with its DevTools numbers, one per line: id, type, name, class, "
      "self_size, retained_size, distance, dominator, detachedness");
  add_snapshot_argument(*cmd, args->snapshot);
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"jsonl", "csv"}))
      ->capture_default_str();
  cmd->add_option("--filter", args->filters,
                  "Keep nodes where FIELD OP VALUE holds (OP: = != < <= > >= ~); repeatable, "
                  "e.g. --filter class=Array --filter 'retained_size>=1000000'");
  cmd->callback([args, &globals, action] {
    *action = [args, &globals] { return run_nodes(*args, globals); };
  });
}

}  // namespace heapleak::cli
