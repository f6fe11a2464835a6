// Loading a .heapsnapshot (plain, gzip or zstd; a path or "-" for stdin) into a Snapshot.
//
// The file is streamed: nodes, edges and strings are parsed in 4 MB chunks on worker threads
// straight into the snapshot's columns, so peak memory is the snapshot itself plus a few
// chunks, never the file. A plain file's number arrays are parsed in place in a private
// mapping of the file, whose pages go back as the chunks are done. Every malformed input
// yields one Error naming the file and the place (byte offset, or section, index and field).
#pragma once

#include <cstdint>
#include <string>

#include "heapleak/core/error.h"
#include "heapleak/core/progress.h"
#include "heapleak/input/byte_source.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

struct LoadOptions {
  // Worker threads for chunk parsing; 0 = one per hardware thread (at least 2).
  unsigned threads = 0;
  // Called with phase "loading" and compressed-bytes progress; may be empty.
  ProgressFn progress;
  // A plain file is mapped and its number arrays parsed where the mapping holds them; false
  // copies them out as it does for compressed input and pipes (the tests compare the two).
  bool read_in_place = true;
};

// Facts about the input, kept for reports.
struct LoadInfo {
  std::string path;  // as given ("-" for stdin)
  Compression compression = Compression::kNone;
  uint64_t file_bytes = 0;  // size of the file as stored (0 for pipes)
  uint64_t json_bytes = 0;  // decompressed JSON bytes read
  std::string json_kernel;  // simdjson kernel used for strings and the header
  double seconds = 0;       // wall time of the load
};

struct LoadedSnapshot {
  Snapshot snapshot;
  LoadInfo info;
};

Result<LoadedSnapshot> load_snapshot(const std::string& path, const LoadOptions& options = {});

// Loads from an already opened source; `name` is used in error messages.
Result<LoadedSnapshot> load_snapshot(ByteSource& source, const std::string& name,
                                     const LoadOptions& options = {});

}  // namespace heapleak
