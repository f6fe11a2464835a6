#include "heapleak/report/diff_report.h"

#include <algorithm>
#include <cstdlib>
#include <unordered_map>

namespace heapleak {

std::string_view diff_mode_name(DiffMode mode) {
  switch (mode) {
    case DiffMode::kTwo:
      return "two";
    case DiffMode::kThree:
      return "three";
    case DiffMode::kSeries:
      return "series";
    case DiffMode::kByClass:
      return "by-class";
  }
  return "";
}

ClusterView describe_cluster(const Snapshot& s, const HeapAnalysis& a, const LeakCluster& c) {
  return {c.signature,
          c.normalized_path,
          a.classes.name(c.leaked_class),
          c.count,
          c.retained_size,
          c.sample_ids,
          describe_path(s, a, c.path, kShownPathSteps)};
}

std::vector<ClassHistogramRow> class_histogram_diff(const SnapshotDigest& before,
                                                    const SnapshotDigest& after) {
  std::unordered_map<std::string, ClassHistogramRow> by_name;
  for (const auto& [key, p] : before.classes) {
    ClassHistogramRow& row = by_name[p.name];
    row.name = p.name;
    row.before_count += p.count;
    row.before_self += p.self_size;
    row.before_retained += p.retained_size;
  }
  for (const auto& [key, p] : after.classes) {
    ClassHistogramRow& row = by_name[p.name];
    row.name = p.name;
    row.after_count += p.count;
    row.after_self += p.self_size;
    row.after_retained += p.retained_size;
  }
  std::vector<ClassHistogramRow> rows;
  for (auto& [name, row] : by_name) {
    if (row.before_count != row.after_count || row.before_self != row.after_self ||
        row.before_retained != row.after_retained) {
      rows.push_back(std::move(row));
    }
  }
  std::sort(rows.begin(), rows.end(), [](const ClassHistogramRow& x, const ClassHistogramRow& y) {
    if (x.retained_delta() != y.retained_delta()) return x.retained_delta() > y.retained_delta();
    if (x.count_delta() != y.count_delta()) return x.count_delta() > y.count_delta();
    return x.name < y.name;
  });
  return rows;
}

void set_class_changes(DiffReport& r, ClassComparison comparison) {
  r.classes = std::move(comparison.rows);
  for (const ClassDiffRow& c : r.classes) {
    r.new_objects += c.new_count;
    r.deleted_objects += c.deleted_count;
    r.alloc_size += c.alloc_size;
    r.freed_size += c.freed_size;
    r.new_retained_size += c.new_retained_size;
  }
  std::sort(r.classes.begin(), r.classes.end(), [](const ClassDiffRow& x, const ClassDiffRow& y) {
    if (x.new_retained_size != y.new_retained_size)
      return x.new_retained_size > y.new_retained_size;
    if (x.size_delta() != y.size_delta()) return x.size_delta() > y.size_delta();
    return x.key < y.key;
  });
}

void set_leaks(DiffReport& r, const Snapshot& s, const HeapAnalysis& a,
               const LeakCandidates& candidates, const LeakClusters& clusters) {
  r.has_leaks = true;
  r.candidates.surviving = candidates.surviving;
  r.candidates.dropped = candidates.dropped;
  for (NodeOrdinal n = 0; n < candidates.nodes.size(); ++n) {
    if (candidates.nodes.test(n)) ++r.candidate_count;
  }
  r.dominated_candidates = clusters.dominated;
  r.via_devtools_console = clusters.via_devtools_console;
  r.clusters_total = clusters.clusters.size();
  for (const LeakCluster& c : clusters.clusters) {
    if (r.clusters.size() >= r.top) break;
    if (c.retained_size < r.min_retained) continue;
    r.clusters.push_back(describe_cluster(s, a, c));
  }
}

}  // namespace heapleak
