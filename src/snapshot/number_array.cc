#include "snapshot/number_array.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "snapshot/json_syntax.h"

namespace heapleak::detail {
namespace {

inline bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// Finds the cut at the last ',' of a block, or at the closing ']': the chunk's text ends before
// it. Non-final cuts are row-aligned (the chunk ends after a whole number of rows) so that a row
// is never split between two worker threads.
struct NumberSplitter {
  // A chunk's text needs no room around it but the byte after it, for the NUL sentinel; the
  // parser reads past the sentinel without consuming anything.
  static constexpr bool kInPlace = true;
  std::string_view section;
  uint64_t row_fields = 1;
  uint64_t first_element = 0;
  void reset(uint64_t /*offset*/, uint64_t first) { first_element = first; }
  Cut scan(const char* text, size_t /*from*/, size_t len) {
    Cut cut;
    const void* close = std::memchr(text, ']', len);
    if (close != nullptr) {
      const size_t end = static_cast<size_t>(static_cast<const char*>(close) - text);
      size_t last = end;
      while (last > 0 && is_ws(text[last - 1])) --last;
      cut.end = end;
      cut.resume = end + 1;
      cut.elements = count_byte(text, end, ',') + (last > 0 ? 1 : 0);
      cut.found = cut.closed = true;
      return cut;
    }
    const void* comma = memrchr(text, ',', len);
    if (comma == nullptr) {
      if (len >= kChunkBytes) {
        fail(ErrorCode::kNotJson, fmt::format("\"{}\" array", section),
             "no ',' or ']' within 4 MB, the most heapleak reads between two values");
      }
      return cut;  // end of input: the caller reports the truncation
    }
    // The text ends before the ',' (which becomes the sentinel): one value per ',' up to it.
    size_t end = static_cast<size_t>(static_cast<const char*>(comma) - text);
    uint64_t elements = count_byte(text, end, ',') + 1;
    for (uint64_t excess = (first_element + elements) % row_fields; excess > 0; --excess) {
      comma = end > 0 ? memrchr(text, ',', end) : nullptr;
      if (comma == nullptr) return cut;  // not one whole row yet: read more
      end = static_cast<size_t>(static_cast<const char*>(comma) - text);
      --elements;
    }
    cut.end = end;
    cut.resume = end + 1;
    cut.elements = elements;
    cut.found = true;
    return cut;
  }
};

// SWAR digit scanning: eight bytes at a time in a uint64_t, with no branch per digit. The
// row fast path below uses it for the long, varying-length fields (node ids, edge targets),
// where a byte loop costs a mispredicted exit per number.
constexpr uint64_t kZeros = 0x3030303030303030;

inline uint64_t load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  // The helpers below treat the first byte as the lowest one.
  if constexpr (std::endian::native == std::endian::big) w = __builtin_bswap64(w);
  return w;
}

// `x` is eight input bytes xor '0', so digits are the bytes 0..9. Returns 0x80 in every other
// byte. Masking to 7 bits first keeps the add from carrying into the next byte.
inline uint64_t non_digit_bytes(uint64_t x) {
  return (((x & 0x7f7f7f7f7f7f7f7f) + 0x7676767676767676) | x) & 0x8080808080808080;
}

// The value of eight digit bytes 0..9, the first byte the most significant.
inline uint64_t eight_digits(uint64_t x) {
  x = x * 10 + (x >> 8);  // byte 2i becomes 10 * digit 2i + digit 2i+1
  return (((x & 0x000000FF000000FF) * (100 + (1000000ULL << 32))) +
          (((x >> 16) & 0x000000FF000000FF) * (1 + (10000ULL << 32)))) >>
         32;
}

constexpr uint64_t kPow10[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};

// Reads the digits at `p` (the 16 bytes from `p` must be readable). Returns how many there are,
// up to 16 (16 means there may be more); `v` is their value.
[[gnu::always_inline]] inline unsigned swar_digits(const char* p, uint64_t& v) {
  const uint64_t lo = load8(p) ^ kZeros;
  const uint64_t lo_end = non_digit_bytes(lo);
  if (lo_end != 0) {
    const unsigned n = static_cast<unsigned>(std::countr_zero(lo_end)) / 8;
    // Shifting the digits to the top drops what follows them and pads them with zero bytes
    // below, which eight_digits() reads as leading zeros.
    v = n == 0 ? 0 : eight_digits(lo << (64 - 8 * n));
    return n;
  }
  const uint64_t hi = load8(p + 8) ^ kZeros;
  const uint64_t hi_end = non_digit_bytes(hi);
  const unsigned n = hi_end != 0 ? static_cast<unsigned>(std::countr_zero(hi_end)) / 8 : 8;
  v = eight_digits(lo);
  if (n != 0) v = v * kPow10[n] + eight_digits(hi << (64 - 8 * n));
  return 8 + n;
}

// Reads 1-15 digits (SWAR) or 1-19 (the byte loop, like the scalar loop) at `q` and moves
// `q` past them; false, with `q` unchanged, when there are none or more.
template <bool kSwar>
[[gnu::always_inline]] inline bool plain_number(const char*& q, uint64_t& v) {
  if constexpr (kSwar) {
    const unsigned n = swar_digits(q, v);
    if (n - 1 >= 15) return false;  // none, or 16 and maybe more
    q += n;
  } else {
    const char* p = q;
    v = 0;
    while (static_cast<unsigned char>(*p - '0') < 10) {
      v = v * 10 + static_cast<unsigned>(*p - '0');
      ++p;
    }
    if (p == q || p - q > 19) return false;
    q = p;
  }
  return true;
}

// One value of the plain form: digits, whitespace, ','. With kSpaced, whitespace may come
// first too (JSON printers write ", "; V8 writes "\n," at the end of each row). Leaves `q`
// after the ','. Returns false for anything else (the array's last value, '.', ...).
template <bool kSwar, bool kSpaced>
[[gnu::always_inline]] inline bool plain_value(const char*& q, uint64_t& v) {
  if constexpr (kSpaced) {
    while (is_ws(*q)) ++q;
  }
  if (!plain_number<kSwar>(q, v)) return false;
  if (*q != ',') {
    while (is_ws(*q)) ++q;
    if (*q != ',') return false;
  }
  ++q;
  return true;
}

// Field F of a row. Only the long field (Sink::kSwarField) is read with SWAR: the byte loop's
// exits are predicted well enough for the short fields, which each have their own branches.
template <bool kSpaced, uint32_t F, typename Sink>
[[gnu::always_inline]] inline bool plain_field(const char*& q, Sink& sink) {
  uint64_t v;
  if (!plain_value<F == Sink::kSwarField, kSpaced>(q, v)) return false;
  return sink.template store<F>(v);
}

template <bool kSpaced, typename Sink, uint32_t... F>
[[gnu::always_inline]] inline bool plain_row(const char*& q, Sink& sink,
                                             std::integer_sequence<uint32_t, F...>) {
  return (plain_field<kSpaced, F>(q, sink) && ...);
}

// Whole rows of plain, in-range values, with the field count known at compile time so each
// field has its own branches. Returns where the first row that is not like that starts (at
// the latest the chunk's last row, which has no ',' after it); the scalar loop takes that row,
// repeating the stores made for it here.
template <bool kSpaced, typename Sink>
[[gnu::noinline]] const char* parse_plain_rows(const char* p, Sink& sink, uint64_t& index) {
  constexpr uint32_t kFields = Sink::kRowFields;
  // A local copy: the column stores (some through uint8_t*) could alias `sink`, which would
  // force its row and pointers to be reloaded after every store.
  Sink local = sink;
  uint64_t rows = 0;
  for (;;) {
    const char* q = p;
    if (!plain_row<kSpaced>(q, local, std::make_integer_sequence<uint32_t, kFields>())) break;
    local.end_row();
    ++rows;
    p = q;
  }
  sink = local;
  index += rows * kFields;
  return p;
}

// The tight loop: unsigned decimal integers separated by commas. `Sink::put(v)` stores a value
// and returns false when the value is out of range for its column; `Sink::describe(v)` then
// explains why. chunk.data[chunk.end] is a NUL sentinel, and at least 15 more bytes after it
// may be read (a buffer's zero padding, or the rest of a mapped file and its zero slack), so
// the fast path's reads past the text stay in bounds.
// Sinks with kRowFields > 0 (chunks start on a row) take most rows through parse_plain_rows,
// which leaves everything unusual, including every error, to this loop.
template <typename Sink>
void parse_numbers(const ChunkText& chunk, std::string_view section, Sink& sink) {
  static_assert(kChunkPadding >= 16);
  const char* const begin = chunk.data;
  const char* const end = begin + chunk.end;
  const char* p = begin;
  uint64_t index = chunk.first_element;
  const auto error = [&](ErrorCode code, const std::string& detail) {
    fail(code, fmt::format("byte {}", chunk.offset + static_cast<uint64_t>(p - begin)),
         fmt::format("{}[{}]: {}", section, index, detail));
  };
  bool after_comma = false;
  bool spaced = false;
  for (;;) {
    if constexpr (Sink::kRowFields > 0) {
      if (sink.at_row_start()) {
        const char* rows_end = spaced ? parse_plain_rows<true>(p, sink, index)
                                      : parse_plain_rows<false>(p, sink, index);
        if (rows_end != p) after_comma = true;  // every row taken there ends with a ','
        // Not one row: maybe the other style of whitespace (if not, this row is unusual and
        // the next one switches back).
        if (rows_end == p && p != end) spaced = !spaced;
        p = rows_end;
      }
    }
    while (is_ws(*p)) ++p;
    if (p == end) {
      // A chunk that is not the last was cut at a ',', which has no value before it here.
      if (!chunk.final) {
        error(ErrorCode::kBadNumber,
              "expected an unsigned integer, found " + describe_json_byte(','));
      }
      if (after_comma) error(ErrorCode::kNotJson, "expected a number after ','");
      break;
    }
    const char* digits = p;
    uint64_t v = 0;
    while (static_cast<unsigned char>(*p - '0') < 10) {
      v = v * 10 + static_cast<unsigned>(*p - '0');
      ++p;
    }
    const auto n = p - digits;
    if (n == 0) {
      if (*p == '-') error(ErrorCode::kBadNumber, "negative number");
      error(ErrorCode::kBadNumber, "expected an unsigned integer, found " +
                                       describe_json_byte(static_cast<unsigned char>(*p)));
    }
    if (n > 19) {
      p = digits;
      error(ErrorCode::kBadNumber, "number too large");
    }
    if (*p == '.' || *p == 'e' || *p == 'E') {
      p = digits;
      error(ErrorCode::kBadNumber, "not an integer");
    }
    if (!sink.put(v)) {
      p = digits;
      error(ErrorCode::kBadIndex, sink.describe(v));
    }
    ++index;
    while (is_ws(*p)) ++p;
    if (*p == ',') {
      ++p;
      after_comma = true;
      continue;
    }
    if (p == end) break;
    error(ErrorCode::kNotJson,
          "expected ',' or ']', found " + describe_json_byte(static_cast<unsigned char>(*p)));
  }
}

constexpr std::string_view node_field_name(NodeField f) {
  switch (f) {
    case NodeField::kType:
      return "type";
    case NodeField::kName:
      return "name";
    case NodeField::kId:
      return "id";
    case NodeField::kSelfSize:
      return "self_size";
    case NodeField::kEdgeCount:
      return "edge_count";
    case NodeField::kTraceNodeId:
      return "trace_node_id";
    case NodeField::kDetachedness:
      return "detachedness";
    case NodeField::kIgnored:
      return "unknown field";
  }
  return "";
}

// Self sizes that do not fit the 32-bit column, as the workers find them.
// Values too wide for a NarrowColumn's slots, reported by the workers (rarely: a mutex is cheap).
template <typename Value>
struct LargeValues {
  std::mutex mutex;
  std::unordered_map<uint32_t, Value> values;
  void add(uint64_t row, Value v) {
    std::lock_guard lock(mutex);
    values[static_cast<uint32_t>(row)] = v;  // a row the scalar loop repeats is stored again
  }
};

// kFields > 0 (the node field count, with the id third as in every V8 layout) enables the row
// fast path; 0 takes any layout.
template <uint32_t kFields>
class NodeSink {
 public:
  static constexpr uint32_t kRowFields = kFields;
  static constexpr uint32_t kSwarField = 2;  // the id: 6-7 digits in large snapshots

