#include "analysis/dfs_records.h"

#include <algorithm>
#include <cstring>
#include <future>

#include "heapleak/core/error.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak::detail {
namespace {

// Graphs from this many nodes write their records on two threads.
constexpr NodeOrdinal kParallelFrom = NodeOrdinal{1} << 16;
constexpr uint64_t kMaxWords = uint64_t{1} << 31;

uint32_t record_size(uint32_t targets, uint32_t hubs) {
  return 1 + (targets >= 0xFF) + (hubs >= 0xFF) + targets + (hubs > 2 ? (hubs - 2 + 3) / 4 : 0);
}

// Runs work(from, to) over the nodes, in two halves on two threads when `parallel`; the first
// half's result first.
template <typename Work>
auto in_halves(NodeOrdinal n, bool parallel, Work work) {
  const NodeOrdinal half = parallel ? n / 2 : n;
  auto second = std::async(parallel ? std::launch::async : std::launch::deferred,
                           [&] { return work(half, n); });
  auto first = work(NodeOrdinal{0}, half);
  return std::pair{std::move(first), second.get()};
}

}  // namespace

void DfsRecords::build(const FlowGraph& g, const std::vector<NodeOrdinal>& hubs) {
  const NodeOrdinal n = g.node_count;
  BitSet is_hub(n);
  for (const NodeOrdinal hub : hubs) is_hub.set(hub);
  const auto counted = [&](EdgeIndex e) { return g.counted == nullptr || g.counted->test(e); };
  const auto target = [&](EdgeIndex e) { return g.edge_words[e] & Snapshot::kEdgeTargetMask; };
  const bool parallel = g.threads > 1 && n >= kParallelFrom;

  record_words = PodArray<uint8_t>(n);
  struct Sizes {
    uint64_t words = 0;
    std::vector<uint32_t> big;
  };
  auto [first, second] = in_halves(n, parallel, [&](NodeOrdinal from, NodeOrdinal to) {
    Sizes sizes;
    for (NodeOrdinal node = from; node < to; ++node) {
      uint32_t targets = 0;
      uint32_t hub_edges = 0;
      for (EdgeIndex e = g.first_edge[node]; e < g.first_edge[node + 1]; ++e) {
        if (!counted(e)) continue;
        if (is_hub.test(target(e))) {
          ++hub_edges;
        } else {
          ++targets;
        }
      }
      const uint32_t size = record_size(targets, hub_edges);
      sizes.words += size;
      if (size < kBigRecord) {
        record_words[node] = static_cast<uint8_t>(size);
      } else {
        record_words[node] = kBigRecord;
        sizes.big.push_back(size);
      }
    }
    return sizes;
  });
  const uint64_t total = first.words + second.words;
  if (total >= kMaxWords) {
    fail(ErrorCode::kTooLarge, "dominator pass",
         "the graph's " + std::to_string(g.first_edge[n]) + " edges are more than it can hold");
  }
  big_records = std::move(first.big);
  big_records.insert(big_records.end(), second.big.begin(), second.big.end());

  // Each node's record offset, or for a hub kHubTag and its index: one read per edge tells the
  // fill which of the two to write.
  constexpr uint32_t kHubTag = uint32_t{1} << 31;
  PodArray<uint32_t> offset(n);
  for_each_offset([&](NodeOrdinal node, uint32_t at) { offset[node] = at; });
  hub_offset.resize(hubs.size());
  for (size_t i = 0; i < hubs.size(); ++i) hub_offset[i] = offset[hubs[i]];
  root_offset = offset[g.root];
  for (size_t i = 0; i < hubs.size(); ++i) offset[hubs[i]] = kHubTag | static_cast<uint32_t>(i);
  words = PodArray<uint32_t>(total);
  in_halves(n, parallel, [&](NodeOrdinal from, NodeOrdinal to) {
    constexpr EdgeIndex kLookahead = 16;
    const EdgeIndex last_edge = g.first_edge[to];
    std::vector<uint32_t> targets;
    std::vector<uint8_t> hub_bytes;
    for (NodeOrdinal node = from; node < to; ++node) {
      targets.clear();
      hub_bytes.clear();
      for (EdgeIndex e = g.first_edge[node]; e < g.first_edge[node + 1]; ++e) {
        if (e + kLookahead < last_edge) __builtin_prefetch(&offset[target(e + kLookahead)]);
        if (!counted(e)) continue;
        const uint32_t slot = offset[target(e)];
        if ((slot & kHubTag) != 0) {
          hub_bytes.push_back(static_cast<uint8_t>(slot));
        } else {
          targets.push_back(slot);
        }
      }
      const uint32_t target_count = static_cast<uint32_t>(targets.size());
      const uint32_t hub_count = static_cast<uint32_t>(hub_bytes.size());
      const uint32_t own = offset[node];
      uint32_t* at = &words[(own & kHubTag) != 0 ? hub_offset[own & ~kHubTag] : own];
      *at++ = std::min(target_count, kEscape) | std::min(hub_count, kEscape) << 8 |
              uint32_t{hub_count > 0 ? hub_bytes[0] : uint8_t{0}} << 16 |
              uint32_t{hub_count > 1 ? hub_bytes[1] : uint8_t{0}} << 24;
      if (target_count >= kEscape) *at++ = target_count;
      if (hub_count >= kEscape) *at++ = hub_count;
      std::copy(targets.begin(), targets.end(), at);
      if (hub_count > 2) {
        std::memcpy(at + target_count, hub_bytes.data() + 2, hub_count - 2);
      }
    }
    return 0;
  });
}

}  // namespace heapleak::detail
