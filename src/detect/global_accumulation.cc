// Global accumulation: new objects hung directly on the global object / Window, through
// properties that did not exist in the baseline (explicit `globalThis.x = ...` or implicit
// globals from assignments without let/const/var).
#include <fmt/format.h>

#include <set>

#include "detect/passes.h"
#include "heapleak/analysis/shape.h"
#include "heapleak/core/format.h"

namespace heapleak::detect {
namespace {

std::set<std::string> property_names(const Snapshot& s, NodeOrdinal n) {
  std::set<std::string> names;
  for (EdgeIndex e = s.first_edge[n]; e < s.first_edge[n + 1]; ++e) {
    if (s.edge_type(e) == s.meta.edge_types.property) names.insert(s.edge_name_text(e));
  }
  return names;
}

}  // namespace

void global_accumulation(const DetectorContext& c, std::vector<bool>& claimed,
                         std::vector<Finding>& out) {
  if (c.clusters == nullptr) return;
  const Snapshot& s = c.snapshot;
  for (size_t i = 0; i < c.clusters->clusters.size(); ++i) {
    if (claimed[i]) continue;
    const LeakCluster& cluster = c.clusters->clusters[i];
    const RetainerPath& path = cluster.path;
    if (path.edges.size() != 1 || !is_global_object(s, path.start) ||
        s.edge_type(path.edges[0]) != s.meta.edge_types.property) {
      continue;
    }
    const NodeOrdinal global = path.start;
    const std::set<std::string> now = property_names(s, global);
    std::set<std::string> before;
    if (c.baseline_ids != nullptr) {
      const NodeOrdinal b = c.baseline_ids->find(s.node_id[global]);
      if (b != kNoNode) before = property_names(*c.baseline, b);
    }
    // The properties holding this cluster's objects, and which of them are new.
    std::vector<std::string> held, added;
    for (const NodeOrdinal m : cluster.members) {
      const EdgeIndex e = c.analysis.distances.parent_edge[m];
      if (e == kNoEdge) continue;
      std::string name = s.edge_name_text(e);
      if (!before.contains(name)) added.push_back(name);
      held.push_back(std::move(name));
    }
    claimed[i] = true;
    Finding f = finding_from_cluster(c, cluster, "global-accumulation");
    f.bytes_freed = bytes_freed_by_cut(c, cluster.members, [&](NodeOrdinal) { return global; });
    std::string sample;
    for (size_t k = 0; k < held.size() && k < 5; ++k) sample += (k ? ", " : "") + held[k];
    if (held.size() > 5) sample += ", ...";
    f.title = fmt::format("{} {} object{} held by global propert{} ({}){}", f.count, f.class_name,
                          f.count == 1 ? "" : "s", held.size() == 1 ? "y" : "ies", sample,
                          added.empty() ? "" : fmt::format(", {} of them new", added.size()));
    f.evidence.push_back({"global", class_of(c, global)});
    f.evidence.push_back({"global properties",
                          fmt::format("{} in the baseline, {} now", before.size(), now.size())});
    f.evidence.push_back({"properties holding them", sample});
    f.cut = fmt::format("{}.{}", class_of(c, global), held.empty() ? "?" : held.front());
    f.advice =
        "Declare the variable with let/const inside the module or function that uses it "
        "(an assignment without let/const/var creates a global in sloppy mode: add 'use "
        "strict' to catch it), or delete the property / bound what the global holds when the "
        "data is no longer needed.";
    f.severity = severity_for(c, "global-accumulation", f.retained_size, added.size());
    out.push_back(std::move(f));
  }
}

}  // namespace heapleak::detect
