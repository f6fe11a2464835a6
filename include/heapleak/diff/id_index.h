// Nodes sorted by V8 object id: how snapshots of one process are matched (ids are stable
// within a process; reference 1.3). Sorted order lets a diff walk two snapshots side by side
// instead of searching one for every node of the other.
#pragma once

#include <cstddef>
#include <cstdint>

#include "heapleak/core/pod_array.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

class IdIndex {
 public:
  IdIndex() = default;
  static IdIndex build(const Snapshot& s);

  size_t size() const { return entries_.size(); }
  NodeId id(size_t i) const { return static_cast<NodeId>(entries_[i] >> 32); }
  NodeOrdinal ordinal(size_t i) const { return static_cast<NodeOrdinal>(entries_[i]); }
  // The node with this id, or kNoNode (binary search).
  NodeOrdinal find(NodeId id) const;
  bool contains(NodeId id) const { return find(id) != kNoNode; }
  size_t memory_bytes() const { return entries_.memory_bytes(); }

 private:
  PodArray<uint64_t> entries_;  // id << 32 | ordinal, ascending
};

}  // namespace heapleak