  NodeSink(const ParsedHeader& h, Snapshot& s, LargeValues<uint64_t>& large, uint64_t first_value)
      : roles_(h.node_roles.data()),
        fields_(static_cast<uint32_t>(h.node_roles.size())),
        type_count_(h.meta.node_type_names.size()),
        type_(s.node_type.data()),
        name_(s.node_name.plain().data()),
        id_(s.node_id.data()),
        self_(s.node_self_size.plain().writer()),
        large_self_(&large),
        edges_(s.first_edge.data()),
        trace_(s.node_trace_id.data()),
        detached_(s.node_detachedness.data()),
        row_(first_value / fields_),
        field_(static_cast<uint32_t>(first_value % fields_)) {}

  bool put(uint64_t v) {
    if (!store_field(field_, v)) return false;
    if (++field_ == fields_) end_row();
    return true;
  }

  // Row fast path: field F of the current row, then end_row() once all are stored.
  template <uint32_t F>
  [[gnu::always_inline]] bool store(uint64_t v) {
    return store_field(F, v);
  }
  void end_row() {
    field_ = 0;
    ++row_;
  }
  bool at_row_start() const { return field_ == 0; }

  std::string describe(uint64_t v) const {
    const NodeField f = roles_[field_];
    std::string limit = "2^32-1";
    if (f == NodeField::kType) limit = fmt::format("{} (the node type list)", type_count_ - 1);
    if (f == NodeField::kSelfSize) limit = "2^53";
    if (f == NodeField::kDetachedness) limit = "3";
    return fmt::format("node {} field {}: value {} is above {}", row_, node_field_name(f), v,
                       limit);
  }

