#include "heapleak/analysis/class_retained_sizes.h"

#include "heapleak/analysis/dominator_children.h"

namespace heapleak {

std::vector<uint64_t> class_retained_sizes(const Snapshot& s, const HeapAnalysis& a) {
  const ClassRows& rows = a.class_rows;
  const size_t row_count = rows.size();
  std::vector<uint64_t> sums(row_count, 0);
  if (s.node_count() == 0) return sums;
  DominatorChildren built_here;
  if (a.dominator_children.empty()) built_here = build_dominator_children(a.idom.span(), s.root());
  const DominatorChildren& tree = a.dominator_children.empty() ? built_here : a.dominator_children;

  // Depth-first over the children lists in place: a frame is the rest of one node's children
  // and the row that node opened (counted for the first time on this path), closed when the
  // frame ends.
  struct Frame {
    const NodeOrdinal* next;
    const NodeOrdinal* end;
    uint32_t opened_row;
  };
  std::vector<uint8_t> inside(row_count, 0);
  std::vector<Frame> stack;
  const auto enter = [&](NodeOrdinal node) {
    const uint32_t row = rows.row_of(node);
    const bool opens = row != kNoClassRow && !inside[row];
    if (opens) sums[row] += a.retained_size[node];
    const std::span<const NodeOrdinal> children = tree.of(node);
    if (children.empty()) return;
    if (opens) inside[row] = 1;
    stack.push_back(
        {children.data(), children.data() + children.size(), opens ? row : kNoClassRow});
  };
  enter(s.root());
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.next == top.end) {
      if (top.opened_row != kNoClassRow) inside[top.opened_row] = 0;
      stack.pop_back();
      continue;
    }
    // Siblings are read in order, so what a sibling a few ahead will read can be fetched now,
    // and the children list of a nearer one, whose start that fetch has brought in.
    constexpr ptrdiff_t kLookahead = 8;
    if (top.end - top.next > kLookahead) {
      const NodeOrdinal ahead = top.next[kLookahead];
      __builtin_prefetch(rows.row_plus_one.slot_address(ahead));
      __builtin_prefetch(&tree.first_child[ahead]);
      __builtin_prefetch(a.retained_size.slot_address(ahead));
      const NodeOrdinal nearer = top.next[kLookahead / 2];
      __builtin_prefetch(&tree.children[tree.first_child[nearer]]);
    }
    enter(*top.next++);  // may grow the stack: `top` is not used after this
  }
  return sums;
}

}  // namespace heapleak
