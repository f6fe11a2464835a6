#include "heapleak/analysis/class_retained_sizes.h"

namespace heapleak {

std::vector<uint64_t> class_retained_sizes(const Snapshot& s, const HeapAnalysis& a,
                                           const PodArray<uint32_t>& node_row, size_t row_count) {
  std::vector<uint64_t> sums(row_count, 0);
  const uint32_t n = s.node_count();
  if (n == 0) return sums;
  // Dominator-tree children as CSR, built from the idom array by counting.
  PodArray<uint32_t> first_child(n + 1);
  std::fill(first_child.begin(), first_child.end(), 0);
  for (NodeOrdinal i = 0; i < n; ++i) {
    if (i != s.root()) ++first_child[a.idom[i] + 1];
  }
  for (uint32_t i = 1; i <= n; ++i) first_child[i] += first_child[i - 1];
  PodArray<NodeOrdinal> children(n);
  {
    PodArray<uint32_t> fill(n);
    std::copy(first_child.begin(), first_child.begin() + n, fill.begin());
    for (NodeOrdinal i = 0; i < n; ++i) {
      if (i != s.root()) children[fill[a.idom[i]]++] = i;
    }
  }
  // Depth-first with an explicit stack; `open` holds, for each class currently counted above
  // the walk, the stack height at which its subtree ends.
  std::vector<uint8_t> inside(row_count, 0);
  std::vector<NodeOrdinal> stack{s.root()};
  std::vector<std::pair<size_t, uint32_t>> open;  // (stack height, row)
  while (!stack.empty()) {
    const NodeOrdinal node = stack.back();
    stack.pop_back();
    const uint32_t row = node_row[node];
    const bool has_children = first_child[node] != first_child[node + 1];
    if (row != kNoClassRow && !inside[row]) {
      sums[row] += a.retained_size[node];
      if (has_children) {
        inside[row] = 1;
        open.emplace_back(stack.size(), row);
      }
    }
    for (uint32_t c = first_child[node]; c < first_child[node + 1]; ++c) {
      stack.push_back(children[c]);
    }
    while (!open.empty() && open.back().first == stack.size()) {
      inside[open.back().second] = 0;
      open.pop_back();
    }
  }
  return sums;
}

}  // namespace heapleak
