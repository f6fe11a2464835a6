// DOM detachedness as DevTools derives it (reference 2.4; DevTools `initDetachednessAndClassIndex`,
// `propagateDOMState`): file states seed a propagation through native nodes only, attached
// first, over every edge type except hidden and weak. Native nodes that end up detached are
// shown (and classed) as "Detached <name>".
#pragma once

#include <cstdint>
#include <string>

#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

enum class DomState : uint8_t { kUnknown = 0, kAttached = 1, kDetached = 2 };

class Detachedness {
 public:
  static Detachedness compute(const Snapshot& s);

  // Final state (0 unknown, 1 attached, 2 detached; 3 is kept verbatim from the file).
  uint8_t state(NodeOrdinal n) const { return packed(n) & kStateMask; }
  // True when DevTools renames the node "Detached " + name (native nodes detached by the
  // propagation, only in files that have a detachedness field).
  bool renamed(NodeOrdinal n) const { return renames_ && packed(n) == (kNativeBit | 2); }
  // Appends the node's name as DevTools shows it: "Detached " + raw name when renamed.
  void append_name(std::string& out, const Snapshot& s, NodeOrdinal n) const {
    if (renamed(n)) out += "Detached ";
    out += s.node_name_text(n);
  }
  // DevTools' detachedDOMTreeNode flag: native and detached.
  bool detached_dom(NodeOrdinal n) const { return packed(n) == (kNativeBit | 2); }
  // A detached DOM node proper: Node.js also marks its own binding objects ("Node / ...")
  // detached, and those are not DOM.
  bool detached_dom_element(const Snapshot& s, NodeOrdinal n) const {
    return detached_dom(n) && !s.node_name_text(n).starts_with("Node / ");
  }

 private:
  static constexpr uint8_t kStateMask = 3;
  static constexpr uint8_t kNativeBit = 4;  // node type is native
  // Half a byte a node (the low half for even ordinals): the state and kNativeBit.
  uint8_t packed(NodeOrdinal n) const { return (packed_[n / 2] >> (n % 2 * 4)) & 0xF; }
  void set_packed(NodeOrdinal n, uint8_t value) {
    uint8_t& pair = packed_[n / 2];
    pair = static_cast<uint8_t>((pair & (0xF0 >> (n % 2 * 4))) | (value << (n % 2 * 4)));
  }
  PodArray<uint8_t> packed_;
  bool renames_ = false;
};

}  // namespace heapleak
