// Closures that keep large data alive through their Context: which function (name and
// location), which captured variables hold what, how many closures share the context.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "detect/passes.h"
#include "heapleak/core/format.h"

namespace heapleak::detect {
namespace {

constexpr size_t kSingleSnapshotFindings = 5;

NodeOrdinal context_of(const Snapshot& s, NodeOrdinal closure) {
  for (EdgeIndex e = s.first_edge[closure]; e < s.first_edge[closure + 1]; ++e) {
    if (s.edge_type(e) == s.meta.edge_types.internal && s.edge_string_name(e) == "context") {
      return s.edge_to(e);
    }
  }
  return kNoNode;
}

struct Captured {
  uint64_t freed = 0;  // retained by captured values their context alone holds
  std::set<NodeOrdinal> contexts;
  struct Variable {
    uint64_t bytes = 0;
    uint64_t count = 0;
    ClassIndex value_class = 0;  // of the value met last
  };
  std::map<std::string_view, Variable> variables;  // by captured variable name
};

Captured captured_by(const DetectorContext& c, std::span<const NodeOrdinal> closures) {
  const Snapshot& s = c.snapshot;
  Captured result;
  for (const NodeOrdinal closure : closures) {
    const NodeOrdinal ctx = context_of(s, closure);
    if (ctx == kNoNode || !result.contexts.insert(ctx).second) continue;
    for (EdgeIndex e = s.first_edge[ctx]; e < s.first_edge[ctx + 1]; ++e) {
      if (s.edge_type(e) != s.meta.edge_types.context) continue;
      const NodeOrdinal value = s.edge_to(e);
      if (value == ctx || !dominates(c.analysis, s.root(), ctx, value)) continue;
      const uint64_t bytes = c.analysis.retained_size[value];
      result.freed += bytes;
      Captured::Variable& v = result.variables[s.edge_string_name(e)];
      v.bytes += bytes;
      ++v.count;
      v.value_class = c.analysis.classes.class_of(value);
    }
  }
  return result;
}

void describe(const DetectorContext& c, NodeOrdinal closure, size_t closures,
              const Captured& captured, Finding& f) {
  const Snapshot& s = c.snapshot;
  const std::string name(s.node_name_text(closure));
  const std::string where = location_text(c, closure);
  f.evidence.push_back({"function", (name.empty() ? "(anonymous)" : name + "()") +
                                        (where.empty() ? "" : ", " + where)});
  f.evidence.push_back({"closures / contexts", fmt::format("{} closures over {} contexts", closures,
                                                           captured.contexts.size())});
  std::vector<std::pair<std::string_view, Captured::Variable>> vars(captured.variables.begin(),
                                                                    captured.variables.end());
  std::sort(vars.begin(), vars.end(),
            [](const auto& x, const auto& y) { return x.second.bytes > y.second.bytes; });
  std::string held, largest;
  for (size_t i = 0; i < vars.size() && i < 4; ++i) {
    held += fmt::format("{}{} -> {} ({} in {} context{})", held.empty() ? "" : "; ", vars[i].first,
                        c.analysis.classes.name(vars[i].second.value_class),
                        format_bytes(vars[i].second.bytes), vars[i].second.count,
                        vars[i].second.count == 1 ? "" : "s");
    if (i == 0) largest = std::string(vars[i].first);
  }
  if (!held.empty()) f.evidence.push_back({"captured variables", held});
  f.bytes_freed = captured.freed;
  f.cut = largest.empty() ? "" : fmt::format("Context.{}", largest);
  f.advice = fmt::format(
      "Capture only what the function needs: copy the few fields it uses into locals before "
      "creating it{}, set large captured variables to null once used, and do not keep "
      "closures over request-scoped data in long-lived arrays, maps or handlers.",
      largest.empty() ? "" : fmt::format(" (instead of the whole `{}`)", largest));
}

}  // namespace

void closure_retention(const DetectorContext& c, std::vector<bool>& claimed,
                       std::vector<Finding>& out) {
  const Snapshot& s = c.snapshot;
  const uint8_t closure_type = s.meta.node_types.closure;
  if (c.clusters != nullptr) {
    for (size_t i = 0; i < c.clusters->clusters.size(); ++i) {
      if (claimed[i]) continue;
      const LeakCluster& cluster = c.clusters->clusters[i];
      if (s.node_type[cluster.representative] != closure_type) continue;
      const Captured captured = captured_by(c, cluster.members);
      if (captured.variables.empty()) continue;
      claimed[i] = true;
      Finding f = finding_from_cluster(c, cluster, "closure-retention");
      describe(c, cluster.representative, cluster.members.size(), captured, f);
      f.severity = severity_for(c, "closure-retention", captured.freed, 0);
      f.title = fmt::format("{} closure{} {}() kept alive, capturing {}", f.count,
                            f.count == 1 ? "" : "s", s.node_name_text(cluster.representative),
                            format_bytes(captured.freed));
      out.push_back(std::move(f));
    }
    return;
  }
  // One snapshot: the functions whose closures capture the most, when it is a lot. A function
  // is its name and location; its closures are grouped on the location's numbers, and the
  // groups then taken in the order of the name and the location's text.
  using FunctionKey = std::tuple<StringId, bool, uint32_t, uint32_t, uint32_t>;
  std::map<FunctionKey, std::vector<NodeOrdinal>> closures_of;
  for (NodeOrdinal n = 0; n < s.node_count(); ++n) {
    if (s.node_type[n] == closure_type && c.analysis.distances.distance[n] != kNoDistance) {
      const Location* loc = s.location_of(n);
      closures_of[loc == nullptr
                      ? FunctionKey{s.node_name[n], false, 0, 0, 0}
                      : FunctionKey{s.node_name[n], true, loc->script_id, loc->line, loc->column}]
          .push_back(n);
    }
  }
  std::vector<std::pair<std::pair<StringId, std::string>, std::vector<NodeOrdinal>>> by_function;
  for (auto& [key, closures] : closures_of) {
    by_function.push_back(
        {{std::get<0>(key), location_text(c, closures.front())}, std::move(closures)});
  }
  std::sort(by_function.begin(), by_function.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  std::vector<Finding> found;
  for (const auto& [key, closures] : by_function) {
    const Captured captured = captured_by(c, closures);
    if (captured.freed < option(c, "closure-retention", "one-snapshot-bytes")) continue;
    Finding f;
    f.detector = "closure-retention";
    f.severity = Severity::kInfo;
    f.class_name = "Function";
    f.count = closures.size();
    for (const NodeOrdinal n : closures) {
      if (f.sample_ids.size() < 10) f.sample_ids.push_back(s.node_id[n]);
    }
    f.retained_size = captured.freed;
    if (auto path = shortest_retainer_path(s, c.analysis.distances, closures.front())) {
      f.path = from_last_global(s, *path);
    }
    describe(c, closures.front(), closures.size(), captured, f);
    f.title = fmt::format("{} closure{} {}() capture {}", f.count, f.count == 1 ? "" : "s",
                          s.strings[key.first], format_bytes(captured.freed));
    found.push_back(std::move(f));
  }
  std::sort(found.begin(), found.end(),
            [](const Finding& x, const Finding& y) { return x.bytes_freed > y.bytes_freed; });
  if (found.size() > kSingleSnapshotFindings) found.resize(kSingleSnapshotFindings);
  for (Finding& f : found) out.push_back(std::move(f));
}

}  // namespace heapleak::detect