 private:
  [[gnu::always_inline]] bool store_field(uint32_t field, uint64_t v) {
    switch (roles_[field]) {
      case NodeField::kType:
        if (v >= type_count_) return false;
        type_[row_] = static_cast<uint8_t>(v);
        break;
      case NodeField::kName:
        if (v > UINT32_MAX) return false;
        name_[row_] = static_cast<uint32_t>(v);
        break;
      case NodeField::kId:
        if (v > UINT32_MAX) return false;
        id_[row_] = static_cast<uint32_t>(v);
        break;
      case NodeField::kSelfSize:
        if (v > (uint64_t{1} << 53)) return false;
        if (self_.fits(v)) {
          self_.put(row_, static_cast<uint32_t>(v));
        } else {
          self_.put(row_, self_.in_side_table);
          large_self_->add(row_, v);
        }
        break;
      case NodeField::kEdgeCount:
        if (v > UINT32_MAX) return false;
        edges_[row_] = static_cast<uint32_t>(v);
        break;
      case NodeField::kTraceNodeId:
        if (v > UINT32_MAX) return false;
        trace_[row_] = static_cast<uint32_t>(v);
        break;
      case NodeField::kDetachedness:
        if (v > 3) return false;
        detached_[row_] = static_cast<uint8_t>(v);
        break;
      case NodeField::kIgnored:
        break;
    }
    return true;
  }

