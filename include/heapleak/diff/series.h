// A series of snapshots of one process (S1 ... Sn): per class and per collection object (the
// same id in every snapshot), how counts and retained sizes move, with a verdict that does not
// call noise growth. Each snapshot is reduced to a digest right after its analysis, so only
// one snapshot is in memory at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "heapleak/analysis/heap_analysis.h"

namespace heapleak {

enum class Trend {
  kGrowing,    // up at every step
  kNoisy,      // up overall, but not at every step
  kStable,     // no net change
  kShrinking,  // down overall
};
std::string_view trend_name(Trend trend);

struct SeriesStats {
  double slope = 0;        // least-squares change per snapshot
  bool monotonic = false;  // never goes down
  // The same non-zero change at every step (3+ values): the mark of a fixed amount leaked per
  // iteration of what ran between snapshots.
  bool constant_step = false;
  int64_t step = 0;
  Trend trend = Trend::kStable;
};
// A net change smaller than `min_change` is stable, whatever the steps did: a class whose
// retained size moved by 0.1% is not growing.
SeriesStats assess_series(const std::vector<uint64_t>& values, uint64_t min_change = 0);
// The smallest change worth a verdict: 1% of the first value, and at least `floor`.
uint64_t noise_floor(const std::vector<uint64_t>& values, uint64_t floor);
// The verdict of an item followed through two metrics: growing when either grows at every
// step while the other never shrinks overall, noisy when either grows overall.
Trend combined_trend(const SeriesStats& a, const SeriesStats& b);

// Collections: Map, Set, WeakMap, WeakSet (entries of the backing table), Array (elements),
// and plain objects (properties).
struct CollectionPoint {
  NodeId id = 0;
  uint32_t class_name = 0;  // index into SnapshotDigest::collection_classes
  uint64_t entries = 0;
  uint64_t retained_size = 0;
};
// Entries of a collection node, or -1 when the node is no collection.
int64_t collection_entries(const Snapshot& s, NodeOrdinal n);

struct ClassPoint {
  std::string name;
  uint64_t count = 0;
  uint64_t self_size = 0;
  uint64_t retained_size = 0;  // DevTools' class retained size (no double counting)
};

struct SnapshotDigest {
  std::unordered_map<std::string, ClassPoint> classes;  // by class key
  std::vector<CollectionPoint> collections;             // ascending id, empty ones included
  std::vector<std::string> collection_classes;
};
SnapshotDigest digest_snapshot(const Snapshot& s, const HeapAnalysis& analysis);

struct ClassSeries {
  std::string key;
  std::string name;
  std::vector<uint64_t> counts;
  std::vector<uint64_t> retained_sizes;
  SeriesStats count_stats;
  SeriesStats retained_stats;
  Trend trend = Trend::kStable;
};
struct CollectionSeries {
  NodeId id = 0;
  std::string class_name;
  std::vector<uint64_t> entries;
  std::vector<uint64_t> retained_sizes;
  SeriesStats entries_stats;
  SeriesStats retained_stats;
  Trend trend = Trend::kStable;
};
struct SeriesResult {
  std::vector<ClassSeries> classes;           // growing first, then by retained growth
  std::vector<CollectionSeries> collections;  // present in every snapshot and not stable
};
SeriesResult build_series(const std::vector<SnapshotDigest>& digests);

}  // namespace heapleak
