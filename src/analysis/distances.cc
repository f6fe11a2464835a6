#include "heapleak/analysis/distances.h"

#include <algorithm>
#include <optional>

#include "heapleak/analysis/shape.h"
#include "heapleak/analysis/weakmap_edge.h"

namespace heapleak {
namespace {

// JavaScript's parseInt(text, 10) for the (map descriptors) rule; nullopt where it gives NaN.
std::optional<int64_t> parse_int(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                             text[i] == '\r' || text[i] == '\v' || text[i] == '\f')) {
    ++i;
  }
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  const size_t start = i;
  int64_t value = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9' && value < (int64_t{1} << 50)) {
    value = value * 10 + (text[i++] - '0');
  }
  if (i == start) return std::nullopt;
  return negative ? -value : value;
}

class DistanceBfs {
 public:
  DistanceBfs(const Snapshot& s, bool record_parent_edges)
      : s_(s), weakmap_names_(s, WeakMapEdgeNames::Pairs::kNumbered) {
    const uint32_t n = s.node_count();
    result_.distance = DistanceColumn(n);
    if (record_parent_edges) {
      result_.parent_edge = PodArray<EdgeIndex>(n);
      std::fill(result_.parent_edge.begin(), result_.parent_edge.end(), kNoEdge);
    }
    const NodeOrdinal root = s.root();
    queue_ = PodArray<NodeOrdinal>(n + (s.first_edge[root + 1] - s.first_edge[root]) + 1);
  }

  Distances run() {
    const NodeOrdinal root = s_.root();
    // Pass 1: user roots, in the order of the root's edges (a root listed twice is queued
    // twice, as in DevTools).
    for (EdgeIndex e = s_.first_edge[root]; e < s_.first_edge[root + 1]; ++e) {
      const NodeOrdinal child = s_.edge_to(e);
      if (!is_user_root(s_, child)) continue;
      result_.distance.set(child, 1);
      queue_[length_++] = child;
    }
    const bool had_user_roots = length_ > 0;
    bfs(0);
    // Pass 2: everything else, from the root.
    result_.distance.set(root, had_user_roots ? kBaseSystemDistance : 0);
    queue_[0] = root;
    length_ = 1;
    bfs(0);
    return std::move(result_);
  }

 private:
  void bfs(uint32_t head) {
    const uint8_t weak = s_.meta.edge_types.weak;
    DistanceColumn& distance = result_.distance;
    // What the BFS has taken from the queue is dead, so its pages go back a megabyte at a time:
    // only the frontier stays in memory rather than every node reached.
    constexpr uint32_t kDiscardEvery = (uint32_t{1} << 20) / sizeof(NodeOrdinal);
    uint32_t kept = head;  // queue_[kept..) is still in memory
    while (head < length_) {
      if (head - kept >= kDiscardEvery) {
        queue_.discard(kept, head);
        kept = head;
      }
      const NodeOrdinal node = queue_[head++];
      const int32_t next = distance[node] + 1;
      const NodeKind kind = kind_of(node);
      for (EdgeIndex e = s_.first_edge[node]; e < s_.first_edge[node + 1]; ++e) {
        if (s_.edge_type(e) == weak) continue;
        const NodeOrdinal child = s_.edge_to(e);
        if (distance.reached(child)) continue;
        if (!follows(kind, e)) continue;
        distance.set(child, next);
        if (!result_.parent_edge.empty()) result_.parent_edge[child] = e;
        queue_[length_++] = child;
      }
    }
  }

  enum class NodeKind : uint8_t { kPlain, kNativeContext, kMapDescriptors };

  NodeKind kind_of(NodeOrdinal node) const {
    const uint8_t type = s_.node_type[node];
    if (type == s_.meta.node_types.hidden && s_.node_name_text(node) == "system / NativeContext") {
      return NodeKind::kNativeContext;
    }
    if (type == s_.meta.node_types.array && s_.node_name_text(node) == "(map descriptors)") {
      return NodeKind::kMapDescriptors;
    }
    return NodeKind::kPlain;
  }

  // DevTools' filter, asked only for non-weak edges into nodes without a distance yet.
  bool follows(NodeKind kind, EdgeIndex e) {
    if (kind == NodeKind::kNativeContext && s_.edge_has_string_name(e) &&
        s_.strings[s_.edge_name_or_index[e]] == "sloppy_function_map") {
      return false;
    }
    if (kind == NodeKind::kMapDescriptors) {
      const std::optional<int64_t> index = s_.edge_has_string_name(e)
                                               ? parse_int(s_.strings[s_.edge_name_or_index[e]])
                                               : std::optional<int64_t>(s_.edge_name_or_index[e]);
      return !index || *index < 2 || *index % 3 != 1;
    }
    // The first edge of a WeakMap pair met waits; the second one is followed.
    const auto weakmap = weakmap_names_.of_edge(e);
    if (!weakmap) return true;
    const uint32_t pair = weakmap_names_.pair(*weakmap);
    if (pending_pairs_.test(pair)) {
      pending_pairs_.reset(pair);
      return true;
    }
    pending_pairs_.set(pair);
    return false;
  }

  const Snapshot& s_;
  const WeakMapEdgeNames weakmap_names_;
  Distances result_;
  PodArray<NodeOrdinal> queue_;
  uint32_t length_ = 0;
  BitSet pending_pairs_{weakmap_names_.pair_count()};
};

}  // namespace

Distances compute_distances(const Snapshot& s, bool record_parent_edges) {
  return DistanceBfs(s, record_parent_edges).run();
}

}  // namespace heapleak
