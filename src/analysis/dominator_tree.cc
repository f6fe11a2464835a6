#include "heapleak/analysis/dominator_tree.h"

#include <algorithm>
#include <vector>

namespace heapleak {
namespace {

// Vertices are numbered 1..n in DFS preorder; 0 means "none". The per-vertex arrays are
// indexed by that number, so the semidominator loop reads them in order.
using Vertex = uint32_t;

class SemiNca {
 public:
  explicit SemiNca(const FlowGraph& g) : g_(g), n_(g.node_count) {}

  DominatorTree run() {
    number_vertices();
    store_back_edges();
    compute_semidominators();
    return finish();
  }

 private:
  bool counted(EdgeIndex e) const { return g_.counted == nullptr || g_.counted->test(e); }
  NodeOrdinal target(EdgeIndex e) const { return g_.edge_words[e] & Snapshot::kEdgeTargetMask; }

  // What the DFS keeps per node, side by side: the visited check on a child reads the line that
  // also says where the child's edges start (prefetched at once) and counts the edges into it
  // from later vertices. Separate arrays would cost three cache misses per edge instead of one.
  struct NodeState {
    EdgeIndex first_edge;
    Vertex pre;           // 0 until visited
    uint32_t back_edges;  // counted edges into it from vertices numbered after it
  };
  // A child waiting on the DFS stack, with the vertex whose edge reached it.
  struct Pending {
    NodeOrdinal node;
    Vertex from;
  };

  // Iterative DFS over G': from the root over counted edges, then from each orphan (a node
  // with no counted incoming edge) in ordinal order, as children of the root. A vertex pushes
  // all its unvisited children at once (in reverse, so the preorder is that of the recursive
  // search), which lets their cache misses overlap. The stack holds one entry per edge to a
  // node not yet visited, so at worst the edge count; on the 8 M node bench file it peaks at
  // 0.2 M entries.
  //
  // Each edge v -> w is classified once: an edge to a vertex already numbered (w < v: back or
  // cross edge) is counted for store_back_edges(); an edge to a child that is numbered before
  // its turn comes (a forward edge, v < w) folds v into semi(w) when popped.
  void number_vertices() {
    BitSet has_counted_in(n_);
    for (EdgeIndex e = 0; e < g_.first_edge[n_]; ++e) {
      if (counted(e)) has_counted_in.set(target(e));
    }
    state_ = PodArray<NodeState>(n_ + 1);
    for (NodeOrdinal node = 0; node <= n_; ++node) state_[node] = {g_.first_edge[node], 0, 0};
    order_ = PodArray<NodeOrdinal>(n_);
    parent_ = PodArray<Vertex>(n_ + 1);
    semi_ = PodArray<Vertex>(n_ + 1);

    visit(g_.root, 0);
    for (NodeOrdinal node = 0; node < n_; ++node) {
      if (node == g_.root || has_counted_in.test(node)) continue;
      orphans_.push_back(node);
      visit(node, 1);
    }
  }

  void visit(NodeOrdinal start, Vertex start_parent) {
    NodeState* const state = state_.data();
    stack_.push_back({start, start_parent});
    while (!stack_.empty()) {
      const Pending next = stack_.back();
      stack_.pop_back();
      NodeState& s = state[next.node];
      if (s.pre != 0) {
        semi_[s.pre] = std::min(semi_[s.pre], next.from);
        continue;
      }
      const Vertex v = ++count_;
      s.pre = v;
      order_[v - 1] = next.node;
      parent_[v] = next.from;
      semi_[v] = next.from == 0 ? v : next.from;  // the tree edge is a semidominator candidate
      const EdgeIndex begin = s.first_edge;
      for (EdgeIndex e = state[next.node + 1].first_edge; e-- > begin;) {
        if (!counted(e)) continue;
        const NodeOrdinal to = target(e);
        NodeState& child = state[to];
        if (child.pre == 0) {
          __builtin_prefetch(&g_.edge_words[child.first_edge]);
          if (g_.counted != nullptr)
            __builtin_prefetch(g_.counted->word_containing(child.first_edge));
          stack_.push_back({to, v});
        } else if (child.pre != v) {
          ++child.back_edges;
        }
      }
    }
  }

  // Groups the back and cross edges counted by the DFS by their target; a pass in ordinal
  // order reads the edge arrays sequentially. A compact ordinal -> vertex map (a third of the
  // DFS state) keeps that pass's random reads in cache more often.
  void store_back_edges() {
    PodArray<Vertex> pre_of(n_);
    first_pred_ = PodArray<uint32_t>(count_ + 2);
    std::fill(first_pred_.begin(), first_pred_.end(), 0);
    for (NodeOrdinal node = 0; node < n_; ++node) {
      const Vertex v = state_[node].pre;
      pre_of[node] = v;
      if (v != 0) first_pred_[v] = state_[node].back_edges;
    }
    state_ = {};
    // Running totals make first_pred_[w] the end of w's group; filling each group from its end
    // leaves first_pred_[w] at its start, with no second cursor array.
    for (Vertex w = 1; w <= count_; ++w) first_pred_[w] += first_pred_[w - 1];
    first_pred_[count_ + 1] = first_pred_[count_];
    preds_ = PodArray<Vertex>(first_pred_[count_ + 1]);
    // The edges are read in order, so the random pre_of read of an edge a little ahead can be
    // started now.
    constexpr EdgeIndex kLookahead = 48;
    const EdgeIndex edge_end = g_.first_edge[n_];
    for (NodeOrdinal node = 0; node < n_; ++node) {
      const Vertex v = pre_of[node];
      if (v == 0) continue;
      for (EdgeIndex e = g_.first_edge[node]; e < g_.first_edge[node + 1]; ++e) {
        if (e + kLookahead < edge_end) __builtin_prefetch(&pre_of[target(e + kLookahead)]);
        if (!counted(e)) continue;
        const Vertex w = pre_of[target(e)];
        if (w != 0 && w < v) preds_[--first_pred_[w]] = v;
      }
    }
  }

