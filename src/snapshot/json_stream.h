// Buffered, offset-tracking reader over a ByteSource for the *structure* of a snapshot: the
// top-level object, its keys, the small header and the sections we skip. The large arrays are
// not read through this class byte by byte: their parsers take the buffered bytes and then pull
// big blocks from the source directly (see number_array.h, string_array.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "heapleak/input/byte_source.h"

namespace heapleak::detail {

class JsonStream {
 public:
  explicit JsonStream(ByteSource& source);

  // Absolute offset (in decompressed bytes) of the next unread byte.
  uint64_t offset() const { return base_offset_ + pos_; }
  // Next byte, or -1 at end of input.
  int peek();
  int get();
  void skip_ws();
  // Consumes `c` after optional whitespace; otherwise throws (kTruncated at the end of input,
  // else `code`) naming `context`.
  void expect(char c, std::string_view context, ErrorCode code = ErrorCode::kNotJson);
  // Reads a JSON string token (after whitespace) and returns its unescaped text.
  std::string read_string(std::string_view context);
  // Skips one JSON value of any kind (string-aware, depth-counted). When `copy` is not null
  // the raw text of the value is appended to it; `max_copy` bounds that copy.
  void skip_value(std::string_view context, std::string* copy = nullptr, size_t max_copy = 0);
  // Throws unless only whitespace remains.
  void expect_end();

  // Bulk access: moves every buffered byte to the end of `dst` and returns the absolute offset
  // of the first byte moved. Subsequent reads come from read_source().
  uint64_t take_buffered(std::string& dst);
  // Reads from the source directly (after take_buffered). Tracks the offset.
  size_t read_source(char* dst, size_t n);
  // Gives back bytes that a bulk parser read past the end of its array.
  void give_back(std::string_view bytes);

  // Bulk access in place, when the source is mapped (ByteSource::mapped_bytes()): drops the
  // buffer and returns the mapping, of source_size() bytes, whose unread part starts at
  // offset(); nullptr otherwise. The parser reads and writes the mapping, reports its progress
  // with skip_to() (the pages before go back) and ends with skip_to() after its array.
  char* take_mapping();
  void skip_to(uint64_t offset);
  uint64_t source_size() const { return source_.raw_size(); }

  [[noreturn]] void fail_here(ErrorCode code, std::string_view context, std::string detail) const;

 private:
  bool fill();

  ByteSource& source_;
  std::string buf_;
  size_t pos_ = 0;
  uint64_t base_offset_ = 0;  // absolute offset of buf_[0]
};

}  // namespace heapleak::detail
