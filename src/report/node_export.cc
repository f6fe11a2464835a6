#include "heapleak/report/node_export.h"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <future>

#include "heapleak/core/json_escape.h"

namespace heapleak {
namespace {

constexpr std::array<std::string_view, 9> kFields = {"id",       "type",      "name",
                                                     "class",    "self_size", "retained_size",
                                                     "distance", "dominator", "detachedness"};

// What comes before each field: JSON's keys, CSV's separators.
constexpr std::array<std::string_view, kFields.size()> kJsonKeys = {
    "{\"id\":",       ",\"type\":",      ",\"name\":",
    ",\"class\":",    ",\"self_size\":", ",\"retained_size\":",
    ",\"distance\":", ",\"dominator\":", ",\"detachedness\":"};
constexpr std::array<std::string_view, kFields.size()> kCsvSeparators = {"",  ",", ",", ",", ",",
                                                                         ",", ",", ",", ","};

bool is_numeric_field(std::string_view f) { return f != "type" && f != "name" && f != "class"; }

double numeric_value(const NodeRow& r, std::string_view f) {
  if (f == "id") return r.id;
  if (f == "self_size") return static_cast<double>(r.self_size);
  if (f == "retained_size") return static_cast<double>(r.retained_size);
  if (f == "distance") return static_cast<double>(r.distance);
  if (f == "dominator") return r.dominator;
  return r.detachedness;
}

std::string_view text_value(const NodeRow& r, std::string_view f) {
  if (f == "type") return r.type;
  if (f == "name") return r.name;
  return r.class_name;
}

template <typename T>
bool compare(NodeFilter::Op op, const T& a, const T& b) {
  switch (op) {
    case NodeFilter::Op::kEq:
      return a == b;
    case NodeFilter::Op::kNe:
      return a != b;
    case NodeFilter::Op::kLt:
      return a < b;
    case NodeFilter::Op::kLe:
      return a <= b;
    case NodeFilter::Op::kGt:
      return a > b;
    case NodeFilter::Op::kGe:
      return a >= b;
    case NodeFilter::Op::kContains:
      return false;
  }
  return false;
}

void append_csv_field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

Result<NodeFilter> NodeFilter::parse(const std::vector<std::string>& terms) {
  NodeFilter filter;
  for (const std::string& term : terms) {
    const size_t at = term.find_first_of("=!<>~");
    const auto bad = [&](std::string_view why) {
      return Error(ErrorCode::kUsage, fmt::format("--filter '{}'", term), std::string(why));
    };
    if (at == std::string::npos || at == 0) {
      return bad("expected FIELD OP VALUE, e.g. class=Array or retained_size>=1000000");
    }
    Term t;
    t.field = term.substr(0, at);
    if (std::find(kFields.begin(), kFields.end(), t.field) == kFields.end()) {
      return bad(fmt::format("unknown field '{}' (fields: {})", t.field, fmt::join(kFields, ", ")));
    }
    std::string_view rest = std::string_view(term).substr(at);
    static constexpr std::array<std::pair<std::string_view, Op>, 7> kOps = {{{"!=", Op::kNe},
                                                                             {"<=", Op::kLe},
                                                                             {">=", Op::kGe},
                                                                             {"=", Op::kEq},
                                                                             {"<", Op::kLt},
                                                                             {">", Op::kGt},
                                                                             {"~", Op::kContains}}};
    bool matched = false;
    for (const auto& [text, op] : kOps) {
      if (!rest.starts_with(text)) continue;
      t.op = op;
      rest.remove_prefix(text.size());
      matched = true;
      break;
    }
    if (!matched) return bad("expected one of = != < <= > >= ~ after the field");
    t.text = std::string(rest);
    t.numeric = is_numeric_field(t.field);
    if (t.numeric) {
      if (t.op == Op::kContains) return bad("~ applies to type, name and class only");
      const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), t.number);
      if (ec != std::errc() || end != rest.data() + rest.size() || rest.empty()) {
        return bad(fmt::format("'{}' is not a number", rest));
      }
    }
    filter.terms_.push_back(std::move(t));
  }
  return filter;
}

