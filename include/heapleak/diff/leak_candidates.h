// Leak candidates (memlab's find-leaks, reference 3.5): objects of the final snapshot that were
// allocated after the baseline (and, with a target snapshot, by the time of the target) and
// are still alive, minus what nobody can act on: strings, numbers, code, V8 internals, and
// objects held only weakly or only by system roots (DevTools console, debugger, handles).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "heapleak/analysis/heap_analysis.h"
#include "heapleak/core/bit_set.h"
#include "heapleak/diff/id_index.h"

namespace heapleak {

enum class NoiseKind : uint8_t {
  kPrimitiveOrInternal,  // strings, numbers, code, hidden, synthetic, V8 arrays, shapes
  kSystemObject,         // "system / ..." objects: V8 contexts, feedback, descriptors
  kEmbedderInternal,     // C++ objects of the embedder ("blink::LayoutResult", "cppgc::...")
  kWeaklyHeld,           // reachable only through weak edges (or not at all)
  kSystemRootOnly,       // reachable only from system roots, not from the page or global
  kCount
};
std::string_view noise_kind_name(NoiseKind kind);

struct LeakCandidates {
  BitSet nodes;            // over the final snapshot's ordinals
  uint64_t surviving = 0;  // new objects still alive in the final snapshot, before the filter
  std::array<uint64_t, static_cast<size_t>(NoiseKind::kCount)> dropped{};
};

// `target` may be null (two snapshots: everything new since the baseline). The final snapshot's
// analysis must be full (distances are used to tell weakly and system-held objects).
LeakCandidates find_leak_candidates(const Snapshot& final_snapshot, const HeapAnalysis& analysis,
                                    const IdIndex& final_ids, const IdIndex& baseline,
                                    const IdIndex* target);

}  // namespace heapleak
