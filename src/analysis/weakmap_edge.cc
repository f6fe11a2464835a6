#include "heapleak/analysis/weakmap_edge.h"

#include <algorithm>
#include <functional>

namespace heapleak {
namespace {

constexpr std::string_view kKeyPart = " / part of key (";
constexpr std::string_view kValuePart = ") -> value (";
constexpr std::string_view kTablePart = " pair in WeakMap (table @";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// JavaScript's `.` does not match line terminators (\n, \r, U+2028, U+2029).
bool has_line_terminator(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') return true;
    if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' &&
        (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
      return true;
    }
  }
  return false;
}

// Strips a trailing " @<digits>" from `text`; false when it does not end that way.
bool strip_object_id(std::string_view& text) {
  size_t i = text.size();
  while (i > 0 && is_digit(text[i - 1])) --i;
  if (i == text.size() || i < 2 || text.substr(i - 2, 2) != " @") return false;
  text = text.substr(0, i - 2);
  return true;
}

}  // namespace

std::optional<WeakMapEdgeName> parse_weakmap_edge_name(std::string_view name) {
  size_t digits = 0;
  while (digits < name.size() && is_digit(name[digits])) ++digits;
  if (digits == 0 || name.substr(digits, kKeyPart.size()) != kKeyPart) return std::nullopt;
  if (name.empty() || name.back() != ')') return std::nullopt;

  // Right to left: "(table @<t>)" ends the name.
  std::string_view rest = name.substr(0, name.size() - 1);
  size_t id_start = rest.size();
  while (id_start > 0 && is_digit(rest[id_start - 1])) --id_start;
  if (id_start == rest.size()) return std::nullopt;
  const std::string_view table_digits = rest.substr(id_start);
  rest = rest.substr(0, id_start);
  if (!rest.ends_with(kTablePart)) return std::nullopt;
  rest = rest.substr(0, rest.size() - kTablePart.size());
  // rest = "<n> / part of key (" K " @" k ") -> value (" V " @" v ")"
  if (rest.empty() || rest.back() != ')') return std::nullopt;
  rest = rest.substr(0, rest.size() - 1);
  if (!strip_object_id(rest)) return std::nullopt;
  std::string_view middle = rest.substr(digits + kKeyPart.size());
  if (has_line_terminator(middle)) return std::nullopt;
  // Some ") -> value (" must be preceded by " @<digits>"; K and V are otherwise free text.
  bool found = false;
  for (size_t at = middle.find(kValuePart); at != std::string_view::npos && !found;
       at = middle.find(kValuePart, at + 1)) {
    std::string_view key = middle.substr(0, at);
    found = strip_object_id(key);
  }
  if (!found) return std::nullopt;

  uint64_t table_id = 0;
  for (const char c : table_digits) {
    table_id =
        table_id > UINT64_MAX / 16 ? UINT64_MAX : table_id * 10 + static_cast<uint64_t>(c - '0');
  }
  return WeakMapEdgeName{name.substr(digits), table_id};
}

WeakMapEdgeNames::WeakMapEdgeNames(const Snapshot& s, Pairs pairs)
    : s_(s), pair_names_(s.strings.size()), names_before_word_((s.strings.size() + 63) / 64) {
  // When numbering: each pair name and the hash of its pair text, by rank.
  std::vector<StringId> names;
  std::vector<size_t> hash;
  for (StringId i = 0; i < s.strings.size(); ++i) {
    if (i % 64 == 0) names_before_word_[i / 64] = static_cast<uint32_t>(table_id_.size());
    const std::string_view text = s.strings[i];
    if (text.empty() || !is_digit(text[0])) continue;
    if (const auto parsed = parse_weakmap_edge_name(text)) {
      pair_names_.set(i);
      table_id_.push_back(parsed->table_id);
      if (pairs == Pairs::kNumbered) {
        names.push_back(i);
        hash.push_back(std::hash<std::string_view>{}(parsed->pair));
      }
    }
  }
  if (pairs == Pairs::kNumbered) {
    pair_ = detail::number_equal_texts(hash, [&](uint32_t rank) {
      const std::string_view text = s.strings[names[rank]];
      return text.substr(text.find(' '));  // the pair text: what follows the leading number
    });
    pair_count_ = pair_.empty() ? 0 : *std::max_element(pair_.begin(), pair_.end()) + 1;
  }
}

namespace detail {

// Sorting the texts by hash makes equal ones neighbours. A run of one hash holding different
// texts (a collision, which a crafted snapshot can repeat at will) is sorted by text, so that
// it costs R log R comparisons, not R squared.
std::vector<uint32_t> number_equal_texts(const std::vector<size_t>& hash,
                                         const std::function<std::string_view(uint32_t)>& text) {
  struct Hashed {
    size_t hash;
    uint32_t index;
  };
  std::vector<Hashed> sorted(hash.size());
  for (uint32_t i = 0; i < sorted.size(); ++i) sorted[i] = {hash[i], i};
  std::sort(sorted.begin(), sorted.end(), [](const Hashed& x, const Hashed& y) {
    return x.hash != y.hash ? x.hash < y.hash : x.index < y.index;
  });
  std::vector<uint32_t> number(hash.size());
  uint32_t count = 0;
  for (size_t run = 0; run < sorted.size();) {
    size_t end = run + 1;
    while (end < sorted.size() && sorted[end].hash == sorted[run].hash) ++end;
    if (end - run > 2) {
      std::sort(sorted.begin() + static_cast<std::ptrdiff_t>(run),
                sorted.begin() + static_cast<std::ptrdiff_t>(end),
                [&](const Hashed& x, const Hashed& y) { return text(x.index) < text(y.index); });
    }
    for (size_t k = run; k < end; ++k) {
      const bool same = k > run && text(sorted[k - 1].index) == text(sorted[k].index);
      number[sorted[k].index] = same ? number[sorted[k - 1].index] : count++;
    }
    run = end;
  }
  return number;
}

}  // namespace detail
}  // namespace heapleak
