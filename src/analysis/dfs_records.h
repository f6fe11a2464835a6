// The graph as the dominator pass's DFS reads it (analysis/dominator_tree.cc).
#pragma once

#include <cstdint>
#include <vector>

#include "heapleak/analysis/dominator_tree.h"
#include "heapleak/core/pod_array.h"

namespace heapleak::detail {

// Each node's counted edges as one record in one array of words, in node order. An edge names
// its target by the offset of the target's record, so that following it costs the DFS one
// cache miss instead of two (the target's first_edge entry, then its edges). An edge to one of
// the hubs (up to 127 nodes given to build(): V8's maps, which every object points to) is a
// byte, the hub's index, so that the records stay smaller than the edges they hold.
//
// A record is a header word (bits 0-7: the target count, 8-15: the hub-edge count, either 0xFF
// when it is in a word of its own after the header, the target count's first; 16-23 and 24-31:
// the first two hub bytes), the target offsets in edge order, then the other hub bytes in edge
// order, packed four to a word.
class DfsRecords {
 public:
  static constexpr uint32_t kMaxHubs = 127;

  struct Record {
    uint32_t header;
    uint32_t targets;
    uint32_t hubs;
    const uint32_t* target;    // the targets' record offsets
    const uint8_t* more_hubs;  // the hub bytes from the third on
    uint8_t hub(uint32_t k) const {
      return k < 2 ? static_cast<uint8_t>(header >> (16 + 8 * k)) : more_hubs[k - 2];
    }
  };
  static Record read(const uint32_t* at) {
    Record r;
    r.header = at[0];
    const uint32_t* p = at + 1;
    r.targets = r.header & kEscape;
    if (r.targets == kEscape) r.targets = *p++;
    r.hubs = (r.header >> 8) & kEscape;
    if (r.hubs == kEscape) r.hubs = *p++;
    r.target = p;
    r.more_hubs = reinterpret_cast<const uint8_t*>(p + r.targets);
    return r;
  }

  // Writes the records of g's nodes, on two threads when g.threads allows. Offsets must stay
  // below 2^31 (the DFS flags them in bit 31): a graph whose records need more words, some
  // 2 G edges, is refused.
  void build(const FlowGraph& g, const std::vector<NodeOrdinal>& hubs);

  // Calls f(node, offset of its record) for every node in order.
  template <typename F>
  void for_each_offset(F f) const {
    uint32_t at = 0;
    size_t big = 0;
    for (NodeOrdinal node = 0; node < record_words.size(); ++node) {
      f(node, at);
      at += record_words[node] != kBigRecord ? record_words[node] : big_records[big++];
    }
  }

  PodArray<uint32_t> words;
  std::vector<uint32_t> hub_offset;  // the hubs' records
  uint32_t root_offset = 0;

 private:
  static constexpr uint32_t kEscape = 0xFF;
  static constexpr uint8_t kBigRecord = 0xFF;

  PodArray<uint8_t> record_words;     // per node its record's size in words, or kBigRecord
  std::vector<uint32_t> big_records;  // the sizes of the records of kBigRecord words or more
};

}  // namespace heapleak::detail
