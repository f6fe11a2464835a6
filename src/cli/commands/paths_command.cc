#include <fmt/format.h>
#include <unistd.h>

#include <limits>
#include <memory>

#include "cli/analyzed_snapshot.h"
#include "cli/app.h"
#include "cli/commands/commands.h"
#include "heapleak/core/format.h"
#include "heapleak/report/path_report.h"

namespace heapleak::cli {
namespace {

constexpr int kPathsSchemaVersion = 1;

struct PathsArgs {
  std::string snapshot;
  uint64_t id = 0;
  size_t count = 5;
  std::string format = "text";
};

// The object's dominators, nearest first, up to the root: what would have to let go of it.
std::vector<NodeView> dominator_chain(const Snapshot& s, const HeapAnalysis& a, NodeOrdinal n) {
  std::vector<NodeView> chain;
  while (n != s.root()) {
    n = a.idom[n];
    chain.push_back(describe_node(s, a, n));
  }
  return chain;
}

std::string render_text(const NodeView& target, const std::vector<std::vector<PathStep>>& paths,
                        const std::vector<NodeView>& dominators) {
  // A name can be a 100 MB string: the header shows its start.
  std::string out = fmt::format("{} @{}  {}\n  self {}, retained {}, distance {}\n\n",
                                printable(target.class_name), target.id,
                                clip_text(target.name, 200), format_bytes(target.self_size),
                                format_bytes(target.retained_size), distance_text(target.distance));
  if (paths.empty()) out += "No retainer path: only weak references (or none) reach it.\n";
  for (size_t i = 0; i < paths.size(); ++i) {
    out += fmt::format("Path {} ({} steps): {}\n", i + 1, paths[i].size() - 1,
                       path_one_line(paths[i]));
    out += render_path_text(paths[i], "  ");
    out += "\n";
  }
  out += "Dominators (nearest first):\n";
  for (const NodeView& d : dominators) {
    out += fmt::format("  {} @{}  (retains {})\n", printable(d.class_name), d.id,
                       format_bytes(d.retained_size));
  }
  return out;
}

std::string render_json(const NodeView& target, const std::vector<std::vector<PathStep>>& paths,
                        const std::vector<NodeView>& dominators) {
  JsonWriter w;
  w.begin_object().field("schema_version", kPathsSchemaVersion).field("kind", "paths");
  w.key("target").begin_object();
  write_node_json(w, target);
  w.end_object();
  w.key("paths").begin_array();
  for (const auto& path : paths) write_path_json(w, path);
  w.end_array();
  w.key("dominators").begin_array();
  for (const NodeView& d : dominators) {
    w.begin_object();
    write_node_json(w, d);
    w.end_object();
  }
  w.end_array().end_object();
  return w.str() + "\n";
}

int run_paths(const PathsArgs& args, const GlobalOptions& globals) {
  AnalysisOptions options;
  options.record_parent_edges = true;
  auto analyzed = analyze_for_command(args.snapshot, globals, options);
  if (!analyzed) return kExitError;
  const Snapshot& s = analyzed->snapshot();
  const HeapAnalysis& a = analyzed->analysis;
  const NodeOrdinal target =
      args.id > UINT32_MAX ? kNoNode : s.find_node(static_cast<NodeId>(args.id));
  if (target == kNoNode) {
    fmt::print(stderr, "heapleak: error: {}: no object with id {}\n", args.snapshot, args.id);
    return kExitError;
  }
  std::vector<std::vector<PathStep>> paths;
  for (const RetainerPath& p : retainer_paths(s, a.distances, target, args.count)) {
    paths.push_back(describe_path(s, a, p));
  }
  const NodeView node = describe_node(s, a, target);
  const auto dominators = dominator_chain(s, a, target);
  write_stdout(args.format == "json" ? render_json(node, paths, dominators)
                                     : render_text(node, paths, dominators));
  return kExitOk;
}

}  // namespace

void register_paths_command(CLI::App& app, const GlobalOptions& globals,
                            std::function<int()>* action) {
  auto args = std::make_shared<PathsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "paths", "Retainer paths of one object: how it is kept alive, from a GC root down to it");
  add_snapshot_argument(*cmd, args->snapshot);
  cmd->add_option("--id", args->id, "The object's id (the @id DevTools shows)")
      ->check(CLI::Range(uint64_t{0}, uint64_t{std::numeric_limits<NodeId>::max()}))
      ->required();
  cmd->add_option("--count", args->count, "Paths to show, each through a different retainer")
      ->check(CLI::Range(size_t{1}, size_t{1000}))
      ->capture_default_str();
  cmd->add_option("--format", args->format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->callback([args, &globals, action] {
    *action = [args, &globals] { return run_paths(*args, globals); };
  });
}

}  // namespace heapleak::cli
