#include "heapleak/report/summary.h"

#include <algorithm>
#include <future>
#include <limits>

#include "heapleak/analysis/class_retained_sizes.h"
#include "heapleak/analysis/retainer_paths.h"

namespace heapleak {
namespace {

enum class RankBy { kCount, kSelfSize, kRetainedSize };

// A class row's numbers; its name and key stay in the analysis until the row makes a list.
struct RowTotals {
  uint64_t count = 0;
  uint64_t self_size = 0;
  uint64_t retained_size = 0;
  int64_t distance = std::numeric_limits<int64_t>::max();  // the nearest instance's
};

// The best `top` rows by `by`, ties by key. Only those are made ClassRows: a heap can have
// millions of classes, and copies of every row with its name and key took 1.4 GB for 2 M.
std::vector<ClassRow> top_rows(const ClassRows& class_rows, const ClassNames& classes,
                               const std::vector<RowTotals>& totals, size_t top, RankBy by) {
  const auto rank = [&](uint32_t row) {
    const RowTotals& t = totals[row];
    return by == RankBy::kCount ? t.count : by == RankBy::kSelfSize ? t.self_size : t.retained_size;
  };
  std::vector<uint32_t> order(totals.size());
  for (uint32_t row = 0; row < order.size(); ++row) order[row] = row;
  const size_t keep = std::min(top, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                    [&](uint32_t a, uint32_t b) {
                      if (rank(a) != rank(b)) return rank(a) > rank(b);
                      return class_rows.keys[a] < class_rows.keys[b];
                    });
  std::vector<ClassRow> rows;
  for (size_t i = 0; i < keep; ++i) {
    const uint32_t row = order[i];
    const RowTotals& t = totals[row];
    rows.push_back({classes.name(class_rows.row_class[row]), class_rows.keys[row], t.count,
                    t.self_size, t.retained_size, t.distance});
  }
  return rows;
}

// The largest objects by retained size, leaving out the synthetic roots that hold everything.
std::vector<DominatorRow> top_dominators(const Snapshot& s, const HeapAnalysis& a, size_t top) {
  // A heap of the best `top` so far, the weakest on top: one pass, no list of every node.
  if (top == 0) return {};
  const RetainsMore larger{s, a};
  std::vector<NodeOrdinal> candidates;
  candidates.reserve(top + 1);
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) {
    if (i == s.root() || s.node_type[i] == s.meta.node_types.synthetic) continue;
    if (candidates.size() == top && !larger(i, candidates.front())) continue;
    candidates.push_back(i);
    std::push_heap(candidates.begin(), candidates.end(), larger);
    if (candidates.size() > top) {
      std::pop_heap(candidates.begin(), candidates.end(), larger);
      candidates.pop_back();
    }
  }
  std::sort_heap(candidates.begin(), candidates.end(), larger);
  const size_t keep = candidates.size();
  std::vector<DominatorRow> rows;
  ShownPaths shown_paths(s, a.distances);
  for (size_t i = 0; i < keep; ++i) {
    DominatorRow row{describe_node(s, a, candidates[i]), {}};
    if (auto path = shown_paths.of(candidates[i])) {
      row.path = describe_path(s, a, *path, kShownPathSteps);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

SummaryReport build_summary(const LoadedSnapshot& loaded, const HeapAnalysis& a, size_t top) {
  const Snapshot& s = loaded.snapshot;
  SummaryReport r;
  r.input = loaded.info;
  r.shape = detect_shape(s);
  r.node_count = s.node_count();
  r.edge_count = s.edge_count();
  r.string_count = s.strings.size();
  r.location_count = s.locations.size();
  r.extra_native_bytes = s.meta.extra_native_bytes;
  r.total_size = a.total_size;
  r.reassigned_nodes = a.reassigned_nodes;
  r.orphan_nodes = a.orphan_nodes;
  r.unreachable_nodes = a.unreachable_nodes;

  const ClassNames& classes = a.classes;
  r.class_count = classes.class_count();
  r.interface_count = classes.interface_definitions().size();

  std::vector<TypeRow> types(s.meta.node_type_names.size());
  for (size_t t = 0; t < types.size(); ++t) types[t].type = s.meta.node_type_names[t];
  // The per-class retained sizes walk the whole dominator tree, the longest step here, so they
  // are summed beside the rest.
  auto class_retained = std::async(std::launch::async, [&] { return class_retained_sizes(s, a); });
  const ClassRows& class_rows = a.class_rows;
  std::vector<RowTotals> rows(class_rows.size());
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) {
    const uint64_t self = s.node_self_size[i];
    TypeRow& type = types[s.node_type[i]];
    ++type.count;
    type.self_size += self;
    r.total_self_size += self;
    if (a.distances.distance[i] == kNoDistance) r.unreachable_size += self;
    if (a.detachedness.detached_dom(i)) ++r.detached_native_nodes;
    if (a.detachedness.detached_dom_element(s, i)) ++r.detached_dom_nodes;
    const uint32_t row_index = class_rows.row_of(i);
    if (row_index == kNoClassRow) continue;
    RowTotals& row = rows[row_index];
    ++row.count;
    row.self_size += self;
    row.distance = std::min<int64_t>(row.distance, a.distances.distance[i]);
  }

  std::erase_if(types, [](const TypeRow& t) { return t.count == 0; });
  std::sort(types.begin(), types.end(), [](const TypeRow& x, const TypeRow& y) {
    return x.self_size != y.self_size ? x.self_size > y.self_size : x.type < y.type;
  });
  r.types = std::move(types);
  r.top_dominators = top_dominators(s, a, top);
  const std::vector<uint64_t> retained = class_retained.get();
  for (size_t i = 0; i < rows.size(); ++i) rows[i].retained_size = retained[i];
  r.top_by_count = top_rows(class_rows, classes, rows, top, RankBy::kCount);
  r.top_by_self_size = top_rows(class_rows, classes, rows, top, RankBy::kSelfSize);
  r.top_by_retained_size = top_rows(class_rows, classes, rows, top, RankBy::kRetainedSize);
  r.timings.push_back({"load", loaded.info.seconds});
  r.timings.insert(r.timings.end(), a.timings.begin(), a.timings.end());
  return r;
}

}  // namespace heapleak
