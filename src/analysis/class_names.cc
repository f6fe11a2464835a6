#include "heapleak/analysis/class_names.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "analysis/interface_matcher.h"
#include "heapleak/core/json_escape.h"

namespace heapleak {
namespace {

constexpr size_t kMaxInterfaceNameLength = 120;
constexpr size_t kMinInterfacePropertyCount = 1;
constexpr double kMinObjectCountPerInterface = 2;
constexpr double kMinObjectProportionPerInterface = 1000;

std::string cut_tag(std::string_view name) {
  // '<div id="a">' -> '<div>'; 'Detached <div id=x>' -> 'Detached <div>'.
  if (name.starts_with("<")) {
    const size_t sp = name.find(' ');
    return sp == std::string_view::npos ? std::string(name) : std::string(name.substr(0, sp)) + ">";
  }
  if (name.starts_with("Detached <")) {
    const size_t sp = name.find(' ', 10);
    return sp == std::string_view::npos ? std::string(name) : std::string(name.substr(0, sp)) + ">";
  }
  return std::string(name);
}

}  // namespace

size_t ClassNames::utf16_length(std::string_view s) {
  size_t units = 0;
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u & 0xC0) != 0x80) ++units;  // a lead byte starts a code point
    if (u >= 0xF0) ++units;           // 4-byte sequences are surrogate pairs in UTF-16
  }
  return units;
}

std::string ClassNames::format_property_name(std::string_view name) {
  if (name.find_first_of(",'\"{}") == std::string_view::npos) return std::string(name);
  std::string out;
  append_json_string(out, name);
  return out;
}

ClassIndex ClassNames::intern(std::string name) {
  names_.push_back(std::move(name));
  return static_cast<ClassIndex>(names_.size() - 1);
}

std::string ClassNames::class_key(const Snapshot& s, NodeOrdinal n) const {
  if (s.node_type[n] == s.meta.node_types.object) {
    if (const Location* loc = s.location_of(n)) {
      return fmt::format("{},{},{},{}", loc->script_id, loc->line, loc->column, name(class_of(n)));
    }
  }
  return "," + name(class_of(n));
}

std::vector<InterfaceDefinition> ClassNames::infer_interface_definitions(const Snapshot& s) {
  // DevTools iterates from the root node on.
  const auto& types = s.meta.node_types;
  const uint32_t n = s.node_count();
  const uint8_t property = s.meta.edge_types.property;
  const auto is_plain = [&](NodeOrdinal i) {
    return s.node_type[i] == types.object && s.node_name_text(i) == "Object";
  };
  std::vector<InterfaceDefinition> definitions;
  std::unordered_map<std::string, size_t> candidate_index;
  std::vector<InterfaceDefinition> candidates;
  uint64_t plain_objects = 0;
  std::string name;
  std::vector<std::string> props;
  for (uint32_t i = s.root(); i < n; ++i) {
    if (!is_plain(i)) continue;
    ++plain_objects;
    name.assign(1, '{');
    size_t name_units = 1;
    props.clear();
    for (EdgeIndex e = s.first_edge[i]; e < s.first_edge[i + 1]; ++e) {
      if (s.edge_type(e) != property) continue;
      const std::string_view edge_name = s.strings[s.edge_name_or_index[e]];
      if (edge_name == "__proto__") continue;
      const std::string formatted = format_property_name(edge_name);
      const size_t units = utf16_length(formatted);
      if (name_units > kMinInterfacePropertyCount && name_units + units > kMaxInterfaceNameLength)
        break;
      if (name_units != 1) {
        name += ", ";
        name_units += 2;
      }
      name += formatted;
      name_units += units;
      props.emplace_back(edge_name);
    }
    if (props.empty()) continue;
    name += "}";
    auto [it, inserted] = candidate_index.try_emplace(name, candidates.size());
    if (inserted) {
      candidates.push_back({name, props, 1});
    } else {
      ++candidates[it->second].count;
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const auto& a, const auto& b) { return a.count > b.count; });
  const double min_count =
      std::max(kMinObjectCountPerInterface,
               static_cast<double>(plain_objects) / kMinObjectProportionPerInterface);
  for (auto& cand : candidates) {
    if (static_cast<double>(cand.count) < min_count) break;
    definitions.push_back(std::move(cand));
  }
  return definitions;
}

