#include "heapleak/analysis/class_retained_sizes.h"

#include "heapleak/analysis/dominator_children.h"

namespace heapleak {

std::vector<uint64_t> class_retained_sizes(const Snapshot& s, const HeapAnalysis& a) {
  const PodArray<uint32_t>& node_row = a.class_rows.node_row;
  const size_t row_count = a.class_rows.size();
  std::vector<uint64_t> sums(row_count, 0);
  if (s.node_count() == 0) return sums;
  DominatorChildren built_here;
  if (a.dominator_children.empty()) built_here = build_dominator_children(a.idom.span(), s.root());
  const DominatorChildren& tree = a.dominator_children.empty() ? built_here : a.dominator_children;
  // Depth-first with an explicit stack; `open` holds, for each class currently counted above
  // the walk, the stack height at which its subtree ends.
  std::vector<uint8_t> inside(row_count, 0);
  std::vector<NodeOrdinal> stack{s.root()};
  std::vector<std::pair<size_t, uint32_t>> open;  // (stack height, row)
  while (!stack.empty()) {
    const NodeOrdinal node = stack.back();
    stack.pop_back();
    // The walk jumps around the node arrays; fetch what the entry a few pops ahead will read.
    constexpr size_t kLookahead = 8;
    if (stack.size() >= kLookahead) {
      const NodeOrdinal ahead = stack[stack.size() - kLookahead];
      __builtin_prefetch(&node_row[ahead]);
      __builtin_prefetch(&tree.first_child[ahead]);
      __builtin_prefetch(&a.retained_size[ahead]);
    }
    const uint32_t row = node_row[node];
    const std::span<const NodeOrdinal> children = tree.of(node);
    if (row != kNoClassRow && !inside[row]) {
      sums[row] += a.retained_size[node];
      if (!children.empty()) {
        inside[row] = 1;
        open.emplace_back(stack.size(), row);
      }
    }
    stack.insert(stack.end(), children.begin(), children.end());
    while (!open.empty() && open.back().first == stack.size()) {
      inside[open.back().second] = 0;
      open.pop_back();
    }
  }
  return sums;
}

}  // namespace heapleak