  const NodeField* roles_;
  uint32_t fields_;
  uint64_t type_count_;
  uint8_t* type_;
  uint32_t* name_;
  uint32_t* id_;
  NarrowColumn<uint64_t>::Writer self_;
  LargeValues<uint64_t>* large_self_;
  uint32_t* edges_;
  uint32_t* trace_;
  uint8_t* detached_;
  uint64_t row_;
  uint32_t field_;
};

constexpr EdgeField kV8EdgeRoles[] = {EdgeField::kType, EdgeField::kNameOrIndex,
                                      EdgeField::kToNode};

// kNodeFields > 0 makes the to_node division a multiplication for the common layouts;
// kEdgeFields > 0 (the edge field count, with to_node third as V8 writes it) enables the row
// fast path.
template <uint32_t kNodeFields, uint32_t kEdgeFields>
class EdgeSink {
 public:
  static constexpr uint32_t kRowFields = kEdgeFields;
  static constexpr uint32_t kSwarField = 2;  // to_node: 6-8 digits in large snapshots

  EdgeSink(const ParsedHeader& h, Snapshot& s, LargeValues<uint32_t>& large, uint64_t first_value)
      : roles_(h.edge_roles.data()),
        fields_(static_cast<uint32_t>(h.edge_roles.size())),
        node_fields_(kNodeFields ? kNodeFields : static_cast<uint32_t>(h.node_roles.size())),
        type_count_(h.meta.edge_type_names.size()),
        node_count_(h.meta.header_node_count),
        name_(s.edge_name_or_index.plain().writer()),
        large_name_(&large),
        packed_(s.edge_target_and_type.data()),
        row_(first_value / fields_),
        field_(static_cast<uint32_t>(first_value % fields_)) {}

