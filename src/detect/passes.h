// The passes and the helpers they share; only registry.cc lists the passes.
#pragma once

#include <optional>

#include "heapleak/detect/detector.h"

namespace heapleak::detect {

void detached_dom(const DetectorContext& c, std::vector<bool>& claimed, std::vector<Finding>& out);
void event_listeners(const DetectorContext& c, std::vector<bool>& claimed,
                     std::vector<Finding>& out);
void timers(const DetectorContext& c, std::vector<bool>& claimed, std::vector<Finding>& out);
void closure_retention(const DetectorContext& c, std::vector<bool>& claimed,
                       std::vector<Finding>& out);
void global_accumulation(const DetectorContext& c, std::vector<bool>& claimed,
                         std::vector<Finding>& out);
void growing_collection(const DetectorContext& c, std::vector<bool>& claimed,
                        std::vector<Finding>& out);

// Whether `ancestor` dominates `node` (walks the idom chain up to where the retained sizes pass
// the ancestor's; `ancestor` == `node` counts).
bool dominates(const HeapAnalysis& a, NodeOrdinal root, NodeOrdinal ancestor, NodeOrdinal node);

// The bytes released by cutting the references `holder_of(member)` holds to each member:
// the retained size of every member its holder dominates (a member also held from elsewhere
// would survive the cut and frees nothing).
template <typename HolderOf>
uint64_t bytes_freed_by_cut(const DetectorContext& c, std::span<const NodeOrdinal> members,
                            HolderOf holder_of) {
  uint64_t freed = 0;
  for (const NodeOrdinal m : members) {
    const NodeOrdinal holder = holder_of(m);
    if (holder != m && dominates(c.analysis, c.snapshot.root(), holder, m)) {
      freed += c.analysis.retained_size[m];
    }
  }
  return freed;
}

// The node holding `member` on its shortest retainer path (the source of the last edge).
NodeOrdinal path_holder(const DetectorContext& c, NodeOrdinal member);

// A finding for a leak cluster, with the fields every pass fills the same way.
Finding finding_from_cluster(const DetectorContext& c, const LeakCluster& cluster,
                             std::string_view detector);

// One finding for several leak clusters explained by the same holder: counts and sizes add
// up (clusters never share members), the largest cluster gives the path. Returns the members.
std::vector<NodeOrdinal> merge_clusters(const DetectorContext& c,
                                        const std::vector<size_t>& clusters, Finding& f);

// The first node on the cluster's path (after its start) that satisfies `pred`, or nullopt.
template <typename Pred>
std::optional<size_t> find_on_path(const DetectorContext& c, const RetainerPath& path, Pred pred) {
  for (size_t i = 0; i < path.edges.size(); ++i) {
    if (pred(c.snapshot.edge_to(path.edges[i]), path.edges[i])) return i;
  }
  return std::nullopt;
}

std::string class_of(const DetectorContext& c, NodeOrdinal n);
// "global.someCache -> Map": a path prefix as the reports write it, up to edge `last` included.
std::string path_prefix_text(const DetectorContext& c, const RetainerPath& path, size_t last);

// Entries of a collection (series.h's collection_entries) in the latest snapshot, and in the
// baseline for the object with the same id (0 when it did not exist yet).
int64_t entries_now(const DetectorContext& c, NodeOrdinal collection);
int64_t entries_in_baseline(const DetectorContext& c, NodeOrdinal collection);

// "script 12, line 3:5" (1-based) for a function or constructor with a location, else "".
std::string location_text(const DetectorContext& c, NodeOrdinal n);

// The value of a pass's option: from the command line, else its declared default.
uint64_t option(const DetectorContext& c, std::string_view detector, std::string_view name);
// error at `error-bytes`; warning at `warn-bytes` or, for passes that declare it, at
// `warn-count` objects; info below.
Severity severity_for(const DetectorContext& c, std::string_view detector, uint64_t bytes,
                      uint64_t count);

}  // namespace heapleak::detect
