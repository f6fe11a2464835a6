#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>

#include "detect/passes.h"

namespace heapleak {
namespace {

constexpr uint64_t kKiB = 1024, kMiB = 1024 * kKiB;

constexpr DetectorOption kDetachedDomOptions[] = {
    {"error-bytes", kMiB, "bytes retained by a group of trees that make it an error"}};
constexpr DetectorOption kListenerOptions[] = {
    {"warn-count", 5, "listeners added since the baseline that make a warning"},
    {"warn-bytes", 64 * kKiB, "bytes retained by them that make a warning"},
    {"error-bytes", kMiB, "bytes retained by them that make an error"}};
constexpr DetectorOption kTimerOptions[] = {
    {"warn-count", 5, "timers left since the baseline that make a warning"},
    {"warn-bytes", 64 * kKiB, "bytes retained by them that make a warning"},
    {"error-bytes", kMiB, "bytes retained by them that make an error"}};
constexpr DetectorOption kClosureOptions[] = {
    {"warn-bytes", 64 * kKiB, "bytes the closures' contexts alone hold that make a warning"},
    {"error-bytes", kMiB, "bytes the closures' contexts alone hold that make an error"},
    {"one-snapshot-bytes", kMiB,
     "with one snapshot, the least bytes a function's closures must "
     "capture to be reported (as info)"}};
constexpr DetectorOption kGlobalOptions[] = {
    {"warn-count", 3, "new global properties that make a warning"},
    {"warn-bytes", 64 * kKiB, "bytes retained through them that make a warning"},
    {"error-bytes", kMiB, "bytes retained through them that make an error"}};
constexpr DetectorOption kCollectionOptions[] = {
    {"warn-count", 10, "entries grown since the baseline that make a warning"},
    {"warn-bytes", 64 * kKiB, "bytes retained by the new entries that make a warning"},
    {"error-bytes", kMiB, "bytes retained by the new entries that make an error"},
    {"large-entries", 10000,
     "with one snapshot, the entries that make a collection worth "
     "reporting (as info)"}};

// Order is precedence: specific kinds first, the general "a collection grew" last.
constexpr std::array kDetectors = {
    Detector{"detached-dom",
             "DOM nodes removed from the document but still reachable from JavaScript, grouped "
             "by detached tree and by what holds them",
             DetectorNeeds::kOneSnapshot, kDetachedDomOptions, detect::detached_dom},
    Detector{"event-listeners",
             "listeners added and never removed: EventEmitter listener arrays (Node), "
             "V8EventListener registrations (browsers)",
             DetectorNeeds::kTwoSnapshots, kListenerOptions, detect::event_listeners},
    Detector{"timers",
             "intervals and timeouts never cleared (Node Timeout objects, browser timers) that "
             "keep their callbacks alive",
             DetectorNeeds::kTwoSnapshots, kTimerOptions, detect::timers},
    Detector{"closure-retention",
             "closures kept alive whose captured variables (their Context) hold large data",
             DetectorNeeds::kOneSnapshot, kClosureOptions, detect::closure_retention},
    Detector{"global-accumulation",
             "properties added to the global object / Window (including implicit globals)",
             DetectorNeeds::kTwoSnapshots, kGlobalOptions, detect::global_accumulation},
    Detector{"growing-collection",
             "Map, Set, WeakMap, Array and dictionary objects whose entries keep growing",
             DetectorNeeds::kOneSnapshot, kCollectionOptions, detect::growing_collection},
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

std::optional<std::string> add_detector_setting(DetectorSettings& settings,
                                                std::string_view assignment) {
  const size_t dot = assignment.find('.');
  const size_t eq = assignment.find('=');
  if (dot == std::string_view::npos || eq == std::string_view::npos || eq < dot) {
    return fmt::format("'{}' is not PASS.OPTION=VALUE", assignment);
  }
  const std::string_view pass = assignment.substr(0, dot);
  const std::string_view name = assignment.substr(dot + 1, eq - dot - 1);
  const std::string_view text = assignment.substr(eq + 1);
  const auto d = std::find_if(kDetectors.begin(), kDetectors.end(),
                              [&](const Detector& x) { return x.name == pass; });
  if (d == kDetectors.end()) return fmt::format("no detector '{}'", pass);
  const bool declared = std::any_of(d->options.begin(), d->options.end(),
                                    [&](const DetectorOption& o) { return o.name == name; });
  if (!declared) return fmt::format("detector '{}' has no option '{}'", pass, name);
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    return fmt::format("'{}' is not a whole number", text);
  }
  settings[std::string(assignment.substr(0, eq))] = value;
  return std::nullopt;
}

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
