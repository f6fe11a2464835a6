// Retainer paths as reports show them: each step is the edge taken and the object it reaches.
// Shared by `summary` (top dominators), `paths`, and later the diff's leak clusters.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/analysis/retainer_paths.h"
#include "heapleak/report/json_writer.h"

namespace heapleak {

struct NodeView {
  NodeId id = 0;
  std::string class_name;
  std::string name;  // after "Detached " renaming
  uint64_t self_size = 0;
  uint64_t retained_size = 0;
  int64_t distance = 0;
};

struct PathStep {
  std::string edge;       // "someCache", "3" (element index), ... ; empty for the start
  std::string edge_type;  // "property", "element", "context", ...; empty for the start
  NodeView node;
  uint64_t elided_before = 0;  // steps of the path left out just before this one
};

NodeView describe_node(const Snapshot& s, const HeapAnalysis& a, NodeOrdinal n);
// A distance as the DevTools grid shows it: "-" for unreachable and system-only objects.
std::string distance_text(int64_t distance);
// The start node first (without an edge), then one step per edge; a path of more than
// `max_steps` steps (start included) keeps its first kShownPathHead and its last ones, the first
// of those saying how many were left out. A path ShownPaths cut shows what it kept.
std::vector<PathStep> describe_path(const Snapshot& s, const HeapAnalysis& a,
                                    const RetainerPath& path, size_t max_steps = SIZE_MAX);

// "global.someCache -> Map.table -> ..." style one-liner (its middle left out past
// kShownPathSteps steps) and a multi-line form.
std::string path_one_line(const std::vector<PathStep>& steps);
std::string render_path_text(const std::vector<PathStep>& steps, std::string_view indent);

void write_node_json(JsonWriter& w, const NodeView& node);
void write_path_json(JsonWriter& w, const std::vector<PathStep>& steps);
// "key": [id, ...]
void write_ids_json(JsonWriter& w, std::string_view key, const std::vector<NodeId>& ids);

}  // namespace heapleak
