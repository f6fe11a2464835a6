// Parser for the `strings` section: chunks of complete JSON strings are unescaped and UTF-8
// validated by simdjson (whose DOM parser picks the fastest kernel for the CPU at run time)
// on worker threads, and appended to the snapshot's string arena in file order. Chunks that
// simdjson rejects (lone UTF-16 surrogates, which real producers emit) are decoded by our own
// tolerant decoder, which also gives exact byte offsets for real errors.
#pragma once

#include <cstdint>

#include "heapleak/snapshot/snapshot.h"
#include "snapshot/chunk_pipeline.h"

namespace heapleak::detail {

// Called with the stream just after the array's '['. Returns the number of strings.
uint64_t parse_strings(JsonStream& in, StringTable& out, const PipelineContext& ctx);

// Name of the JSON kernel simdjson selected for this CPU ("haswell", "icelake", "fallback"...).
std::string json_kernel_name();

}  // namespace heapleak::detail
