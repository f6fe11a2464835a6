#include "heapleak/report/node_export.h"

#include <fmt/format.h>

#include <array>
#include <charconv>

#include "heapleak/core/json_escape.h"

namespace heapleak {
namespace {

constexpr std::array<std::string_view, 9> kFields = {"id",       "type",      "name",
                                                     "class",    "self_size", "retained_size",
                                                     "distance", "dominator", "detachedness"};

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

uint64_t write_nodes(const Snapshot& s, const HeapAnalysis& a, NodeFormat format,
                     const NodeFilter& filter, std::FILE* out) {
  std::string buffer;
  constexpr size_t kFlushBytes = 1 << 20;
  const auto flush = [&] {
    const bool ok = std::fwrite(buffer.data(), 1, buffer.size(), out) == buffer.size();
    buffer.clear();
    return ok;
  };
  if (format == NodeFormat::kCsv) buffer += fmt::format("{}\n", fmt::join(kFields, ","));
  std::string name;
  uint64_t written = 0;
  for (NodeOrdinal i = 0; i < s.node_count(); ++i) {
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
    const auto num = std::back_inserter(buffer);
    if (format == NodeFormat::kJsonLines) {
      fmt::format_to(num, "{{\"id\":{},\"type\":", row.id);
      append_json_string(buffer, row.type);
      buffer += ",\"name\":";
      append_json_string(buffer, row.name);
      buffer += ",\"class\":";
      append_json_string(buffer, row.class_name);
      fmt::format_to(num,
                     ",\"self_size\":{},\"retained_size\":{},\"distance\":{},\"dominator\":{},"
                     "\"detachedness\":{}}}\n",
                     row.self_size, row.retained_size, row.distance, row.dominator,
                     row.detachedness);
    } else {
      fmt::format_to(num, "{},", row.id);
      append_csv_field(buffer, row.type);
      buffer += ',';
      append_csv_field(buffer, row.name);
      buffer += ',';
      append_csv_field(buffer, row.class_name);
      fmt::format_to(num, ",{},{},{},{},{}\n", row.self_size, row.retained_size, row.distance,
                     row.dominator, row.detachedness);
    }
    if (buffer.size() >= kFlushBytes && !flush()) return written;
  }
  flush();
  std::fflush(out);
  return written;
}

}  // namespace heapleak