ClassNames ClassNames::compute(const Snapshot& s, const Detachedness& d,
                               const std::vector<InterfaceDefinition>* given) {
  ClassNames c;
  const uint32_t n = s.node_count();
  const auto& types = s.meta.node_types;
  c.node_class_ = DictionaryColumn<PodArray<ClassIndex>>(PodArray<ClassIndex>(n));
  PodArray<ClassIndex>& node_class = c.node_class_.plain();

  std::unordered_map<std::string, ClassIndex> by_name;
  const auto class_named = [&](std::string name) {
    auto [it, inserted] = by_name.try_emplace(name, 0);
    if (inserted) it->second = c.intern(std::move(name));
    return it->second;
  };
  std::vector<ClassIndex> by_type(s.meta.node_type_names.size());
  for (size_t t = 0; t < by_type.size(); ++t) {
    by_type[t] = class_named("(" + s.meta.node_type_names[t] + ")");
  }
  if (types.hidden != kNoType) by_type[types.hidden] = class_named("(system)");
  if (types.code != kNoType) by_type[types.code] = class_named("(compiled code)");
  if (types.closure != kNoType) by_type[types.closure] = class_named("Function");
  if (types.regexp != kNoType) by_type[types.regexp] = class_named("RegExp");

  // Object and native classes come from the name string; cache per (string, renamed).
  constexpr ClassIndex kUnset = UINT32_MAX;
  std::vector<ClassIndex> by_string(s.strings.size(), kUnset);
  std::vector<ClassIndex> by_detached_string;
  for (uint32_t i = 0; i < n; ++i) {
    const uint8_t t = s.node_type[i];
    if (t != types.object && t != types.native) {
      node_class[i] = by_type[t];
      continue;
    }
    const StringId name = s.node_name[i];
    if (d.renamed(i)) {
      if (by_detached_string.empty()) by_detached_string.assign(s.strings.size(), kUnset);
      ClassIndex& slot = by_detached_string[name];
      if (slot == kUnset) slot = class_named(cut_tag("Detached " + std::string(s.strings[name])));
      node_class[i] = slot;
    } else {
      ClassIndex& slot = by_string[name];
      if (slot == kUnset) slot = class_named(cut_tag(s.strings[name]));
      node_class[i] = slot;
    }
  }

  // Interface inference over plain objects, unless the caller gives the definitions.
  c.definitions_ = given != nullptr ? *given : infer_interface_definitions(s);
  if (c.definitions_.empty()) {
    c.node_class_.compact();
    return c;
  }
  const uint8_t property = s.meta.edge_types.property;
  const auto is_plain = [&](NodeOrdinal i) {
    return s.node_type[i] == types.object && s.node_name_text(i) == "Object";
  };

  detail::InterfaceMatcher matcher(c.definitions_);
  // Each property name's key, looked up once per string (the class slots are done with).
  std::vector<uint32_t>& key_by_string = by_string;
  constexpr uint32_t kUnknown = kUnset - 1;
  static_assert(kUnknown != detail::InterfaceMatcher::kNoKey);
  std::fill(key_by_string.begin(), key_by_string.end(), kUnknown);
  std::vector<ClassIndex> definition_class(c.definitions_.size(), kUnset);
  std::vector<uint32_t> keys;
  for (uint32_t i = s.root(); i < n; ++i) {
    if (!is_plain(i)) continue;
    keys.clear();
    for (EdgeIndex e = s.first_edge[i]; e < s.first_edge[i + 1]; ++e) {
      if (s.edge_type(e) != property) continue;
      const StringId name = s.edge_name_or_index[e];
      uint32_t& key = key_by_string[name];
      if (key == kUnknown) key = matcher.key_of(s.strings[name]);
      if (key != detail::InterfaceMatcher::kNoKey) keys.push_back(key);
    }
    const int32_t best = matcher.match(keys);
    if (best >= 0) {
      ClassIndex& slot = definition_class[static_cast<size_t>(best)];
      if (slot == kUnset) slot = class_named(c.definitions_[static_cast<size_t>(best)].name);
      node_class[i] = slot;
    }
  }
  c.node_class_.compact();
  return c;
}

}  // namespace heapleak
