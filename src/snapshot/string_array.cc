#include "snapshot/string_array.h"

#include <fmt/format.h>
#include <simdjson.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "snapshot/string_decode.h"

namespace heapleak::detail {
namespace {

static_assert(kChunkPadding >= simdjson::SIMDJSON_PADDING);

inline bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Finds the cut after the last top-level ',' of a block. String-aware: commas and brackets
// inside strings do not count. Scanning state survives across calls for one chunk, so a block
// grown around a huge string is not scanned twice.
class StringSplitter {
 public:
  // simdjson parses a chunk with a '[' written before it and its padding after it.
  static constexpr bool kInPlace = false;
  void reset(uint64_t offset, uint64_t first_element) {
    origin_ = offset;
    first_element_ = first_element;
    in_string_ = false;
    expect_value_ = true;
    string_start_ = 0;
    elements_ = 0;
    cut_ = Cut{};
  }

  Cut scan(const char* text, size_t from, size_t len) {
    size_t i = from;
    while (i < len) {
      if (in_string_) {
        const void* q = std::memchr(text + i, '"', len - i);
        if (q == nullptr) {
          i = len;
          break;
        }
        size_t quote = static_cast<size_t>(static_cast<const char*>(q) - text);
        size_t backslashes = 0;
        while (quote - backslashes > string_start_ && text[quote - backslashes - 1] == '\\') {
          ++backslashes;
        }
        i = quote + 1;
        if (backslashes % 2 == 0) {
          in_string_ = false;
          ++elements_;
        }
        continue;
      }
      const char c = text[i];
      if (is_ws(c)) {
        ++i;
        continue;
      }
      if (expect_value_) {
        if (c == ']' && elements_ == 0 && first_element_ == 0) return close_at(i);
        if (c != '"') fail_at(i, c, "expected a string");
        in_string_ = true;
        expect_value_ = false;
        string_start_ = i + 1;
        ++i;
        continue;
      }
      if (c == ',') {
        expect_value_ = true;
        cut_.end = cut_.resume = i + 1;
        cut_.elements = elements_;
        cut_.found = true;
        ++i;
        continue;
      }
      if (c == ']') return close_at(i);
      fail_at(i, c, "expected ',' or ']' after a string");
    }
    return cut_;
  }

 private:
  Cut close_at(size_t i) {
    Cut c;
    c.end = i;
    c.resume = i + 1;
    c.elements = elements_;
    c.found = c.closed = true;
    return c;
  }
  [[noreturn]] void fail_at(size_t i, char c, std::string_view what) const {
    fail(ErrorCode::kNotJson, fmt::format("byte {}", origin_ + i),
         fmt::format("strings[{}]: {}, found '{}'", first_element_ + elements_, what, c));
  }

  bool in_string_ = false;
  bool expect_value_ = true;
  size_t string_start_ = 0;
  uint64_t elements_ = 0;
  Cut cut_;
  uint64_t origin_ = 0;
  uint64_t first_element_ = 0;
};

struct StringChunk {
  std::string bytes;
  std::vector<uint64_t> lengths;
};

// Our own path: decode each string token of the chunk. Used when simdjson refuses the chunk.
void decode_chunk_slowly(const ChunkText& chunk, StringChunk& out) {
  out.bytes.clear();
  out.lengths.clear();
  const char* text = chunk.data;
  size_t i = 0;
  uint64_t index = chunk.first_element;
  while (i < chunk.end) {
    if (text[i] != '"') {
      ++i;
      continue;
    }
    size_t j = i + 1;
    while (j < chunk.end && text[j] != '"') j += text[j] == '\\' ? 2 : 1;
    const size_t before = out.bytes.size();
    try {
      decode_json_string(std::string_view(text + i + 1, j - i - 1), chunk.offset + i + 1,
                         out.bytes);
    } catch (const Error& e) {
      throw Error(e.code(), e.where(), fmt::format("strings[{}]: {}", index, e.detail()));
    }
    const std::string_view decoded(out.bytes.data() + before, out.bytes.size() - before);
    if (!simdjson::validate_utf8(decoded.data(), decoded.size())) {
      fail(ErrorCode::kBadString, fmt::format("byte {}", chunk.offset + i + 1),
           fmt::format("strings[{}]: invalid UTF-8", index));
    }
    out.lengths.push_back(decoded.size());
    ++index;
    i = j + 1;
  }
}

// simdjson parsers for the chunks of one "strings" section: a chunk borrows one and gives it
// back, so its buffers are sized once and reused rather than allocated for every chunk, and they
// are freed with the section.
class ParserPool {
 public:
  class Lease {
   public:
    Lease(ParserPool& pool, std::unique_ptr<simdjson::dom::parser> parser)
        : pool_(pool), parser_(std::move(parser)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(parser_)); }
    simdjson::dom::parser& operator*() { return *parser_; }

   private:
    ParserPool& pool_;
    std::unique_ptr<simdjson::dom::parser> parser_;
  };

  Lease borrow() {
    std::unique_ptr<simdjson::dom::parser> parser;
    {
      std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        parser = std::move(idle_.back());
        idle_.pop_back();
      }
    }
    if (!parser) parser = std::make_unique<simdjson::dom::parser>();
    return Lease(*this, std::move(parser));
  }

 private:
  void give_back(std::unique_ptr<simdjson::dom::parser> parser) {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(parser));
  }
  std::mutex mutex_;
  std::vector<std::unique_ptr<simdjson::dom::parser>> idle_;
};

StringChunk parse_chunk(ChunkText& chunk, ParserPool& parsers) {
  ParserPool::Lease parser = parsers.borrow();
  StringChunk out;
  out.lengths.reserve(chunk.elements);
  out.bytes.reserve(chunk.end);
  // Frame the element text as a JSON array in place: '[' before it, ']' over the trailing
  // comma (or at the end of the final chunk).
  char* framed = chunk.data - 1;
  framed[0] = '[';
  size_t close = chunk.end;
  if (!chunk.final && close > 0) --close;  // replace the cut's trailing ','
  chunk.data[close] = ']';
  simdjson::dom::array array;
  if ((*parser).parse(framed, close + 2, false).get_array().get(array) == simdjson::SUCCESS) {
    for (simdjson::dom::element e : array) {
      std::string_view s;
      if (e.get_string().get(s) != simdjson::SUCCESS) break;
      out.bytes.append(s);
      out.lengths.push_back(s.size());
    }
    if (out.lengths.size() == chunk.elements) return out;
  }
  // Restore the byte we replaced so the slow path sees the original text.
  chunk.data[close] = chunk.final ? '\0' : ',';
  decode_chunk_slowly(chunk, out);
  return out;
}

}  // namespace

std::string json_kernel_name() {
  return std::string(simdjson::get_active_implementation()->name());
}

uint64_t parse_strings(JsonStream& in, StringTable& out, const PipelineContext& ctx) {
  StringSplitter splitter;
  ParserPool parsers;
  const auto parse = [&parsers](ChunkText& chunk) { return parse_chunk(chunk, parsers); };
  const auto commit = [&out](StringChunk&& chunk) { out.append_block(chunk.bytes, chunk.lengths); };
  return run_chunk_pipeline(in, "strings", splitter, parse, commit, ctx);
}

}  // namespace heapleak::detail
