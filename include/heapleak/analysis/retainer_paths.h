// Retainer paths: how an object is kept alive, from a GC root down to it, over non-weak edges.
// The shortest one follows the distance BFS (so it starts at a user root such as `global` or
// `Window` when one reaches the object, and WeakMap values go through the pair edge that
// DevTools counts). Alternatives go through the object's other retainers, nearest first, as
// in DevTools' Retainers view (no edges from the snapshot root, no weak edges).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "heapleak/analysis/distances.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

struct RetainerPath {
  NodeOrdinal start = kNoNode;   // a user root, or the snapshot root
  std::vector<EdgeIndex> edges;  // from `start` to the object, in order
  // Edges left out after the first kShownPathHead - 1 of `edges` (ShownPaths); 0 when whole.
  uint64_t omitted = 0;
};

// The shortest path to `target` as recorded in `distances.parent_edge` (which must have been
// requested), or nothing when no path exists (only weak retainers).
std::optional<RetainerPath> shortest_retainer_path(const Snapshot& s, const Distances& distances,
                                                   NodeOrdinal target);

// The part of `path` from the last global object on it (Window, global) down, when it passes
// one: what a developer can name in code. Paths from V8 or Blink internals stay whole.
RetainerPath from_last_global(const Snapshot& s, const RetainerPath& path);

// Up to `count` paths, each through a different retainer edge of `target`, shortest first.
std::vector<RetainerPath> retainer_paths(const Snapshot& s, const Distances& distances,
                                         NodeOrdinal target, size_t count);

// A path shown in a list (summary rows, leak clusters, findings) keeps its first
// kShownPathHead steps and its last kShownPathSteps - kShownPathHead: the global that holds it
// and what holds the object. A heap can be a linked list 100,000 deep, and a list of such
// paths would otherwise take memory and output in the square of that.
constexpr size_t kShownPathSteps = 32;
constexpr size_t kShownPathHead = 8;

// The steps [head, tail_from) that a path of `steps` steps (start included) leaves out to show
// at most `max_steps`: its first kShownPathHead and its last ones. Empty when it fits.
struct PathGap {
  size_t head;
  size_t tail_from;
};
PathGap shown_path_gap(size_t steps, size_t max_steps = kShownPathSteps);
// "... 12 more steps ..."
std::string elided_steps_text(uint64_t steps);

// Shortest paths as lists show them (shown_path_gap()), for many objects: a path keeps its first
// kShownPathHead steps and its last ones, and the middle it leaves out (`omitted`) is not walked
// again for the next object. Walking each path whole, the paths of the objects down a deep list
// cost the square of its depth (`summary --top 20000` on a 50,000-deep one: 7.8 s). Every 64th
// node of a walked path remembers its length and the last node of its head, so a path costs at
// most 64 steps beyond what it shows, once the nodes above have been walked.
class ShownPaths {
 public:
  ShownPaths(const Snapshot& s, const Distances& distances, size_t max_steps = kShownPathSteps);
  std::optional<RetainerPath> of(NodeOrdinal target);

 private:
  struct Mark {
    uint64_t length;   // edges from the start
    NodeOrdinal head;  // the node kShownPathHead - 1 edges from the start, or the deepest
  };

  const Snapshot& s_;
  const Distances& distances_;
  size_t max_steps_;
  std::unordered_map<NodeOrdinal, Mark> marks_;
  std::vector<NodeOrdinal> walk_;
};

// How an edge reads in a path: `.name` for properties, `[3]` for elements, and the edge type
// spelled out for the internal kinds people rarely see in code (" (internal table)").
std::string edge_step_text(std::string_view edge_type, std::string_view edge_name);

}  // namespace heapleak
