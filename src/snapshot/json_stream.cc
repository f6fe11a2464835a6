#include "snapshot/json_stream.h"

#include <fmt/format.h>

#include "snapshot/json_syntax.h"
#include "snapshot/string_decode.h"

namespace heapleak::detail {
namespace {
constexpr size_t kBufferSize = 1 << 16;

bool is_ws(int c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

}  // namespace

JsonStream::JsonStream(ByteSource& source) : source_(source) {}

bool JsonStream::fill() {
  base_offset_ += pos_;
  buf_.erase(0, pos_);
  pos_ = 0;
  const size_t old = buf_.size();
  buf_.resize(old + kBufferSize);
  const size_t got = source_.read(buf_.data() + old, kBufferSize);
  buf_.resize(old + got);
  return got > 0;
}

int JsonStream::peek() {
  if (pos_ == buf_.size() && !fill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

int JsonStream::get() {
  const int c = peek();
  if (c >= 0) ++pos_;
  return c;
}

void JsonStream::skip_ws() {
  while (is_ws(peek())) ++pos_;
}

void JsonStream::fail_here(ErrorCode code, std::string_view context, std::string detail) const {
  fail(code, fmt::format("byte {}", offset()),
       context.empty() ? detail : fmt::format("{}: {}", context, detail));
}

void JsonStream::expect(char c, std::string_view context, ErrorCode code) {
  skip_ws();
  const int got = peek();
  if (got == c) {
    ++pos_;
    return;
  }
  if (got < 0) fail_here(ErrorCode::kTruncated, context, fmt::format("expected '{}'", c));
  fail_here(code, context, fmt::format("expected '{}', found {}", c, describe_json_byte(got)));
}

std::string JsonStream::read_string(std::string_view context) {
  skip_ws();
  const uint64_t start = offset();
  std::string raw;
  skip_value(context, &raw, 1 << 20);
  if (raw.empty() || raw.front() != '"') {
    fail(ErrorCode::kNotJson, fmt::format("byte {}", start),
         fmt::format("{}: expected a string", context));
  }
  std::string out;
  decode_json_string(std::string_view(raw).substr(1, raw.size() - 2), start + 1, out);
  return out;
}

void JsonStream::skip_value(std::string_view context, std::string* copy, size_t max_copy) {
  skip_ws();
  const uint64_t start = offset();
  size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (;;) {
    if (pos_ == buf_.size() && !fill()) {
      fail(ErrorCode::kTruncated, fmt::format("byte {}", offset()),
           fmt::format("{}: value starting at byte {} is not closed", context, start));
    }
    const char c = buf_[pos_];
    if (copy != nullptr) {
      if (copy->size() >= max_copy) {
        fail(ErrorCode::kTooLarge, fmt::format("byte {}", start),
             fmt::format("{}: value is larger than {} bytes", context, max_copy));
      }
      copy->push_back(c);
    }
    ++pos_;
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
        if (depth == 0) return;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        ++depth;
        break;
      case ']':
      case '}':
        if (depth == 0) {
          fail(ErrorCode::kNotJson, fmt::format("byte {}", offset() - 1),
               fmt::format("{}: unexpected '{}'", context, c));
        }
        if (--depth == 0) return;
        break;
      default:
        if (depth == 0) {
          // A scalar (number, true, false, null) at top level ends before , } ] or space.
          const int next = peek();
          if (next < 0 || next == ',' || next == '}' || next == ']' || is_ws(next)) return;
        }
        break;
    }
  }
}

void JsonStream::expect_end() {
  skip_ws();
  const int c = peek();
  if (c >= 0)
    fail_here(ErrorCode::kNotJson, "after the snapshot object",
              "unexpected " + describe_json_byte(c));
}

uint64_t JsonStream::take_buffered(std::string& dst) {
  const uint64_t at = offset();
  dst.append(buf_, pos_, std::string::npos);
  base_offset_ += buf_.size();
  buf_.clear();
  pos_ = 0;
  return at;
}

size_t JsonStream::read_source(char* dst, size_t n) {
  const size_t got = source_.read(dst, n);
  base_offset_ += got;
  return got;
}

char* JsonStream::take_mapping() {
  char* const mapped = source_.mapped_bytes();
  if (mapped == nullptr) return nullptr;
  skip_to(offset());
  return mapped;
}

void JsonStream::skip_to(uint64_t offset) {
  source_.skip_to(offset);
  base_offset_ = offset;
  buf_.clear();
  pos_ = 0;
}

void JsonStream::give_back(std::string_view bytes) {
  buf_.erase(0, pos_);
  pos_ = 0;
  buf_.insert(0, bytes);
  base_offset_ -= bytes.size();
}

}  // namespace heapleak::detail
