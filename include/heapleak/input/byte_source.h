// The input layer: a pull stream of decompressed bytes from a file or stdin.
//
// open_input() detects gzip (1f 8b) and zstd (28 b5 2f fd) by their magic bytes, never by file
// name, and decompresses as a stream: memory use is a few buffers regardless of input size.
// Errors (unreadable file, corrupt or truncated compressed data) are thrown as heapleak::Error
// by read(); open_input() reports them as a Result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "heapleak/core/error.h"

namespace heapleak {

enum class Compression : uint8_t { kNone, kGzip, kZstd };
std::string_view compression_name(Compression c);

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` decompressed bytes into `dst`. Returns 0 only at the end of the stream.
  // Throws Error (kIo, kBadCompression, kTruncated) on failure.
  virtual size_t read(char* dst, size_t n) = 0;
  // Bytes consumed so far from the underlying file (compressed bytes for compressed input).
  virtual uint64_t raw_position() const = 0;
  // Size of the underlying file in bytes, or 0 when unknown (pipes, stdin).
  virtual uint64_t raw_size() const = 0;
  virtual Compression compression() const = 0;

  // A plain file's bytes, mapped copy-on-write, for parsers that read its large arrays in
  // place instead of copying them out with read(): writable (nothing reaches the file), with
  // kMappedSlack zero bytes readable past the end; raw_size() bytes long. nullptr for pipes,
  // compressed input, or when mapping fails. Maps on the first call.
  virtual char* mapped_bytes() { return nullptr; }
  // For a mapped source: read() goes on at `offset`, and the pages before it are given back.
  virtual void skip_to(uint64_t /*offset*/) {}
  static constexpr size_t kMappedSlack = 64;
};

// Opens `path` ("-" = standard input) and wraps it in a decompressor when needed.
Result<std::unique_ptr<ByteSource>> open_input(const std::string& path);

}  // namespace heapleak
