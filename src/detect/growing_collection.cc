// Growing caches and collections: a Map, Set, WeakMap, WeakSet, Array or dictionary-like
// object whose entry count grew since the baseline (same id), holding the new objects that
// survived. With one snapshot: collections with unusually many entries.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "detect/passes.h"
#include "heapleak/core/format.h"
#include "heapleak/diff/series.h"

namespace heapleak::detect {
namespace {

constexpr size_t kSingleSnapshotFindings = 5;

// The collection nearest to the leaked objects on the path: the last node that is one.
std::optional<size_t> nearest_collection(const DetectorContext& c, const RetainerPath& path) {
  for (size_t i = path.edges.size(); i-- > 0;) {
    if (i + 1 == path.edges.size()) continue;  // the leaked object itself
    if (collection_entries(c.snapshot, c.snapshot.edge_to(path.edges[i])) >= 0) return i;
  }
  return std::nullopt;
}

// Keys that look like counters or timestamps suggest a cache keyed by time or sequence.
bool numeric_key(std::string_view key) {
  return !key.empty() && std::all_of(key.begin(), key.end(), [](char ch) {
    return std::isdigit(static_cast<unsigned char>(ch));
  });
}

std::string advice_for(std::string_view collection) {
  if (collection == "Map" || collection == "Set" || collection == "Object") {
    return fmt::format(
        "Bound the {}: evict old entries (an LRU or a size limit), expire them (a TTL), or "
        "delete each entry when its work is done; when the keys are objects, use a "
        "Weak{} so entries go away with their keys.",
        collection, collection == "Set" ? "Set" : "Map");
  }
  return fmt::format(
      "Bound the {}: remove entries when they are done (splice/shift, or a ring buffer with a "
      "fixed size), or keep only what is still needed.",
      collection);
}

}  // namespace

void growing_collection(const DetectorContext& c, std::vector<bool>& claimed,
                        std::vector<Finding>& out) {
  const Snapshot& s = c.snapshot;
  if (c.clusters != nullptr) {
    // Group the unexplained clusters by the collection that holds them.
    std::map<NodeOrdinal, std::vector<size_t>> by_collection;
    std::map<NodeOrdinal, size_t> path_index;
    for (size_t i = 0; i < c.clusters->clusters.size(); ++i) {
      if (claimed[i]) continue;
      const RetainerPath& path = c.clusters->clusters[i].path;
      if (const auto at = nearest_collection(c, path)) {
        const NodeOrdinal collection = s.edge_to(path.edges[*at]);
        by_collection[collection].push_back(i);
        path_index.emplace(collection, *at);
      }
    }
    for (const auto& [collection, clusters] : by_collection) {
      const int64_t now = entries_now(c, collection);
      const int64_t before = entries_in_baseline(c, collection);
      if (now - before <= 0) continue;  // churn without growth is no leak
      const LeakCluster& largest = c.clusters->clusters[clusters.front()];
      Finding f = finding_from_cluster(c, largest, "growing-collection");
      for (const size_t i : clusters) claimed[i] = true;
      const std::vector<NodeOrdinal> members = merge_clusters(c, clusters, f);
      f.bytes_freed = bytes_freed_by_cut(c, members, [&](NodeOrdinal) { return collection; });
      const std::string kind = class_of(c, collection);
      const std::string where = path_prefix_text(c, largest.path, path_index.at(collection));
      const int64_t growth = now - before;
      f.title = fmt::format("{} {} grew by {} entries ({} -> {}), holding {} new {}", kind, where,
                            growth, before, now, f.count, f.class_name);
      f.evidence.push_back({"collection", where});
      f.evidence.push_back({"entries", fmt::format("{} in the baseline, {} now", before, now)});
      f.evidence.push_back(
          {"new objects held", fmt::format("{} ({})", f.count, format_bytes(f.retained_size))});
      // Keys, when the path names them (dictionary objects): counters or timestamps?
      size_t numeric = 0, named = 0;
      std::string sample;
      for (const NodeOrdinal m : members) {
        const EdgeIndex e = c.analysis.distances.parent_edge[m];
        if (e == kNoEdge || s.edge_type(e) != s.meta.edge_types.property) continue;
        const std::string key = s.edge_name_text(e);
        ++named;
        numeric += numeric_key(key);
        if (named <= 3) sample += (named > 1 ? ", " : "") + key;
      }
      if (named > 0) {
        f.evidence.push_back({"keys", sample + (named > 3 ? ", ..." : "")});
        if (numeric * 10 >= named * 8) {
          f.evidence.push_back({"key pattern",
                                "sequential or timestamp-like numbers: nothing ever reads an old "
                                "key again, so nothing removes it"});
        }
      }
      f.cut = where + " (its entries)";
      f.advice = advice_for(kind);
      f.severity =
          severity_for(c, "growing-collection", f.retained_size, static_cast<uint64_t>(growth));
      out.push_back(std::move(f));
    }
    return;
  }
  // One snapshot: the largest collections, as information.
  const uint64_t large_entries = option(c, "growing-collection", "large-entries");
  std::vector<std::pair<int64_t, NodeOrdinal>> large;
  for (NodeOrdinal n = 0; n < s.node_count(); ++n) {
    if (s.node_type[n] != s.meta.node_types.object) continue;
    const int64_t entries = collection_entries(s, n);
    if (entries >= static_cast<int64_t>(large_entries) &&
        c.analysis.distances.distance[n] != kNoDistance) {
      large.emplace_back(entries, n);
    }
  }
  std::sort(large.begin(), large.end(), [&](const auto& x, const auto& y) {
    return c.analysis.retained_size[x.second] > c.analysis.retained_size[y.second];
  });
  for (size_t i = 0; i < large.size() && i < kSingleSnapshotFindings; ++i) {
    const auto [entries, n] = large[i];
    Finding f;
    f.detector = "growing-collection";
    f.severity = Severity::kInfo;
    f.class_name = class_of(c, n);
    f.count = 1;
    f.retained_size = c.analysis.retained_size[n];
    f.sample_ids = {s.node_id[n]};
    if (auto path = shortest_retainer_path(s, c.analysis.distances, n)) {
      f.path = from_last_global(s, *path);
    }
    const std::string where =
        f.path.edges.empty() ? f.class_name : path_prefix_text(c, f.path, f.path.edges.size() - 1);
    f.title = fmt::format(
        "{} {} has {} entries and retains {} (one snapshot: compare two to see "
        "whether it grows)",
        f.class_name, where, format_count(static_cast<uint64_t>(entries)),
        format_bytes(f.retained_size));
    f.evidence.push_back({"entries", format_count(static_cast<uint64_t>(entries))});
    f.cut = where + " (its entries)";
    f.bytes_freed = f.retained_size - s.node_self_size[n];
    f.advice = advice_for(f.class_name);
    out.push_back(std::move(f));
  }
}

}  // namespace heapleak::detect
