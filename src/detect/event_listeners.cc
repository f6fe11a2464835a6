// Event listeners added and never removed. Node: a listener array under an EventEmitter's
// `_events` that gained entries since the baseline. Browsers: V8EventListener registrations
// (Blink's RegisteredEventListener) that survived the action.
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "detect/passes.h"
#include "heapleak/core/format.h"

namespace heapleak::detect {
namespace {

bool browser_listener(const Snapshot& s, NodeOrdinal n) {
  const std::string_view name = s.node_name_text(n);
  return name == "V8EventListener" || name == "EventListener" ||
         name == "blink::RegisteredEventListener";
}

}  // namespace

// Node: the listeners of one event of one emitter, `emitter._events[event]` (an Array, or the
// function itself while there is only one).
void node_listeners(const DetectorContext& c, const LeakCluster& cluster, size_t events_edge,
                    std::set<NodeOrdinal>& reported, std::vector<Finding>& out) {
  const Snapshot& s = c.snapshot;
  const RetainerPath& path = cluster.path;
  const size_t event_edge = events_edge + 1;
  if (event_edge >= path.edges.size()) return;  // the emitter's bookkeeping object itself
  const NodeOrdinal emitter =
      events_edge == 0 ? path.start : s.edge_to(path.edges[events_edge - 1]);
  const std::string event = s.edge_name_text(path.edges[event_edge]);
  const NodeOrdinal holder = s.edge_to(path.edges[event_edge]);
  if (!reported.insert(holder).second) return;
  const int64_t now = std::max<int64_t>(1, entries_now(c, holder));
  const int64_t before = entries_in_baseline(c, holder);
  if (now <= before) return;  // listeners come and go: no growth
  // The listeners added since the baseline.
  std::vector<NodeOrdinal> added;
  if (s.node_type[holder] == s.meta.node_types.closure) {
    added.push_back(holder);
  } else {
    for (EdgeIndex e = s.first_edge[holder]; e < s.first_edge[holder + 1]; ++e) {
      if (s.edge_type(e) != s.meta.edge_types.element) continue;
      const NodeOrdinal fn = s.edge_to(e);
      if (c.baseline_ids == nullptr || !c.baseline_ids->contains(s.node_id[fn]))
        added.push_back(fn);
    }
  }
  if (added.empty()) return;
  Finding f = finding_from_cluster(c, cluster, "event-listeners");
  f.class_name = class_of(c, added.front());
  f.count = added.size();
  f.retained_size = 0;
  f.sample_ids.clear();
  for (const NodeOrdinal fn : added) {
    f.retained_size += c.analysis.retained_size[fn];
    if (f.sample_ids.size() < 10) f.sample_ids.push_back(s.node_id[fn]);
  }
  if (auto listener_path = shortest_retainer_path(s, c.analysis.distances, added.front())) {
    f.path = from_last_global(s, *listener_path);
  }
  f.bytes_freed = bytes_freed_by_cut(c, added, [&](NodeOrdinal) { return holder; });
  const std::string fn_name(s.node_name_text(added.front()));
  f.title =
      fmt::format("{} '{}' listener{} ({}) added to {} and never removed ({} -> {})", f.count,
                  event, f.count == 1 ? "" : "s", fn_name.empty() ? "anonymous" : fn_name + "()",
                  class_of(c, emitter), before, now);
  f.evidence.push_back({"emitter", events_edge == 0 ? class_of(c, path.start)
                                                    : path_prefix_text(c, path, events_edge - 1)});
  f.evidence.push_back({"event", event});
  f.evidence.push_back(
      {"listeners on this event", fmt::format("{} in the baseline, {} now", before, now)});
  const std::string where = location_text(c, added.front());
  if (!where.empty()) f.evidence.push_back({"listener defined at", where});
  f.evidence.push_back({"retained by the new listeners", format_bytes(f.retained_size)});
  f.cut = path_prefix_text(c, path, event_edge);
  f.advice = fmt::format(
      "Remove the listener when its work is done: emitter.off('{}', handler) with the same "
      "function that was passed to on(), or register it with once() if it should fire once, "
      "or pass {{ signal }} from an AbortController and abort() it on teardown.",
      event);
  f.severity = severity_for(c, "event-listeners", f.retained_size, f.count);
  out.push_back(std::move(f));
}

void event_listeners(const DetectorContext& c, std::vector<bool>& claimed,
                     std::vector<Finding>& out) {
  if (c.clusters == nullptr) return;
  const Snapshot& s = c.snapshot;
  std::set<NodeOrdinal> reported;
  for (size_t i = 0; i < c.clusters->clusters.size(); ++i) {
    if (claimed[i]) continue;
    const LeakCluster& cluster = c.clusters->clusters[i];
    const RetainerPath& path = cluster.path;
    const auto events_edge = find_on_path(
        c, path, [&](NodeOrdinal, EdgeIndex e) { return s.edge_string_name(e) == "_events"; });
    const auto browser =
        find_on_path(c, path, [&](NodeOrdinal n, EdgeIndex) { return browser_listener(s, n); });
    const bool leaf_is_listener = browser_listener(s, cluster.representative);
    if (!events_edge && !browser && !leaf_is_listener) continue;
    claimed[i] = true;
    if (events_edge) {
      node_listeners(c, cluster, *events_edge, reported, out);
      continue;
    }
    Finding f = finding_from_cluster(c, cluster, "event-listeners");
    f.bytes_freed =
        bytes_freed_by_cut(c, cluster.members, [&](NodeOrdinal m) { return path_holder(c, m); });
    f.title = fmt::format("{} event listener{} ({}) registered and never removed", f.count,
                          f.count == 1 ? "" : "s", f.class_name);
    const size_t through = browser ? *browser : path.edges.size() - 1;
    f.evidence.push_back({"registered through", path_prefix_text(c, path, through)});
    f.evidence.push_back({"retained by the listeners", format_bytes(f.retained_size)});
    f.cut = path_prefix_text(c, path, through);
    f.advice =
        "Call removeEventListener(type, handler) with the same function and capture flag "
        "when the component goes away, use { once: true } for one-shot handlers, or pass "
        "{ signal: controller.signal } and call controller.abort() on teardown.";
    f.severity = severity_for(c, "event-listeners", f.retained_size, f.count);
    out.push_back(std::move(f));
  }
}

}  // namespace heapleak::detect
