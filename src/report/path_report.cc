#include "heapleak/report/path_report.h"

#include <fmt/format.h>

#include "heapleak/core/format.h"

namespace heapleak {
namespace {

std::string edge_text(const PathStep& step) {
  return printable(edge_step_text(step.edge_type, step.edge));
}

}  // namespace

NodeView describe_node(const Snapshot& s, const HeapAnalysis& a, NodeOrdinal n) {
  NodeView v;
  v.id = s.node_id[n];
  v.class_name = a.classes.name(a.classes.class_of(n));
  a.detachedness.append_name(v.name, s, n);
  v.self_size = s.node_self_size[n];
  v.retained_size = a.retained_size[n];
  v.distance = a.distances.distance[n];
  return v;
}

std::string distance_text(int64_t distance) {
  return distance < 0 || distance >= kBaseSystemDistance ? std::string("-")
                                                         : std::to_string(distance);
}

std::vector<PathStep> describe_path(const Snapshot& s, const HeapAnalysis& a,
                                    const RetainerPath& path, size_t max_steps) {
  // Step k > 0 is the one edge k - 1 of the whole path reaches; a path ShownPaths cut holds
  // only the edges of the steps it shows.
  const size_t step_count = path.edges.size() + 1 + path.omitted;
  const PathGap gap = path.omitted != 0 ? PathGap{kShownPathHead, kShownPathHead + path.omitted}
                                        : shown_path_gap(step_count, max_steps);
  std::vector<PathStep> steps;
  steps.push_back({"", "", describe_node(s, a, path.start)});
  for (size_t k = 1; k < step_count; ++k) {
    if (k == gap.head) k = gap.tail_from;
    const EdgeIndex e = path.edges[k - 1 - (k >= gap.tail_from ? path.omitted : 0)];
    steps.push_back({s.edge_name_text(e), std::string(s.edge_type_name(e)),
                     describe_node(s, a, s.edge_to(e)),
                     k == gap.tail_from ? gap.tail_from - gap.head : 0});
  }
  return steps;
}

std::string path_one_line(const std::vector<PathStep>& steps) {
  const PathGap gap = shown_path_gap(steps.size());
  std::string line;
  uint64_t elided = 0;
  for (size_t i = 0; i < steps.size(); ++i) {
    const PathStep& step = steps[i];
    elided += step.elided_before;
    if (i >= gap.head && i < gap.tail_from) {
      ++elided;
      continue;
    }
    if (elided != 0) line += " -> " + elided_steps_text(elided) + " ";
    elided = 0;
    if (!step.edge_type.empty()) line += edge_text(step) + " -> ";
    line += printable(step.node.class_name);
  }
  return line;
}

std::string render_path_text(const std::vector<PathStep>& steps, std::string_view indent) {
  // Deeper steps stop moving right, so a path 100,000 steps deep is 100,000 lines, not 10 GB.
  constexpr size_t kMaxIndentSteps = 16;
  std::string out;
  for (size_t i = 0; i < steps.size(); ++i) {
    const PathStep& step = steps[i];
    const std::string nesting(std::min(i, kMaxIndentSteps) * 2, ' ');
    if (step.elided_before != 0) {
      out += fmt::format("{}{}{}\n", indent, nesting, elided_steps_text(step.elided_before));
    }
    const std::string edge = step.edge_type.empty() ? "" : edge_text(step);
    out +=
        fmt::format("{}{}{:<24} {} @{}  (retains {})\n", indent, nesting,
                    edge.empty() ? std::string("") : edge + " ->", printable(step.node.class_name),
                    step.node.id, format_bytes(step.node.retained_size));
  }
  return out;
}

void write_node_json(JsonWriter& w, const NodeView& node) {
  w.field("id", uint64_t{node.id})
      .field("class", node.class_name)
      .field("name", node.name)
      .field("self_size", node.self_size)
      .field("retained_size", node.retained_size)
      .field("distance", node.distance);
}

void write_path_json(JsonWriter& w, const std::vector<PathStep>& steps) {
  w.begin_array();
  for (const PathStep& step : steps) {
    w.begin_object();
    if (step.edge_type.empty()) {
      w.key("edge").null().key("edge_type").null();
    } else {
      w.field("edge", step.edge).field("edge_type", step.edge_type);
    }
    write_node_json(w, step.node);
    if (step.elided_before != 0) w.field("elided_before", step.elided_before);
    w.end_object();
  }
  w.end_array();
}

void write_ids_json(JsonWriter& w, std::string_view key, const std::vector<NodeId>& ids) {
  w.key(key).begin_array();
  for (const NodeId id : ids) w.value(uint64_t{id});
  w.end_array();
}

}  // namespace heapleak
