#include "heapleak/snapshot/node_ids.h"

#include <algorithm>

namespace heapleak {

NodeOrdinal NodeIds::find(NodeId id) const {
  if (!compacted()) {
    const NodeId* it = std::find(plain_.begin(), plain_.end(), id);
    return it == plain_.end() ? kNoNode : static_cast<NodeOrdinal>(it - plain_.begin());
  }
  for (size_t r = 0; r < run_first_id_.size(); ++r) {
    // Unsigned arithmetic, like the runs themselves: a run may wrap past 2^32-1.
    const NodeId offset = id - run_first_id_[r];
    const NodeOrdinal length = std::min<NodeOrdinal>(run_start_[r + 1], count_) - run_start_[r];
    if (offset % kStep == 0 && offset / kStep < length) return run_start_[r] + offset / kStep;
  }
  return kNoNode;
}

void NodeIds::compact() {
  if (compacted() || count_ == 0) return;
  const auto starts_run = [this](size_t n) {
    return n == 0 || plain_[n] != static_cast<NodeId>(plain_[n - 1] + kStep);
  };
  size_t runs = 0;
  for (size_t n = 0; n < count_; ++n) runs += starts_run(n);
  const size_t blocks = (count_ + kBlock - 1) / kBlock;
  const size_t run_bytes =
      runs * (sizeof(NodeOrdinal) + sizeof(NodeId)) + blocks * sizeof(uint32_t);
  if (run_bytes * 2 > plain_.memory_bytes()) return;

  run_start_.reserve(runs + 1);
  run_first_id_.reserve(runs);
  block_run_.reserve(blocks);
  for (size_t n = 0; n < count_; ++n) {
    if (starts_run(n)) {
      run_start_.push_back(static_cast<NodeOrdinal>(n));
      run_first_id_.push_back(plain_[n]);
    }
    if (n % kBlock == 0) block_run_.push_back(static_cast<uint32_t>(run_first_id_.size() - 1));
  }
  run_start_.push_back(kNoNode);
  plain_ = {};
}

size_t NodeIds::memory_bytes() const {
  return plain_.memory_bytes() + run_start_.capacity() * sizeof(NodeOrdinal) +
         run_first_id_.capacity() * sizeof(NodeId) + block_run_.capacity() * sizeof(uint32_t);
}

}  // namespace heapleak
