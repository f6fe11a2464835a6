// Timers never cleared: Node's Timeout objects (kept in the TimersList of their duration until
// clearInterval/clearTimeout) and browser timers, with the callbacks they keep alive.
#include <fmt/format.h>

#include <map>

#include "detect/passes.h"
#include "heapleak/core/format.h"

namespace heapleak::detect {
namespace {

bool timer_node(const Snapshot& s, NodeOrdinal n) {
  const std::string_view name = s.node_name_text(n);
  return name == "Timeout" || name == "TimersList" || name == "Immediate" || name == "DOMTimer" ||
         name == "ScheduledAction" || name == "blink::DOMTimer";
}

// The callback a Node Timeout runs (its `_onTimeout` property), or kNoNode.
NodeOrdinal timer_callback(const Snapshot& s, NodeOrdinal timeout) {
  for (EdgeIndex e = s.first_edge[timeout]; e < s.first_edge[timeout + 1]; ++e) {
    if (s.edge_string_name(e) == "_onTimeout") return s.edge_to(e);
  }
  return kNoNode;
}

}  // namespace

void timers(const DetectorContext& c, std::vector<bool>& claimed, std::vector<Finding>& out) {
  if (c.clusters == nullptr) return;
  const Snapshot& s = c.snapshot;
  // Timer clusters grouped by the list that holds them (Node keeps one list per duration).
  std::map<NodeOrdinal, std::vector<size_t>> by_list;
  for (size_t i = 0; i < c.clusters->clusters.size(); ++i) {
    if (claimed[i]) continue;
    const LeakCluster& cluster = c.clusters->clusters[i];
    const auto on_path =
        find_on_path(c, cluster.path, [&](NodeOrdinal n, EdgeIndex) { return timer_node(s, n); });
    if (!on_path && !timer_node(s, cluster.representative)) continue;
    claimed[i] = true;
    const auto list = find_on_path(c, cluster.path, [&](NodeOrdinal n, EdgeIndex) {
      return s.node_name_text(n) == "TimersList";
    });
    by_list[list ? s.edge_to(cluster.path.edges[*list]) : cluster.representative].push_back(i);
  }
  for (const auto& [holder, clusters] : by_list) {
    const LeakCluster& largest = c.clusters->clusters[clusters.front()];
    Finding f = finding_from_cluster(c, largest, "timers");
    const std::vector<NodeOrdinal> members = merge_clusters(c, clusters, f);
    // clearInterval takes a Timeout out of its list: what the list alone held is freed.
    const bool is_list = s.node_name_text(holder) == "TimersList";
    f.bytes_freed = bytes_freed_by_cut(
        c, members, [&](NodeOrdinal m) { return is_list ? holder : path_holder(c, m); });
    const NodeOrdinal callback = timer_callback(s, largest.representative);
    f.title = fmt::format("{} timer{} ({}) never cleared, keeping {} alive", f.count,
                          f.count == 1 ? "" : "s", f.class_name, format_bytes(f.retained_size));
    if (callback != kNoNode) {
      const std::string name(s.node_name_text(callback));
      const std::string where = location_text(c, callback);
      f.evidence.push_back({"callback", name.empty() ? "(anonymous)" : name + "()"});
      if (!where.empty()) f.evidence.push_back({"callback defined at", where});
    }
    if (is_list) {
      f.evidence.push_back({"timer list", fmt::format("{} ({} timers kept in it are new)",
                                                      class_of(c, holder), f.count)});
    }
    f.evidence.push_back({"retained by the timers", format_bytes(f.retained_size)});
    f.cut = is_list ? fmt::format("{} -> Timeout (clearInterval)", class_of(c, holder)) : "";
    f.advice =
        "Keep the handle that setInterval/setTimeout returns and call clearInterval(handle) / "
        "clearTimeout(handle) on teardown (or when the work is done); a timer's callback and "
        "everything it closes over stay alive until then, even with unref().";
    f.severity = severity_for(c, "timers", f.retained_size, f.count);
    out.push_back(std::move(f));
  }
}

}  // namespace heapleak::detect
