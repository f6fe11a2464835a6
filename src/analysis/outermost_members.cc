#include "heapleak/analysis/outermost_members.h"

#include <vector>

namespace heapleak {
namespace {

// Whether a member sits strictly above the node in the dominator tree.
enum Above : uint8_t { kUnknown = 0, kNoMember = 1, kMember = 2 };

}  // namespace

BitSet outermost_members(const PodArray<NodeOrdinal>& idom, NodeOrdinal root,
                         const BitSet& members) {
  const size_t n = idom.size();
  BitSet outermost(n);
  if (n == 0) return outermost;
  PodArray<uint8_t> above(n);
  std::fill(above.begin(), above.end(), kUnknown);
  above[root] = kNoMember;
  std::vector<NodeOrdinal> chain;
  for (NodeOrdinal start = 0; start < n; ++start) {
    if (!members.test(start)) continue;
    // Walk up to the first node whose answer is known, then fill the chain top-down.
    NodeOrdinal x = start;
    while (above[x] == kUnknown) {
      chain.push_back(x);
      x = idom[x];
    }
    Above state = static_cast<Above>(above[x]);
    bool member_here = x != root && members.test(x);
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      state = (state == kMember || member_here) ? kMember : kNoMember;
      above[*it] = state;
      member_here = members.test(*it);
    }
    chain.clear();
    if (above[start] == kNoMember) outermost.set(start);
  }
  return outermost;
}

}  // namespace heapleak