bool NodeFilter::accepts(const NodeRow& row) const {
  for (const Term& t : terms_) {
    if (t.numeric) {
      if (!compare(t.op, numeric_value(row, t.field), t.number)) return false;
    } else if (t.op == Op::kContains) {
      if (text_value(row, t.field).find(t.text) == std::string_view::npos) return false;
    } else if (!compare(t.op, text_value(row, t.field), std::string_view(t.text))) {
      return false;
    }
  }
  return true;
}

namespace {

void append_number(std::string& out, auto value) {
  const fmt::format_int text(value);
  out.append(text.data(), text.size());
}

// Formats the accepted nodes among [from, to) onto `out`; returns how many.
uint64_t format_nodes(const Snapshot& s, const HeapAnalysis& a, NodeFormat format,
                      const NodeFilter& filter, NodeOrdinal from, NodeOrdinal to,
                      std::string& out) {
  const bool json = format == NodeFormat::kJsonLines;
  const auto append_text = [&](std::string_view text) {
    if (json) {
      append_json_string(out, text);
    } else {
      append_csv_field(out, text);
    }
  };
  const auto& before = json ? kJsonKeys : kCsvSeparators;
  const std::string_view end = json ? "}\n" : "\n";
  std::string name;
  uint64_t written = 0;
  for (NodeOrdinal i = from; i < to; ++i) {
    name.clear();
    a.detachedness.append_name(name, s, i);
    const NodeRow row{s.node_id[i],
                      s.node_type_name(i),
                      name,
                      a.classes.name(a.classes.class_of(i)),
                      s.node_self_size[i],
                      a.retained_size[i],
                      a.distances.distance[i],
                      s.node_id[a.idom[i]],
                      a.detachedness.state(i)};
    if (!filter.accepts(row)) continue;
    ++written;
    out += before[0];
    append_number(out, row.id);
    out += before[1];
    append_text(row.type);
    out += before[2];
    append_text(row.name);
    out += before[3];
    append_text(row.class_name);
    out += before[4];
    append_number(out, row.self_size);
    out += before[5];
    append_number(out, row.retained_size);
    out += before[6];
    append_number(out, row.distance);
    out += before[7];
    append_number(out, row.dominator);
    out += before[8];
    append_number(out, unsigned{row.detachedness});
    out += end;
  }
  return written;
}

}  // namespace

uint64_t write_nodes(const Snapshot& s, const HeapAnalysis& a, NodeFormat format,
                     const NodeFilter& filter, std::FILE* out, const NodeExportOptions& options) {
  const auto write = [&](const std::string& text) {
    return std::fwrite(text.data(), 1, text.size(), out) == text.size();
  };
  if (format == NodeFormat::kCsv && !write(fmt::format("{}\n", fmt::join(kFields, ",")))) {
    return 0;
  }
  // Formatting takes most of an export's time, so with two threads the nodes go in pairs of
  // blocks: the second block of a pair is formatted beside the first, then both are written
  // in order.
  const NodeOrdinal block = std::max<NodeOrdinal>(options.block_nodes, 1);
  const NodeOrdinal n = s.node_count();
  const bool parallel = options.threads > 1 && n > block;
  std::string first_text;
  std::string second_text;
  uint64_t written = 0;
  for (NodeOrdinal from = 0; from < n;) {
    const NodeOrdinal mid = from + std::min(block, n - from);
    const NodeOrdinal to = parallel ? mid + std::min(block, n - mid) : mid;
    first_text.clear();
    second_text.clear();
    auto second = std::async(mid < to ? std::launch::async : std::launch::deferred, [&] {
      return format_nodes(s, a, format, filter, mid, to, second_text);
    });
    const uint64_t first_count = format_nodes(s, a, format, filter, from, mid, first_text);
    const uint64_t second_count = second.get();
    if (!write(first_text)) return written;
    written += first_count;
    if (!write(second_text)) return written;
    written += second_count;
    from = to;
  }
  std::fflush(out);
  return written;
}

}  // namespace heapleak
