// Node ids, kept as the runs they come in rather than 4 bytes a node.
//
// V8 hands out ids in steps of 2 as it meets objects, and numbers the nodes of a snapshot in
// much the same order, so ids go up by 2 from one node to the next almost everywhere: the 8 M
// nodes of the bench file form 71 runs, and 98 % of the nodes of a second snapshot of the same
// process (where old objects keep their ids) follow their predecessor. A run is its first node and
// first id; an index of the run holding each 64th node makes a lookup one index read and a short
// forward scan. Ids that do not run like that stay plain.
#pragma once

#include <cstddef>
#include <vector>

#include "heapleak/core/pod_array.h"
#include "heapleak/snapshot/indices.h"

namespace heapleak {

class NodeIds {
 public:
  NodeIds() = default;
  // `count` plain ids, to be written through data() and then compact()ed.
  explicit NodeIds(size_t count) : count_(count), plain_(count) {}

  size_t size() const { return count_; }
  NodeId operator[](NodeOrdinal n) const {
    if (!compacted()) return plain_[n];
    uint32_t r = block_run_[n / kBlock];
    while (run_start_[r + 1] <= n) ++r;  // the last run is followed by a start past every node
    return run_first_id_[r] + kStep * (n - run_start_[r]);
  }
  // The first node with this id, or kNoNode.
  NodeOrdinal find(NodeId id) const;

  // The plain ids, before compact().
  NodeId* data() { return plain_.data(); }
  // Switches to runs where they take at most half the plain ids' memory.
  void compact();
  bool compacted() const { return !run_start_.empty(); }
  size_t run_count() const { return run_first_id_.size(); }
  size_t memory_bytes() const;

 private:
  static constexpr NodeId kStep = 2;
  static constexpr NodeOrdinal kBlock = 64;

  size_t count_ = 0;
  PodArray<NodeId> plain_;
  std::vector<NodeOrdinal> run_start_;  // one more than the runs: kNoNode ends the last
  std::vector<NodeId> run_first_id_;
  std::vector<uint32_t> block_run_;  // the run holding node 64 * i
};

}  // namespace heapleak
