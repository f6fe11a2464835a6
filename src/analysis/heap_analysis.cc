#include "heapleak/analysis/heap_analysis.h"

#include <chrono>
#include <future>

#include "heapleak/analysis/class_rows.h"
#include "heapleak/analysis/dominator_children.h"
#include "heapleak/analysis/dominator_tree.h"
#include "heapleak/analysis/essential_edges.h"
#include "heapleak/analysis/page_owned.h"
#include "heapleak/analysis/retained_sizes.h"
#include "heapleak/analysis/shallow_sizes.h"

namespace heapleak {
namespace {

constexpr uint64_t kFullPhases = 9;
constexpr uint64_t kClassesOnlyPhases = 4;

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

// Runs `work` and records how long it took under `phase`.
template <typename Work>
void timed(std::vector<PhaseTime>& timings, const char* phase, Work work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  timings.push_back(
      {phase, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()});
}

}  // namespace

HeapAnalysis HeapAnalysis::run(Snapshot& s, const AnalysisOptions& options) {
  HeapAnalysis a;
  PhaseClock clock(a, options.progress,
                   options.scope == AnalysisScope::kClassesOnly
                       ? kClassesOnlyPhases
                       : kFullPhases + options.dominator_children);
  if (options.scope == AnalysisScope::kClassesOnly) {
    a.detachedness = Detachedness::compute(s);
    clock.done("detachedness");
    a.reassigned_nodes = reassign_shallow_sizes(s, a.detachedness);
    clock.done("shallow sizes");
    a.classes = ClassNames::compute(s, a.detachedness, options.interface_definitions);
    clock.done("class names");
    a.class_rows = group_class_rows(s, a.classes);
    clock.done("class rows");
    return a;
  }

  // The page-owned walk, detachedness, shallow sizes, class names and distances need no
  // dominators, so they run on a second thread. Meanwhile this thread applies the
  // essential-edge rules that do not need the page-owned flags, then waits for them. The
  // self-size reassignment only writes what nothing on this thread reads before the join
  // (retained sizes come after it). Class names come before distances: their column is only
  // compacted at the end, and that end must come before the dominator pass's peak, which the
  // longer walk might otherwise reach on a slow run.
  std::vector<PhaseTime> side_timings;
  const auto side_work = [&] {
    timed(side_timings, "detachedness", [&] { a.detachedness = Detachedness::compute(s); });
    timed(side_timings, "shallow sizes",
          [&] { a.reassigned_nodes = reassign_shallow_sizes(s, a.detachedness); });
    timed(side_timings, "class names", [&] {
      a.classes = ClassNames::compute(s, a.detachedness, options.interface_definitions);
    });
    timed(side_timings, "distances",
          [&] { a.distances = compute_distances(s, options.record_parent_edges); });
  };
  std::promise<BitSet> page_owned_promise;
  std::future<BitSet> page_owned = page_owned_promise.get_future();
  const auto publish_page_owned = [&] {
    try {
      timed(side_timings, "page owned",
            [&] { page_owned_promise.set_value(compute_page_owned(s)); });
    } catch (...) {
      page_owned_promise.set_exception(std::current_exception());
      throw;
    }
  };
  std::future<void> side;
  if (options.parallel) {
    side = std::async(std::launch::async, [&] {
      publish_page_owned();
      side_work();
    });
  } else {
    publish_page_owned();
  }
  DominatorTree tree;
  {
    BitSet essential = compute_essential_edges_but_page_rule(s);
    drop_edges_into_page(s, page_owned.get(), essential);
    clock.done("essential edges");
    tree = compute_dominator_tree({s.node_count(), s.root(), s.first_edge.span(),
                                   s.edge_target_and_type.span(), &essential,
                                   options.parallel ? 2u : 1u});
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

  // Class rows only need what is known by now, so they are grouped beside the retained sizes;
  // grouping them any earlier would hold their memory through the dominator pass, the peak. The
  // dominator children lists come after both, when the preorder is gone and the rows have taken
  // their one-byte form, so that none of these add up.
  std::vector<PhaseTime> row_timings;
  const auto group_rows = [&] {
    timed(row_timings, "class rows", [&] { a.class_rows = group_class_rows(s, a.classes); });
  };
  std::future<void> rows;
  if (options.parallel) rows = std::async(std::launch::async, group_rows);
  a.retained_size = compute_retained_sizes(tree, s.node_self_size);
  tree.order = {};
  clock.done("retained sizes");
  if (rows.valid()) {
    rows.get();
  } else {
    group_rows();
  }
  for (PhaseTime& t : row_timings) clock.add(std::move(t));
  if (options.dominator_children) {
    clock.restart();
    a.dominator_children = build_dominator_children(tree.idom.span(), s.root());
    clock.done("dominator children");
  }
  // What comes after the analysis allocates little, so the blocks kept for reuse would only
  // add to the footprint.
  release_kept_pages();
  a.idom = std::move(tree.idom);
  if (s.node_count() > 0) a.total_size = a.retained_size[s.root()] + s.meta.extra_native_bytes;
  return a;
}

}  // namespace heapleak