  // A processed vertex's link in the forest that eval() compresses: its ancestor, and the
  // smallest semi on the path from it up to (not including) that ancestor. Side by side, so
  // following a path touches one cache line per step.
  struct Link {
    Vertex ancestor;
    Vertex min_semi;
  };

  // semi(w) = min over G' predecessors v of w: v itself when v < w (folded in by the DFS),
  // else the smallest semi on v's path in the forest of already processed vertices (eval).
  // Vertices are processed from the last to the second, so "processed" is simply "> w".
  void compute_semidominators() {
    links_ = PodArray<Link>(count_ + 1);
    // preds_ is grouped by target in vertex order, so the loop walks it backwards once.
    uint32_t p = first_pred_[count_ + 1];
    constexpr uint32_t kPrefetchDistance = 16;
    for (Vertex w = count_; w >= 2; --w) {
      Vertex best = semi_[w];
      for (const uint32_t begin = first_pred_[w]; p > begin;) {
        --p;
        if (p >= kPrefetchDistance) __builtin_prefetch(&links_[preds_[p - kPrefetchDistance]]);
        best = std::min(best, eval(preds_[p], w));
      }
      semi_[w] = best;
      links_[w] = {parent_[w], best};  // link: w's subtree joins its parent's tree
    }
    links_ = {};
    preds_ = {};
    first_pred_ = {};
  }

  // The smallest semi on the path from processed vertex v up to its tree's root (the first
  // vertex <= w), compressing the path as it goes. Iterative: paths can be millions long.
  Vertex eval(Vertex v, Vertex w) {
    Vertex a = links_[v].ancestor;
    if (a <= w) return links_[v].min_semi;
    Vertex x = v;
    do {
      path_.push_back(x);
      x = a;
      a = links_[x].ancestor;
    } while (a > w);
    // x is the top processed vertex; fold from just below it down to v.
    while (!path_.empty()) {
      Link& y = links_[path_.back()];
      path_.pop_back();
      const Link& up = links_[y.ancestor];
      y.min_semi = std::min(y.min_semi, up.min_semi);
      y.ancestor = up.ancestor;
    }
    return links_[v].min_semi;
  }

  // idom(w) is the nearest common ancestor of parent(w) and semi(w) in the dominator tree built
  // so far: walk up from parent(w) while above semi(w). In place over parent_, whose entries
  // below w are already final idoms.
  DominatorTree finish() {
    PodArray<Vertex>& dom = parent_;
    for (Vertex w = 2; w <= count_; ++w) {
      Vertex d = dom[w];
      while (d > semi_[w]) d = dom[d];
      dom[w] = d;
    }
    semi_ = {};

    DominatorTree tree;
    tree.idom = PodArray<NodeOrdinal>(n_);
    std::fill(tree.idom.begin(), tree.idom.end(), g_.root);
    for (Vertex w = 2; w <= count_; ++w) tree.idom[order_[w - 1]] = order_[dom[w] - 1];
    parent_ = {};
    // What G' does not reach keeps the root as dominator; collect it in ordinal order.
    tree.order = std::move(order_);
    BitSet reached(n_);
    for (Vertex w = 1; w <= count_; ++w) reached.set(tree.order[w - 1]);
    uint32_t next = count_;
    for (NodeOrdinal node = 0; node < n_; ++node) {
      if (!reached.test(node)) tree.order[next++] = node;
    }
    tree.reachable_count = count_;
    tree.orphan_count = static_cast<uint32_t>(orphans_.size());
    return tree;
  }

  const FlowGraph& g_;
  const uint32_t n_;
  Vertex count_ = 0;
  PodArray<NodeState> state_;    // by ordinal, during the DFS
  PodArray<NodeOrdinal> order_;  // the node of vertex v at v - 1: the preorder itself
  PodArray<Vertex> parent_;
  PodArray<Vertex> semi_;
  PodArray<Link> links_;
  PodArray<uint32_t> first_pred_;  // back/cross edges into vertex w: preds_[first_pred_[w]..)
  PodArray<Vertex> preds_;
  std::vector<Pending> stack_;
  std::vector<NodeOrdinal> orphans_;
  std::vector<Vertex> path_;
};

}  // namespace

DominatorTree compute_dominator_tree(const FlowGraph& graph) {
  if (graph.node_count == 0) return {};
  return SemiNca(graph).run();
}

}  // namespace heapleak
