#include "snapshot/number_array.h"

#include <fmt/format.h>

#include <cstring>

namespace heapleak::detail {
namespace {

inline bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

std::string describe_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x20 && u < 0x7f) return fmt::format("'{}'", c);
  return fmt::format("byte 0x{:02x}", u);
}

// Finds the cut after the last ',' of a block, or at the closing ']'.
// Non-final cuts are row-aligned (the chunk ends after a whole number of rows) so that a row is
// never split between two worker threads.
struct NumberSplitter {
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
             "no ',' or ']' within 4 MB: not a list of numbers");
      }
      return cut;  // end of input: the caller reports the truncation
    }
    size_t end = static_cast<size_t>(static_cast<const char*>(comma) - text) + 1;
    uint64_t elements = count_byte(text, end, ',');
    for (uint64_t excess = (first_element + elements) % row_fields; excess > 0; --excess) {
      comma = end > 1 ? memrchr(text, ',', end - 1) : nullptr;
      if (comma == nullptr) return cut;  // not one whole row yet: read more
      end = static_cast<size_t>(static_cast<const char*>(comma) - text) + 1;
      --elements;
    }
    cut.end = cut.resume = end;
    cut.elements = elements;
    cut.found = true;
    return cut;
  }
};

// The tight loop: unsigned decimal integers separated by commas. `Sink::put(v)` stores a value
// and returns false when the value is out of range for its column; `Sink::describe(v)` then
// explains why. chunk.data[chunk.end] is a NUL sentinel.
template <typename Sink>
void parse_numbers(const ChunkText& chunk, std::string_view section, Sink& sink) {
  const char* const begin = chunk.data;
  const char* const end = begin + chunk.end;
  const char* p = begin;
  uint64_t index = chunk.first_element;
  const auto error = [&](ErrorCode code, const std::string& detail) {
    fail(code, fmt::format("byte {}", chunk.offset + static_cast<uint64_t>(p - begin)),
         fmt::format("{}[{}]: {}", section, index, detail));
  };
  bool after_comma = false;
  for (;;) {
    while (is_ws(*p)) ++p;
    if (p == end) {
      if (after_comma && chunk.final) error(ErrorCode::kNotJson, "expected a number after ','");
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
      error(ErrorCode::kBadNumber, "expected an unsigned integer, found " + describe_byte(*p));
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
    error(ErrorCode::kNotJson, "expected ',' or ']', found " + describe_byte(*p));
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

class NodeSink {
 public:
  NodeSink(const ParsedHeader& h, Snapshot& s, uint64_t first_value)
      : roles_(h.node_roles.data()),
        fields_(static_cast<uint32_t>(h.node_roles.size())),
        type_count_(h.meta.node_type_names.size()),
        type_(s.node_type.data()),
        name_(s.node_name.data()),
        id_(s.node_id.data()),
        self_(s.node_self_size.data()),
        edges_(s.first_edge.data()),
        trace_(s.node_trace_id.data()),
        detached_(s.node_detachedness.data()),
        row_(first_value / fields_),
        field_(static_cast<uint32_t>(first_value % fields_)) {}

  bool put(uint64_t v) {
    switch (roles_[field_]) {
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
        self_[row_] = v;
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
    if (++field_ == fields_) {
      field_ = 0;
      ++row_;
    }
    return true;
  }

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
  const NodeField* roles_;
  uint32_t fields_;
  uint64_t type_count_;
  uint8_t* type_;
  uint32_t* name_;
  uint32_t* id_;
  uint64_t* self_;
  uint32_t* edges_;
  uint32_t* trace_;
  uint8_t* detached_;
  uint64_t row_;
  uint32_t field_;
};

// kNodeFields > 0 makes the to_node division a multiplication for the common layouts.
template <uint32_t kNodeFields>
class EdgeSink {
 public:
  EdgeSink(const ParsedHeader& h, Snapshot& s, uint64_t first_value)
      : roles_(h.edge_roles.data()),
        fields_(static_cast<uint32_t>(h.edge_roles.size())),
        node_fields_(kNodeFields ? kNodeFields : static_cast<uint32_t>(h.node_roles.size())),
        type_count_(h.meta.edge_type_names.size()),
        node_count_(h.meta.header_node_count),
        name_(s.edge_name_or_index.data()),
        packed_(s.edge_target_and_type.data()),
        row_(first_value / fields_),
        field_(static_cast<uint32_t>(first_value % fields_)) {}

  bool put(uint64_t v) {
    switch (roles_[field_]) {
      case EdgeField::kType:
        if (v >= type_count_) return false;
        type_ = static_cast<uint32_t>(v);
        break;
      case EdgeField::kNameOrIndex:
        if (v > UINT32_MAX) return false;
        name_[row_] = static_cast<uint32_t>(v);
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
    if (++field_ == fields_) {
      // Chunks hold whole rows, so the row's type and target are both known here.
      packed_[row_] = target_ | (type_ << Snapshot::kEdgeTypeShift);
      field_ = 0;
      ++row_;
    }
    return true;
  }

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
  uint32_t node_fields() const { return kNodeFields ? kNodeFields : node_fields_; }
  const EdgeField* roles_;
  uint32_t fields_;
  uint32_t node_fields_;
  uint64_t type_count_;
  uint64_t node_count_;
  uint32_t* name_;
  uint32_t* packed_;
  uint64_t row_;
  uint32_t field_;
  uint32_t type_ = 0;
  uint32_t target_ = 0;
};

template <typename MakeSink>
uint64_t parse_column_array(JsonStream& in, std::string_view section, uint64_t capacity,
                            uint64_t row_fields, MakeSink make_sink, const PipelineContext& ctx) {
  NumberSplitter splitter{section, row_fields};
  uint64_t committed = 0;
  const auto parse = [&make_sink, section, capacity](ChunkText& chunk) {
    if (chunk.first_element + chunk.elements > capacity) {
      fail(ErrorCode::kCountMismatch, fmt::format("byte {}", chunk.offset),
           fmt::format("the \"{}\" array holds more values than the header's count implies ({})",
                       section, capacity));
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
  explicit VectorSink(GrowableArray<uint32_t>& out) : out_(out) {}
  bool put(uint64_t v) {
    if (v > UINT32_MAX) return false;
    out_.push_back(static_cast<uint32_t>(v));
    return true;
  }
  std::string describe(uint64_t v) const { return fmt::format("value {} is above 2^32-1", v); }

 private:
  GrowableArray<uint32_t>& out_;
};

}  // namespace

__attribute__((target_clones("avx2", "default"))) size_t count_byte(const char* data, size_t len,
                                                                    char c) {
  size_t n = 0;
  for (size_t i = 0; i < len; ++i) n += data[i] == c;
  return n;
}

uint64_t parse_nodes(JsonStream& in, const ParsedHeader& header, Snapshot& s,
                     const PipelineContext& ctx) {
  const uint64_t capacity = header.meta.header_node_count * header.node_roles.size();
  return parse_column_array(
      in, "nodes", capacity, header.node_roles.size(),
      [&header, &s](uint64_t first) { return NodeSink(header, s, first); }, ctx);
}

uint64_t parse_edges(JsonStream& in, const ParsedHeader& header, Snapshot& s,
                     const PipelineContext& ctx) {
  const uint64_t capacity = header.meta.header_edge_count * header.edge_roles.size();
  const auto run = [&]<uint32_t kFields>() {
    return parse_column_array(
        in, "edges", capacity, header.edge_roles.size(),
        [&header, &s](uint64_t first) { return EdgeSink<kFields>(header, s, first); }, ctx);
  };
  switch (header.node_roles.size()) {
    case 5:
      return run.template operator()<5>();
    case 6:
      return run.template operator()<6>();
    case 7:
      return run.template operator()<7>();
    default:
      return run.template operator()<0>();
  }
}

GrowableArray<uint32_t> parse_location_values(JsonStream& in, const PipelineContext& ctx) {
  GrowableArray<uint32_t> values;
  NumberSplitter splitter{"locations"};
  const auto parse = [&values](ChunkText& chunk) {
    VectorSink sink(values);
    parse_numbers(chunk, "locations", sink);
    return 0;
  };
  run_chunk_pipeline(
      in, "locations", splitter, parse, [](int) {}, ctx, /*parallel=*/false);
  return values;
}

}  // namespace heapleak::detail
