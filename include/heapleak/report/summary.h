// `heapleak summary`: what a snapshot holds, as a value (SummaryReport) with a text and a
// versioned JSON rendering. Aggregates follow the DevTools Summary view: nodes are grouped by
// class key and only nodes with a non-zero self size are counted per class.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/analysis/shape.h"
#include "heapleak/report/findings_report.h"
#include "heapleak/report/path_report.h"
#include "heapleak/snapshot/load.h"

namespace heapleak {

inline constexpr int kSummarySchemaVersion = 3;

struct TypeRow {
  std::string type;
  uint64_t count = 0;
  uint64_t self_size = 0;
};

struct ClassRow {
  std::string name;  // DevTools class name
  std::string key;   // DevTools class key (location-qualified for objects)
  uint64_t count = 0;
  uint64_t self_size = 0;
  // DevTools' "Retained size" column: the instances' retained sizes, each counted once (an
  // instance dominated by another instance of the same class is inside that one's size).
  uint64_t retained_size = 0;
  int64_t distance = 0;  // the nearest instance's distance
};

// One of the largest objects by retained size, with how it is held.
struct DominatorRow {
  NodeView node;
  std::vector<PathStep> path;  // shortest retainer path; empty when there is none
};

struct SummaryReport {
  LoadInfo input;
  SnapshotShape shape;
  uint64_t node_count = 0;
  uint64_t edge_count = 0;
  uint64_t string_count = 0;
  uint64_t location_count = 0;
  uint64_t total_self_size = 0;  // after DevTools' self-size reassignment
  uint64_t total_size = 0;       // DevTools' total: every self size plus extra native bytes
  uint64_t reassigned_nodes = 0;
  uint64_t orphan_nodes = 0;
  uint64_t unreachable_nodes = 0;
  uint64_t unreachable_size = 0;  // self sizes of nodes with distance -5 (only weakly held)
  uint64_t extra_native_bytes = 0;
  uint64_t class_count = 0;
  uint64_t interface_count = 0;
  uint64_t detached_dom_nodes = 0;     // native, detached, not a Node.js binding object
  uint64_t detached_native_nodes = 0;  // DevTools' detachedDOMTreeNode flag, all of them
  std::vector<TypeRow> types;          // every node type, by self size descending
  std::vector<ClassRow> top_by_count;
  std::vector<ClassRow> top_by_self_size;
  std::vector<ClassRow> top_by_retained_size;
  std::vector<DominatorRow> top_dominators;
  std::vector<PhaseTime> timings;  // load, then each analysis phase
  bool detectors_ran = false;
  std::vector<FindingView> findings;  // one-snapshot detector passes
};

// `analysis` must have been run with record_parent_edges (for the dominators' paths).
SummaryReport build_summary(const LoadedSnapshot& loaded, const HeapAnalysis& analysis, size_t top);
std::string render_summary_text(const SummaryReport& report, bool color);
std::string render_summary_json(const SummaryReport& report);

}  // namespace heapleak
