// Leak detector passes: each names a kind of leak JavaScript developers know (detached DOM,
// closures, growing collections, listeners, timers, globals), with evidence, the fix, and the
// bytes the fix would free, computed on the dominator tree. The passes are listed in one
// explicit registry (detector_registry); their order is also their precedence: a leak cluster
// explained by an earlier pass (a listener closure) is not reported again by a later, more
// general one (a closure, a growing array).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/analysis/retainer_paths.h"
#include "heapleak/diff/id_index.h"
#include "heapleak/diff/leak_clusters.h"

namespace heapleak {

enum class Severity { kInfo, kWarning, kError };
std::string_view severity_name(Severity severity);

struct Evidence {
  std::string label;
  std::string value;
};

struct Finding {
  std::string detector;  // "detached-dom", "closure-retention", ...
  Severity severity = Severity::kInfo;
  std::string title;
  std::string class_name;      // the leaked objects' class
  uint64_t count = 0;          // leaked objects
  uint64_t retained_size = 0;  // their retained sizes, none counted twice
  std::vector<NodeId> sample_ids;
  RetainerPath path;  // root (global object when one holds it) to a representative object
  std::vector<Evidence> evidence;
  std::string advice;
  std::string cut;           // the reference the advice removes, as a path fragment
  uint64_t bytes_freed = 0;  // retained by the objects the cut would release (dominator tree)
};

// A threshold a pass reads, settable with `--detector-option PASS.NAME=VALUE`.
struct DetectorOption {
  std::string_view name;
  uint64_t default_value;
  std::string_view meaning;
};
// Values given on the command line, by "pass.option".
using DetectorSettings = std::map<std::string, uint64_t, std::less<>>;
// Adds "growing-collection.warn-count=20"; returns what is wrong with it, if anything.
std::optional<std::string> add_detector_setting(DetectorSettings& settings,
                                                std::string_view assignment);

// What a pass may look at. Only `snapshot` and `analysis` are always there; the rest comes
// from `diff` (a baseline, leak clusters of new objects that survived).
struct DetectorContext {
  const Snapshot& snapshot;  // the latest snapshot, analyzed with parent edges
  const HeapAnalysis& analysis;
  const Snapshot* baseline = nullptr;  // loaded, not analyzed (edges, names, ids)
  const IdIndex* baseline_ids = nullptr;
  const LeakClusters* clusters = nullptr;
  const DetectorSettings* settings = nullptr;  // null: every option at its default
};

enum class DetectorNeeds { kOneSnapshot, kTwoSnapshots };

struct Detector {
  std::string_view name;
  std::string_view summary;
  DetectorNeeds needs;
  std::span<const DetectorOption> options;
  // `claimed[c]` tells whether leak cluster c was already explained by an earlier pass; a pass
  // sets it for the clusters it explains.
  void (*run)(const DetectorContext& context, std::vector<bool>& claimed,
              std::vector<Finding>& findings);
};

std::span<const Detector> detector_registry();

// Runs the selected passes (all when `selected` is empty) that the context can feed, in
// registry order. Findings come out most severe first, then by bytes freed.
std::vector<Finding> run_detectors(const DetectorContext& context,
                                   const std::vector<std::string>& selected);

// Unknown names in `selected`, for a usage error.
std::vector<std::string> unknown_detectors(const std::vector<std::string>& selected);

}  // namespace heapleak
