#include "heapleak/diff/id_index.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace heapleak {
namespace {

// LSD radix sort on the id half (two 16-bit digits): linear, and V8 snapshots list nodes in
// traversal order, so ids arrive far from sorted.
void sort_by_id(PodArray<uint64_t>& entries) {
  constexpr unsigned kDigitBits = 16;
  constexpr size_t kBuckets = size_t{1} << kDigitBits;
  PodArray<uint64_t> scratch(entries.size());
  std::vector<size_t> offsets(kBuckets);
  for (unsigned shift = 32; shift < 64; shift += kDigitBits) {
    std::fill(offsets.begin(), offsets.end(), 0);
    for (const uint64_t e : entries) ++offsets[(e >> shift) & (kBuckets - 1)];
    size_t sum = 0;
    for (size_t& o : offsets) sum += std::exchange(o, sum);
    for (const uint64_t e : entries) scratch[offsets[(e >> shift) & (kBuckets - 1)]++] = e;
    std::swap(entries, scratch);
  }
}

}  // namespace

IdIndex IdIndex::build(const Snapshot& s) {
  IdIndex index;
  index.entries_ = PodArray<uint64_t>(s.node_count());
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) {
    index.entries_[i] = uint64_t{s.node_id[i]} << 32 | i;
  }
  if (!std::is_sorted(index.entries_.begin(), index.entries_.end())) sort_by_id(index.entries_);
  return index;
}

NodeOrdinal IdIndex::find(NodeId id) const {
  const uint64_t lowest = uint64_t{id} << 32;
  const auto it = std::lower_bound(entries_.begin(), entries_.end(), lowest);
  if (it == entries_.end() || (*it >> 32) != id) return kNoNode;
  return static_cast<NodeOrdinal>(*it);
}

}  // namespace heapleak
