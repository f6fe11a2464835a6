// Parsers for the numeric sections: `nodes`, `edges` (parallel, straight into the snapshot's
// columns) and `locations` (small, serial). Each is called with the stream positioned just
// after the array's '['. Values must be unsigned decimal integers, as V8 writes them.
#pragma once

#include <cstdint>
#include <vector>

#include "heapleak/snapshot/snapshot.h"
#include "snapshot/chunk_pipeline.h"
#include "snapshot/header.h"

namespace heapleak::detail {

// Fills node columns (already sized to meta.header_node_count; first_edge gets edge counts).
// Returns the number of values read.
uint64_t parse_nodes(JsonStream& in, const ParsedHeader& header, Snapshot& s,
                     const PipelineContext& ctx);
// Fills edge columns (sized to meta.header_edge_count), converting to_node to ordinals.
uint64_t parse_edges(JsonStream& in, const ParsedHeader& header, Snapshot& s,
                     const PipelineContext& ctx);
// Reads the `locations` array into raw values (validated and converted by the loader).
GrowableArray<uint32_t> parse_location_values(JsonStream& in, const PipelineContext& ctx);

// Counts `c` in [data, data+len). Exposed for benchmarks.
size_t count_byte(const char* data, size_t len, char c);

}  // namespace heapleak::detail
