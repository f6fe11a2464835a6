// `heapleak diff`: the comparison of two snapshots, the leak set of three (baseline, target,
// final), or the trends of a series, as a value (DiffReport) with a text rendering for people
// and a versioned JSON rendering for machines.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "heapleak/diff/class_comparison.h"
#include "heapleak/diff/id_overlap.h"
#include "heapleak/diff/leak_candidates.h"
#include "heapleak/diff/leak_clusters.h"
#include "heapleak/diff/series.h"
#include "heapleak/report/findings_report.h"
#include "heapleak/report/path_report.h"
#include "heapleak/snapshot/load.h"

namespace heapleak {

inline constexpr int kDiffSchemaVersion = 1;

enum class DiffMode { kTwo, kThree, kSeries, kByClass };
std::string_view diff_mode_name(DiffMode mode);

struct DiffInput {
  std::string role;  // "before", "after", "baseline", "target", "final", "S1", ...
  LoadInfo info;
  uint64_t node_count = 0;
  uint64_t edge_count = 0;
  uint64_t total_size = 0;  // DevTools' total, when the snapshot was fully analyzed
};

struct ClusterView {
  std::string signature;
  std::string normalized_path;
  std::string class_name;
  uint64_t count = 0;
  uint64_t retained_size = 0;
  std::vector<NodeId> sample_ids;
  std::vector<PathStep> path;  // root to the representative leaked object
};
ClusterView describe_cluster(const Snapshot& s, const HeapAnalysis& a, const LeakCluster& c);

// --by-class: two unrelated snapshots compared class by class (no ids involved).
struct ClassHistogramRow {
  std::string name;
  uint64_t before_count = 0, after_count = 0;
  uint64_t before_self = 0, after_self = 0;
  uint64_t before_retained = 0, after_retained = 0;
  int64_t count_delta() const {
    return static_cast<int64_t>(after_count) - static_cast<int64_t>(before_count);
  }
  int64_t retained_delta() const {
    return static_cast<int64_t>(after_retained) - static_cast<int64_t>(before_retained);
  }
};
// Per class name (not key: script ids mean nothing across processes), largest change first.
std::vector<ClassHistogramRow> class_histogram_diff(const SnapshotDigest& before,
                                                    const SnapshotDigest& after);

struct DiffReport {
  DiffMode mode = DiffMode::kTwo;
  std::vector<DiffInput> inputs;
  std::string classes_between;        // e.g. "before -> after"
  std::vector<ClassDiffRow> classes;  // largest growth first
  uint64_t new_objects = 0, deleted_objects = 0;
  uint64_t alloc_size = 0, freed_size = 0, new_retained_size = 0;
  bool has_leaks = false;     // candidates were computed (not for --by-class)
  LeakCandidates candidates;  // counts only; the bit set is dropped
  uint64_t candidate_count = 0;
  uint64_t dominated_candidates = 0;
  uint64_t via_devtools_console = 0;
  std::vector<ClusterView> clusters;         // after --min-retained and --top
  uint64_t clusters_total = 0;               // before --min-retained and --top
  SeriesResult series;                       // series mode
  std::vector<ClassHistogramRow> histogram;  // --by-class
  IdOverlap overlap;
  bool detectors_ran = false;
  std::vector<FindingView> findings;  // most severe first
  std::vector<PhaseTime> timings;
  size_t top = 20;
  uint64_t min_retained = 0;
};

// Fills the class table and totals from a comparison, largest growth first.
void set_class_changes(DiffReport& report, ClassComparison comparison);
// Fills the leak section; clusters below report.min_retained or past report.top are cut.
void set_leaks(DiffReport& report, const Snapshot& s, const HeapAnalysis& a,
               const LeakCandidates& candidates, const LeakClusters& clusters);

std::string render_diff_text(const DiffReport& report, bool color);
std::string render_diff_json(const DiffReport& report);

}  // namespace heapleak
