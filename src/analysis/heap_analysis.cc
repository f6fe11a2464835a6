#include "heapleak/analysis/heap_analysis.h"

#include <chrono>
#include <future>

#include "heapleak/analysis/dominator_tree.h"
#include "heapleak/analysis/essential_edges.h"
#include "heapleak/analysis/page_owned.h"
#include "heapleak/analysis/retained_sizes.h"
#include "heapleak/analysis/shallow_sizes.h"

namespace heapleak {
namespace {

constexpr uint64_t kFullPhases = 8;
constexpr uint64_t kClassesOnlyPhases = 3;

// Times each phase and tells the progress callback which one finished (done/total in phases).
class PhaseClock {
 public:
  PhaseClock(HeapAnalysis& a, const ProgressFn& progress, uint64_t phases)
      : a_(a), progress_(progress), phases_(phases) {}
  // A phase timed elsewhere (on the side thread).
  void add(PhaseTime t) {
    a_.timings.push_back(std::move(t));
    if (progress_) progress_(a_.timings.back().phase, a_.timings.size(), phases_);
  }
  // Starts the next phase's time now (after waiting on the side thread).
  void restart() { last_ = std::chrono::steady_clock::now(); }
  void done(std::string phase) {
    const auto now = std::chrono::steady_clock::now();
    a_.timings.push_back({phase, std::chrono::duration<double>(now - last_).count()});
    last_ = now;
    if (progress_) progress_(phase, a_.timings.size(), phases_);
  }

 private:
  HeapAnalysis& a_;
  const ProgressFn& progress_;
  uint64_t phases_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

}  // namespace

HeapAnalysis HeapAnalysis::run(Snapshot& s, const AnalysisOptions& options) {
  HeapAnalysis a;
  PhaseClock clock(a, options.progress,
                   options.scope == AnalysisScope::kFull ? kFullPhases : kClassesOnlyPhases);
  a.detachedness = Detachedness::compute(s);
  clock.done("detachedness");
  if (options.scope == AnalysisScope::kClassesOnly) {
    a.reassigned_nodes = reassign_shallow_sizes(s, a.detachedness);
    clock.done("shallow sizes");
    a.classes = ClassNames::compute(s, a.detachedness, options.interface_definitions);
    clock.done("class names");
    return a;
  }

  // The page-owned walk, shallow sizes, distances and class names need no dominators, so they
  // run on a second thread. Meanwhile this thread applies the essential-edge rules that do not
  // need the page-owned flags, then waits for them. The self-size reassignment only writes what
  // nothing on this thread reads before the join (retained sizes come after it).
  std::vector<PhaseTime> side_timings;
  const auto timed_page_owned = [&] {
    const auto t0 = std::chrono::steady_clock::now();
    BitSet owned = compute_page_owned(s);
    side_timings.push_back(
        {"page owned",
         std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()});
    return owned;
  };
  const auto side_work = [&] {
    const auto t0 = std::chrono::steady_clock::now();
    a.reassigned_nodes = reassign_shallow_sizes(s, a.detachedness);
    const auto t1 = std::chrono::steady_clock::now();
    a.distances = compute_distances(s, options.record_parent_edges);
    const auto t2 = std::chrono::steady_clock::now();
    a.classes = ClassNames::compute(s, a.detachedness, options.interface_definitions);
    const auto t3 = std::chrono::steady_clock::now();
    side_timings.insert(side_timings.end(),
                        {{"shallow sizes", std::chrono::duration<double>(t1 - t0).count()},
                         {"distances", std::chrono::duration<double>(t2 - t1).count()},
                         {"class names", std::chrono::duration<double>(t3 - t2).count()}});
  };
  std::promise<BitSet> page_owned_promise;
  std::future<BitSet> page_owned = page_owned_promise.get_future();
  std::future<void> side;
  if (options.parallel) {
    side = std::async(std::launch::async, [&] {
      try {
        page_owned_promise.set_value(timed_page_owned());
      } catch (...) {
        page_owned_promise.set_exception(std::current_exception());
        throw;
      }
      side_work();
    });
  } else {
    page_owned_promise.set_value(timed_page_owned());
  }
  DominatorTree tree;
  {
    BitSet essential = compute_essential_edges_but_page_rule(s);
    drop_edges_into_page(s, page_owned.get(), essential);
    clock.done("essential edges");
    tree = compute_dominator_tree(
        {s.node_count(), s.root(), s.first_edge.span(), s.edge_target_and_type.span(), &essential});
    clock.done("dominators");
  }
  if (side.valid()) {
    side.get();  // rethrows what the thread threw
  } else {
    side_work();
  }
  for (PhaseTime& t : side_timings) clock.add(std::move(t));
  clock.restart();
  a.orphan_nodes = tree.orphan_count;
  a.unreachable_nodes = s.node_count() - tree.reachable_count;
  a.retained_size = compute_retained_sizes(tree, s.node_self_size.span());
  a.idom = std::move(tree.idom);
  clock.done("retained sizes");
  if (s.node_count() > 0) a.total_size = a.retained_size[s.root()] + s.meta.extra_native_bytes;
  return a;
}

}  // namespace heapleak
