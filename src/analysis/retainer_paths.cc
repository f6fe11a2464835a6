#include "heapleak/analysis/retainer_paths.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "heapleak/analysis/shape.h"

namespace heapleak {
namespace {

// The last `count` (at most) edges of the shortest path to `node`, in path order. Parent edges
// come from a BFS, so the chain is acyclic and no longer than the node count.
std::vector<EdgeIndex> last_path_edges(const Snapshot& s, const Distances& distances,
                                       NodeOrdinal node, uint64_t count) {
  std::vector<EdgeIndex> edges;
  for (; edges.size() < count && distances.parent_edge[node] != kNoEdge;
       node = s.edge_source(distances.parent_edge[node])) {
    edges.push_back(distances.parent_edge[node]);
  }
  std::reverse(edges.begin(), edges.end());
  return edges;
}

}  // namespace

std::optional<RetainerPath> shortest_retainer_path(const Snapshot& s, const Distances& distances,
                                                   NodeOrdinal target) {
  if (distances.distance[target] == kNoDistance) return std::nullopt;
  RetainerPath path;
  path.edges = last_path_edges(s, distances, target, UINT64_MAX);
  path.start = path.edges.empty() ? target : s.edge_source(path.edges.front());
  return path;
}

RetainerPath from_last_global(const Snapshot& s, const RetainerPath& path) {
  for (size_t i = path.edges.size(); i-- > 0;) {
    const NodeOrdinal node = s.edge_to(path.edges[i]);
    if (is_global_object(s, node)) {
      return {node, std::vector<EdgeIndex>(path.edges.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                           path.edges.end())};
    }
  }
  return path;
}

std::vector<RetainerPath> retainer_paths(const Snapshot& s, const Distances& distances,
                                         NodeOrdinal target, size_t count) {
  std::vector<RetainerPath> paths;
  if (count == 0) return paths;
  auto shortest = shortest_retainer_path(s, distances, target);
  if (!shortest) return paths;
  const EdgeIndex first_edge = shortest->edges.empty() ? kNoEdge : shortest->edges.back();
  paths.push_back(std::move(*shortest));

  struct Retainer {
    int32_t distance;
    EdgeIndex edge;
  };
  std::vector<Retainer> retainers;
  const uint8_t weak = s.meta.edge_types.weak;
  for (NodeOrdinal from = 0; from < s.node_count(); ++from) {
    if (from == s.root() || distances.distance[from] == kNoDistance) continue;
    for (EdgeIndex e = s.first_edge[from]; e < s.first_edge[from + 1]; ++e) {
      if (s.edge_to(e) != target || s.edge_type(e) == weak || e == first_edge) continue;
      retainers.push_back({distances.distance[from], e});
    }
  }
  std::sort(retainers.begin(), retainers.end(), [](const Retainer& a, const Retainer& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.edge < b.edge;
  });
  for (const Retainer& r : retainers) {
    if (paths.size() >= count) break;
    auto via = shortest_retainer_path(s, distances, s.edge_source(r.edge));
    if (!via) continue;
    // A retainer below the target (its child pointing back) would make a cycle.
    const bool cycles =
        via->start == target || std::any_of(via->edges.begin(), via->edges.end(),
                                            [&](EdgeIndex e) { return s.edge_to(e) == target; });
    if (cycles) continue;
    via->edges.push_back(r.edge);
    paths.push_back(std::move(*via));
  }
  return paths;
}

ShownPaths::ShownPaths(const Snapshot& s, const Distances& distances, size_t max_steps)
    : s_(s), distances_(distances), max_steps_(max_steps) {}

std::optional<RetainerPath> ShownPaths::of(NodeOrdinal target) {
  if (distances_.distance[target] == kNoDistance) return std::nullopt;
  constexpr uint64_t kMarkEvery = 64;
  constexpr uint64_t kHeadEdges = kShownPathHead - 1;
  // Up to a marked node or the start, then down again, marking.
  walk_.clear();
  NodeOrdinal node = target;
  Mark mark;
  while (true) {
    if (const auto it = marks_.find(node); it != marks_.end()) {
      mark = it->second;
      break;
    }
    const EdgeIndex parent_edge = distances_.parent_edge[node];
    if (parent_edge == kNoEdge) {
      mark = {0, node};
      break;
    }
    walk_.push_back(node);
    node = s_.edge_source(parent_edge);
  }
  for (size_t i = walk_.size(); i-- > 0;) {
    ++mark.length;
    if (mark.length <= kHeadEdges) mark.head = walk_[i];
    if (mark.length % kMarkEvery == 0) marks_.emplace(walk_[i], mark);
  }
  const PathGap gap = shown_path_gap(mark.length + 1, max_steps_);
  RetainerPath path;
  if (gap.head == gap.tail_from) {
    path.edges = last_path_edges(s_, distances_, target, mark.length);
  } else {
    path.edges = last_path_edges(s_, distances_, mark.head, kHeadEdges);
    const std::vector<EdgeIndex> tail =
        last_path_edges(s_, distances_, target, mark.length + 1 - gap.tail_from);
    path.edges.insert(path.edges.end(), tail.begin(), tail.end());
    path.omitted = gap.tail_from - gap.head;
  }
  path.start = path.edges.empty() ? target : s_.edge_source(path.edges.front());
  return path;
}

PathGap shown_path_gap(size_t steps, size_t max_steps) {
  if (steps <= max_steps || max_steps <= kShownPathHead) return {steps, steps};
  return {kShownPathHead, steps - (max_steps - kShownPathHead)};
}

std::string elided_steps_text(uint64_t steps) {
  return fmt::format("... {} more step{} ...", steps, steps == 1 ? "" : "s");
}

std::string edge_step_text(std::string_view edge_type, std::string_view edge_name) {
  if (edge_type == "property") return fmt::format(".{}", edge_name);
  if (edge_type == "element") return fmt::format("[{}]", edge_name);
  return fmt::format(" ({} {})", edge_type, edge_name);
}

}  // namespace heapleak
