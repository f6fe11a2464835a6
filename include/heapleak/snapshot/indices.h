// The index spaces of a snapshot (snapshot.h describes them).
#pragma once

#include <cstdint>

namespace heapleak {

using NodeOrdinal = uint32_t;
using EdgeIndex = uint32_t;
using NodeId = uint32_t;
using StringId = uint32_t;

inline constexpr NodeOrdinal kNoNode = UINT32_MAX;

}  // namespace heapleak