  bool put(uint64_t v) {
    if (!store_field(roles_[field_], v)) return false;
    if (++field_ == fields_) end_row();
    return true;
  }

  template <uint32_t F>
  [[gnu::always_inline]] bool store(uint64_t v) {
    // The fast path's layout is V8's (checked by parse_edges), so the role is a constant.
    return store_field(kV8EdgeRoles[F], v);
  }
  void end_row() {
    // Chunks hold whole rows, so the row's type and target are both known here.
    packed_[row_] = target_ | (type_ << Snapshot::kEdgeTypeShift);
    field_ = 0;
    ++row_;
  }
  bool at_row_start() const { return field_ == 0; }

  std::string describe(uint64_t v) const {
    switch (roles_[field_]) {
      case EdgeField::kType:
        return fmt::format("edge {} field type: value {} is above {} (the edge type list)", row_, v,
                           type_count_ - 1);
      case EdgeField::kToNode:
        if (v % node_fields() != 0) {
          return fmt::format(
              "edge {} field to_node: {} is not a multiple of the node field count {}", row_, v,
              node_fields());
        }
        return fmt::format("edge {} field to_node: {} points past the last node ({} nodes)", row_,
                           v, node_count_);
      default:
        return fmt::format("edge {} field name_or_index: value {} is above 2^32-1", row_, v);
    }
  }

 private:
  [[gnu::always_inline]] bool store_field(EdgeField role, uint64_t v) {
    switch (role) {
      case EdgeField::kType:
        if (v >= type_count_) return false;
        type_ = static_cast<uint32_t>(v);
        break;
      case EdgeField::kNameOrIndex:
        if (v > UINT32_MAX) return false;
        if (name_.fits(v)) {
          name_.put(row_, static_cast<uint32_t>(v));
        } else {
          name_.put(row_, name_.in_side_table);
          large_name_->add(row_, static_cast<uint32_t>(v));
        }
        break;
      case EdgeField::kToNode: {
        const uint64_t ordinal = v / node_fields();
        if (ordinal * node_fields() != v || ordinal >= node_count_) return false;
        target_ = static_cast<uint32_t>(ordinal);
        break;
      }
      case EdgeField::kIgnored:
        break;
    }
    return true;
  }

