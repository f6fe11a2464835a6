#include <algorithm>
#include <array>

#include "detect/passes.h"

namespace heapleak {
namespace {

// Order is precedence: specific kinds first, the general "a collection grew" last.
constexpr std::array kDetectors = {
    Detector{"detached-dom",
             "DOM nodes removed from the document but still reachable from JavaScript, grouped "
             "by detached tree and by what holds them",
             DetectorNeeds::kOneSnapshot, detect::detached_dom},
    Detector{"event-listeners",
             "listeners added and never removed: EventEmitter listener arrays (Node), "
             "V8EventListener registrations (browsers)",
             DetectorNeeds::kTwoSnapshots, detect::event_listeners},
    Detector{"timers",
             "intervals and timeouts never cleared (Node Timeout objects, browser timers) that "
             "keep their callbacks alive",
             DetectorNeeds::kTwoSnapshots, detect::timers},
    Detector{"closure-retention",
             "closures kept alive whose captured variables (their Context) hold large data",
             DetectorNeeds::kOneSnapshot, detect::closure_retention},
    Detector{"global-accumulation",
             "properties added to the global object / Window (including implicit globals)",
             DetectorNeeds::kTwoSnapshots, detect::global_accumulation},
    Detector{"growing-collection",
             "Map, Set, WeakMap, Array and dictionary objects whose entries keep growing",
             DetectorNeeds::kOneSnapshot, detect::growing_collection},
};

int severity_rank(Severity s) {
  return s == Severity::kError ? 0 : s == Severity::kWarning ? 1 : 2;
}

}  // namespace

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "";
}

std::span<const Detector> detector_registry() { return kDetectors; }

std::vector<std::string> unknown_detectors(const std::vector<std::string>& selected) {
  std::vector<std::string> unknown;
  for (const std::string& name : selected) {
    const bool known = std::any_of(kDetectors.begin(), kDetectors.end(),
                                   [&](const Detector& d) { return d.name == name; });
    if (!known) unknown.push_back(name);
  }
  return unknown;
}

std::vector<Finding> run_detectors(const DetectorContext& context,
                                   const std::vector<std::string>& selected) {
  std::vector<Finding> findings;
  std::vector<bool> claimed(context.clusters ? context.clusters->clusters.size() : 0, false);
  const bool history = context.baseline != nullptr;
  for (const Detector& d : kDetectors) {
    if (!selected.empty() && std::find(selected.begin(), selected.end(), d.name) == selected.end())
      continue;
    if (d.needs == DetectorNeeds::kTwoSnapshots && !history) continue;
    d.run(context, claimed, findings);
  }
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& x, const Finding& y) {
    if (severity_rank(x.severity) != severity_rank(y.severity))
      return severity_rank(x.severity) < severity_rank(y.severity);
    return x.bytes_freed > y.bytes_freed;
  });
  return findings;
}

}  // namespace heapleak
