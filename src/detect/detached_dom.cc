// Detached DOM (reference 2.4): DOM nodes removed from the document that JavaScript still
// holds. Each detached tree is found as a detached node no other detached node dominates; trees
// are grouped by the normalized path that holds them.
#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

#include "detect/passes.h"
#include "heapleak/analysis/outermost_members.h"
#include "heapleak/core/format.h"
#include "heapleak/diff/path_keys.h"

namespace heapleak::detect {
namespace {

bool is_detached_dom(const Snapshot& s, const HeapAnalysis& a, NodeOrdinal n) {
  return a.detachedness.detached_dom_element(s, n) && a.distances.distance[n] != kNoDistance;
}

}  // namespace

void detached_dom(const DetectorContext& c, std::vector<bool>& claimed, std::vector<Finding>& out) {
  const Snapshot& s = c.snapshot;
  const HeapAnalysis& a = c.analysis;
  BitSet detached(s.node_count());
  uint64_t detached_nodes = 0;
  for (NodeOrdinal n = 0; n < s.node_count(); ++n) {
    if (is_detached_dom(s, a, n)) {
      detached.set(n);
      ++detached_nodes;
    }
  }
  if (detached_nodes == 0) return;
  const BitSet roots = outermost_members(a.idom, s.root(), detached);

  struct Group {
    std::vector<NodeOrdinal> roots;
    RetainerPath path;
  };
  // Paths are keyed through PathKeys, which reads each heap node once, rather than walked whole
  // for each tree: many trees at the end of a long list would cost their count times its length.
  PathKeys keys(s, a, &detached);
  std::vector<Group> groups;  // by the number of their path's text
  for (NodeOrdinal n = 0; n < s.node_count(); ++n) {
    if (!roots.test(n)) continue;
    const auto key = keys.of(n);
    // JavaScript holds the tree when a JS object (not only DOM/C++ internals) is on the path.
    if (!key || !key->held_by_js) continue;
    // A tree hangs off JavaScript directly; a detached node reached through another detached
    // node (shared element data, a sibling) belongs to that node's tree.
    if (key->marked_inside || s.node_name_text(n).find("::") != std::string_view::npos) continue;
    const auto [index, first] = keys.number_text(key->path);
    if (first) {
      groups.push_back({{}, from_last_global(s, *shortest_retainer_path(s, a.distances, n))});
    }
    groups[index].roots.push_back(n);
  }
  // Detached nodes per group: each belongs to the tree root above it in the dominator tree.
  std::unordered_map<NodeOrdinal, size_t> group_of_root;
  for (size_t g = 0; g < groups.size(); ++g) {
    for (const NodeOrdinal r : groups[g].roots) group_of_root[r] = g;
  }
  std::vector<uint64_t> tree_nodes(groups.size(), 0);
  // Each node's tree root, remembered for every node a walk passes, so that a tree 100,000
  // deep is not walked once per node.
  std::unordered_map<NodeOrdinal, NodeOrdinal> tree_root_of;
  std::vector<NodeOrdinal> walked;
  for (NodeOrdinal n = 0; n < s.node_count(); ++n) {
    if (!detached.test(n)) continue;
    NodeOrdinal x = n;
    walked.clear();
    while (x != s.root() && !roots.test(x)) {
      if (const auto known = tree_root_of.find(x); known != tree_root_of.end()) {
        x = known->second;
        break;
      }
      walked.push_back(x);
      x = a.idom[x];
    }
    for (const NodeOrdinal w : walked) tree_root_of.emplace(w, x);
    if (const auto it = group_of_root.find(x); it != group_of_root.end()) ++tree_nodes[it->second];
  }
  for (size_t gi = 0; gi < groups.size(); ++gi) {
    Group& g = groups[gi];
    std::sort(g.roots.begin(), g.roots.end(), RetainsMore{s, a});
    Finding f;
    f.detector = "detached-dom";
    f.class_name = class_of(c, g.roots.front());
    f.count = g.roots.size();
    std::string tree_sizes;
    for (const NodeOrdinal r : g.roots) {
      f.retained_size += a.retained_size[r];
      if (f.sample_ids.size() < 10) f.sample_ids.push_back(s.node_id[r]);
      if (f.sample_ids.size() <= 5) {
        tree_sizes += fmt::format("{}{} @{} {}", tree_sizes.empty() ? "" : ", ", class_of(c, r),
                                  s.node_id[r], format_bytes(a.retained_size[r]));
      }
    }
    if (g.roots.size() > 5) tree_sizes += ", ...";
    f.path = g.path;
    f.cut = path_prefix_text(c, g.path, g.path.edges.size() - 1);
    f.bytes_freed =
        bytes_freed_by_cut(c, g.roots, [&](NodeOrdinal m) { return path_holder(c, m); });
    // JavaScript holding a removed element is a leak at any size.
    f.severity = f.retained_size >= option(c, "detached-dom", "error-bytes") ? Severity::kError
                                                                             : Severity::kWarning;
    f.title =
        fmt::format("{} detached DOM tree{} ({}) still held from JavaScript, {} in all", f.count,
                    f.count == 1 ? "" : "s", f.class_name, format_bytes(f.retained_size));
    f.evidence.push_back({"detached DOM nodes in these trees", format_count(tree_nodes[gi])});
    f.evidence.push_back({"detached DOM nodes in the snapshot", format_count(detached_nodes)});
    f.evidence.push_back({"largest trees", tree_sizes});
    f.advice =
        "Drop the JavaScript reference when the element is removed from the page (delete it "
        "from the array/Map/variable named in the path, or set it to null), and remove the "
        "element's event listeners so no callback keeps it alive.";
    out.push_back(std::move(f));
  }
  if (c.clusters != nullptr) {
    for (size_t i = 0; i < c.clusters->clusters.size(); ++i) {
      const LeakCluster& cluster = c.clusters->clusters[i];
      if (c.analysis.classes.name(cluster.leaked_class).starts_with("Detached ")) claimed[i] = true;
    }
  }
}

}  // namespace heapleak::detect