  uint32_t node_fields() const { return kNodeFields ? kNodeFields : node_fields_; }
  const EdgeField* roles_;
  uint32_t fields_;
  uint32_t node_fields_;
  uint64_t type_count_;
  uint64_t node_count_;
  NarrowColumn<uint32_t>::Writer name_;
  LargeValues<uint32_t>* large_name_;
  uint32_t* packed_;
  uint64_t row_;
  uint32_t field_;
  uint32_t type_ = 0;
  uint32_t target_ = 0;
};

// Takes every value: an over-full chunk is only read for its syntax.
class SyntaxOnlySink {
 public:
  static constexpr uint32_t kRowFields = 0;
  bool put(uint64_t /*v*/) { return true; }
  std::string describe(uint64_t /*v*/) const { return {}; }
};

// A chunk that would take the array past the header's count. The splitter counts values by
// their commas, so a stray ',' (",]", ",,") looks like one value more: the syntax check names
// that byte. Otherwise the values really are too many, and the error names where the first
// one past the count starts.
[[noreturn]] void fail_over_capacity(const ChunkText& chunk, std::string_view section,
                                     uint64_t capacity) {
  SyntaxOnlySink syntax;
  parse_numbers(chunk, section, syntax);
  size_t at = 0;
  for (uint64_t before = capacity - chunk.first_element; before > 0; --before) {
    at = static_cast<size_t>(
             static_cast<const char*>(std::memchr(chunk.data + at, ',', chunk.end - at)) -
             chunk.data) +
         1;
  }
  while (at < chunk.end && is_ws(chunk.data[at])) ++at;
  fail(ErrorCode::kCountMismatch, fmt::format("byte {}", chunk.offset + at),
       fmt::format("{}[{}]: the \"{}\" array holds more values than the header's count implies "
                   "({})",
                   section, capacity, section, capacity));
}

template <typename MakeSink>
uint64_t parse_column_array(JsonStream& in, std::string_view section, uint64_t capacity,
                            uint64_t row_fields, MakeSink make_sink, const PipelineContext& ctx) {
  NumberSplitter splitter{section, row_fields};
  uint64_t committed = 0;
  const auto parse = [&make_sink, section, capacity](ChunkText& chunk) {
    if (chunk.first_element + chunk.elements > capacity) {
      fail_over_capacity(chunk, section, capacity);
    }
    auto sink = make_sink(chunk.first_element);
    parse_numbers(chunk, section, sink);
    return chunk.elements;
  };
  const auto commit = [&committed](uint64_t n) { committed += n; };
  return run_chunk_pipeline(in, section, splitter, parse, commit, ctx);
}

class VectorSink {
 public:
  static constexpr uint32_t kRowFields = 0;

  explicit VectorSink(std::vector<uint32_t>& out) : out_(out) {}
  bool put(uint64_t v) {
    if (v > UINT32_MAX) return false;
    out_.push_back(static_cast<uint32_t>(v));
    return true;
  }
  std::string describe(uint64_t v) const { return fmt::format("value {} is above 2^32-1", v); }

 private:
  std::vector<uint32_t>& out_;
};

}  // namespace

// ThreadSanitizer instruments the clones' resolver, which the dynamic loader runs before the
// sanitizer's runtime is up: the process would crash at start.
#if defined(__SANITIZE_THREAD__)
#define HEAPLEAK_AVX2_CLONES
#else
#define HEAPLEAK_AVX2_CLONES __attribute__((target_clones("avx2", "default")))
#endif

// Byte-wide counters, emptied before they can overflow, let the compiler compare and add a
// whole vector of bytes per step (a size_t per byte would widen each match eight times).
HEAPLEAK_AVX2_CLONES size_t count_byte(const char* data, size_t len, char c) {
  constexpr size_t kLanes = 64;
  constexpr size_t kRounds = 255;  // a lane counts at most this many matches between flushes
  size_t n = 0;
  size_t i = 0;
  while (len - i >= kLanes) {
    uint8_t counts[kLanes] = {};
    const size_t rounds = std::min(kRounds, (len - i) / kLanes);
    for (size_t r = 0; r < rounds; ++r, i += kLanes) {
      for (size_t lane = 0; lane < kLanes; ++lane) counts[lane] += data[i + lane] == c;
    }
    for (const uint8_t count : counts) n += count;
  }
  for (; i < len; ++i) n += data[i] == c;
  return n;
}

