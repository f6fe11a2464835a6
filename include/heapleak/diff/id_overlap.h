// Whether two snapshots come from one process. V8 ids only identify an object within one
// isolate (reference 1.3); ids of another process fall in the same numeric range, so sharing
// ids proves nothing. Within one process a shared id is the same object: same node type,
// same name. Across processes most shared ids name unrelated objects.
#pragma once

#include <cstdint>

#include "heapleak/diff/id_index.h"

namespace heapleak {

struct IdOverlap {
  uint64_t shared = 0;        // ids of non-synthetic nodes present in both snapshots
  uint64_t consistent = 0;    // of those, same node type and name on both sides
  uint64_t smaller_side = 0;  // node count of the smaller snapshot

  // Below this share of consistent ids the snapshots are treated as different processes.
  static constexpr double kMinConsistentShare = 0.9;
  double consistent_share() const {
    return shared == 0 ? 0.0 : static_cast<double>(consistent) / static_cast<double>(shared);
  }
  bool same_process() const { return consistent_share() >= kMinConsistentShare; }
};

IdOverlap measure_id_overlap(const Snapshot& a, const IdIndex& a_ids, const Snapshot& b,
                             const IdIndex& b_ids);

}  // namespace heapleak
