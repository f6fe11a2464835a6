#include <fmt/format.h>

#include <algorithm>

#include "detect/passes.h"
#include "heapleak/diff/series.h"

namespace heapleak::detect {

bool dominates(const HeapAnalysis& a, NodeOrdinal root, NodeOrdinal ancestor, NodeOrdinal node) {
  // Retained sizes only grow up the chain, so once one passes the ancestor's, the ancestor is
  // not above: the walk stops there rather than at the root, which for many objects deep in
  // one chain (a list) would be quadratic.
  const uint64_t limit = a.retained_size[ancestor];
  while (true) {
    if (node == ancestor) return true;
    if (node == root || a.retained_size[node] > limit) return false;
    node = a.idom[node];
  }
}

NodeOrdinal path_holder(const DetectorContext& c, NodeOrdinal member) {
  const EdgeIndex e = c.analysis.distances.parent_edge[member];
  return e == kNoEdge ? member : c.snapshot.edge_source(e);
}

std::string class_of(const DetectorContext& c, NodeOrdinal n) {
  return c.analysis.classes.name(c.analysis.classes.class_of(n));
}

std::string path_prefix_text(const DetectorContext& c, const RetainerPath& path, size_t last) {
  const Snapshot& s = c.snapshot;
  // Step k > 0 is the one edge k - 1 reaches; a deep path's middle is left out, as in lists.
  const size_t steps = std::min(last + 1, path.edges.size()) + 1;
  const PathGap gap = shown_path_gap(steps);
  std::string text = class_of(c, path.start);
  for (size_t k = 1; k < steps; ++k) {
    if (k == gap.head) {
      text += " -> " + elided_steps_text(gap.tail_from - gap.head) + " ";
      k = gap.tail_from;
    }
    const EdgeIndex e = path.edges[k - 1];
    text += edge_step_text(s.edge_type_name(e), s.edge_name_text(e));
    text += " -> " + class_of(c, s.edge_to(e));
  }
  return text;
}

Finding finding_from_cluster(const DetectorContext& c, const LeakCluster& cluster,
                             std::string_view detector) {
  Finding f;
  f.detector = detector;
  f.class_name = c.analysis.classes.name(cluster.leaked_class);
  f.count = cluster.count;
  f.retained_size = cluster.retained_size;
  f.sample_ids = cluster.sample_ids;
  f.path = cluster.path;
  f.evidence.push_back({"signature", cluster.signature});
  return f;
}

int64_t entries_now(const DetectorContext& c, NodeOrdinal collection) {
  return collection_entries(c.snapshot, collection);
}

int64_t entries_in_baseline(const DetectorContext& c, NodeOrdinal collection) {
  if (c.baseline == nullptr || c.baseline_ids == nullptr) return 0;
  const NodeOrdinal b = c.baseline_ids->find(c.snapshot.node_id[collection]);
  if (b == kNoNode) return 0;
  return std::max<int64_t>(0, collection_entries(*c.baseline, b));
}

std::string location_text(const DetectorContext& c, NodeOrdinal n) {
  const Location* loc = c.snapshot.location_of(n);
  if (loc == nullptr) return "";
  return fmt::format("script {}, line {}:{}", loc->script_id, loc->line + 1, loc->column + 1);
}

std::vector<NodeOrdinal> merge_clusters(const DetectorContext& c,
                                        const std::vector<size_t>& clusters, Finding& f) {
  std::vector<NodeOrdinal> members;
  f.count = 0;
  f.retained_size = 0;
  for (const size_t i : clusters) {
    const LeakCluster& cluster = c.clusters->clusters[i];
    f.count += cluster.count;
    f.retained_size += cluster.retained_size;
    members.insert(members.end(), cluster.members.begin(), cluster.members.end());
  }
  return members;
}

namespace {

const DetectorOption* find_option(std::string_view detector, std::string_view name) {
  for (const Detector& d : detector_registry()) {
    if (d.name != detector) continue;
    for (const DetectorOption& o : d.options) {
      if (o.name == name) return &o;
    }
  }
  return nullptr;
}

}  // namespace

uint64_t option(const DetectorContext& c, std::string_view detector, std::string_view name) {
  if (c.settings != nullptr) {
    const auto it = c.settings->find(fmt::format("{}.{}", detector, name));
    if (it != c.settings->end()) return it->second;
  }
  const DetectorOption* o = find_option(detector, name);
  return o == nullptr ? 0 : o->default_value;
}

Severity severity_for(const DetectorContext& c, std::string_view detector, uint64_t bytes,
                      uint64_t count) {
  if (bytes >= option(c, detector, "error-bytes")) return Severity::kError;
  if (bytes >= option(c, detector, "warn-bytes")) return Severity::kWarning;
  if (find_option(detector, "warn-count") != nullptr && count >= option(c, detector, "warn-count"))
    return Severity::kWarning;
  return Severity::kInfo;
}

}  // namespace heapleak::detect