uint64_t parse_nodes(JsonStream& in, const ParsedHeader& header, Snapshot& s,
                     const PipelineContext& ctx) {
  const uint64_t capacity = header.meta.header_node_count * header.node_roles.size();
  LargeValues<uint64_t> large;
  const auto run = [&]<uint32_t kFields>() {
    return parse_column_array(
        in, "nodes", capacity, header.node_roles.size(),
        [&header, &s, &large](uint64_t first) {
          return NodeSink<kFields>(header, s, large, first);
        },
        ctx);
  };
  const bool v8_layout = header.node_roles.size() > 2 && header.node_roles[2] == NodeField::kId;
  uint64_t values = 0;
  switch (v8_layout ? header.node_roles.size() : 0) {
    case 5:
      values = run.template operator()<5>();
      break;
    case 6:
      values = run.template operator()<6>();
      break;
    case 7:
      values = run.template operator()<7>();
      break;
    default:
      values = run.template operator()<0>();
  }
  // Each self size is at most 2^53; those past 4 GiB (ArrayBuffers' backing stores) are few, but
  // without a bound on their sum the totals and retained sizes could wrap past 2^64.
  constexpr uint64_t kMaxLargeTotal = uint64_t{1} << 53;
  uint64_t large_total = 0;
  for (const auto& [row, v] : large.values) {
    if (v > kMaxLargeTotal - large_total) {
      fail(ErrorCode::kBadNumber, "nodes[*] field self_size",
           "the self sizes of 4 GiB or more add up to more than 2^53 bytes");
    }
    large_total += v;
  }
  s.node_self_size.plain().adopt_large(std::move(large.values));
  return values;
}

uint64_t parse_edges(JsonStream& in, const ParsedHeader& header, Snapshot& s,
                     const PipelineContext& ctx) {
  const uint64_t capacity = header.meta.header_edge_count * header.edge_roles.size();
  LargeValues<uint32_t> large;
  const auto run = [&]<uint32_t kNodeFields, uint32_t kEdgeFields>() {
    return parse_column_array(
        in, "edges", capacity, header.edge_roles.size(),
        [&header, &s, &large](uint64_t first) {
          return EdgeSink<kNodeFields, kEdgeFields>(header, s, large, first);
        },
        ctx);
  };
  const auto values = [&] {
    // Every V8 version writes type, name_or_index, to_node; other layouts take the generic path.
    if (!std::ranges::equal(header.edge_roles, kV8EdgeRoles)) {
      return run.template operator()<0, 0>();
    }
    switch (header.node_roles.size()) {
      case 5:
        return run.template operator()<5, 3>();
      case 6:
        return run.template operator()<6, 3>();
      case 7:
        return run.template operator()<7, 3>();
      default:
        return run.template operator()<0, 3>();
    }
  }();
  NarrowColumn<uint32_t>& names = s.edge_name_or_index.plain();
  names.adopt_large(std::move(large.values));
  // Names from 2^24-1 up need more than 16 M strings or an array of more than 16 M elements.
  if (names.side_table_outweighs_width()) names = names.widened();
  return values;
}

GrowableArray<uint32_t> parse_location_values(JsonStream& in, const PipelineContext& ctx) {
  // Workers parse chunks into their own lists; they are appended in file order.
  GrowableArray<uint32_t> values;
  NumberSplitter splitter{"locations"};
  const auto parse = [](ChunkText& chunk) {
    std::vector<uint32_t> chunk_values;
    chunk_values.reserve(chunk.elements);
    VectorSink sink(chunk_values);
    parse_numbers(chunk, "locations", sink);
    return chunk_values;
  };
  const auto commit = [&values](std::vector<uint32_t>&& chunk_values) {
    values.append(chunk_values.data(), chunk_values.size());
  };
  run_chunk_pipeline(in, "locations", splitter, parse, commit, ctx);
  return values;
}

}  // namespace heapleak::detail
