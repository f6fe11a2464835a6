#include "heapleak/analysis/dominator_tree.h"

#include <algorithm>
#include <vector>

namespace heapleak {
namespace {

// Vertices are numbered 1..n in DFS preorder; 0 means "none". All per-vertex arrays below are
// indexed by that number, so the hot loops touch dense memory instead of chasing ordinals.
using Vertex = uint32_t;

class SemiNca {
 public:
  explicit SemiNca(const FlowGraph& g) : g_(g), n_(g.node_count) {}

  DominatorTree run() {
    number_vertices();
    compute_semidominators();
    return finish();
  }

 private:
  bool counted(EdgeIndex e) const { return g_.counted == nullptr || g_.counted->test(e); }
  NodeOrdinal target(EdgeIndex e) const { return g_.edge_words[e] & Snapshot::kEdgeTargetMask; }

  // Iterative DFS over G': from the root over counted edges, then from each orphan (a node
  // with no counted incoming edge) in ordinal order, as children of the root. The DFS stack
  // is the parent chain plus a per-vertex cursor, so depth costs no extra memory.
  //
  // Each edge v -> w is classified as the DFS scans it, which saves a pass of random reads:
  // when v < w (tree or forward edge) semi(w) = min(semi(w), v) right away; when v > w (back
  // or cross edge) semi(w) needs eval(v) later, so the edge is only counted here and stored
  // by store_back_edges().
  void number_vertices() {
    BitSet has_counted_in(n_);
    for (EdgeIndex e = 0; e < g_.first_edge[n_]; ++e) {
      if (counted(e)) has_counted_in.set(target(e));
    }
    pre_of_ = PodArray<Vertex>(n_);
    std::fill(pre_of_.begin(), pre_of_.end(), 0);
    vertex_ = PodArray<NodeOrdinal>(n_ + 1);
    parent_ = PodArray<Vertex>(n_ + 1);
    semi_ = PodArray<Vertex>(n_ + 1);
    first_pred_ = PodArray<uint32_t>(n_ + 2);
    std::fill(first_pred_.begin(), first_pred_.end(), 0);
    PodArray<EdgeIndex> cursor(n_ + 1);

    const auto visit = [&](NodeOrdinal start, Vertex start_parent) {
      Vertex v = number(start, start_parent, cursor);
      while (v != start_parent) {
        const NodeOrdinal node = vertex_[v];
        const EdgeIndex end = g_.first_edge[node + 1];
        Vertex next = parent_[v];
        for (EdgeIndex e = cursor[v]; e < end; ++e) {
          if (!counted(e)) continue;
          const NodeOrdinal to = target(e);
          const Vertex w = pre_of_[to];
          if (w == 0) {
            cursor[v] = e + 1;
            next = number(to, v, cursor);
            break;
          }
          if (v < w) {
            semi_[w] = std::min(semi_[w], v);
          } else if (v > w) {
            ++first_pred_[w + 1];
          }
        }
        if (next == parent_[v]) cursor[v] = end;
        v = next;
      }
    };
    visit(g_.root, 0);
    for (NodeOrdinal node = 0; node < n_; ++node) {
      if (node == g_.root || has_counted_in.test(node)) continue;
      orphans_.push_back(node);
      visit(node, 1);
    }
  }

  Vertex number(NodeOrdinal node, Vertex parent, PodArray<EdgeIndex>& cursor) {
    const Vertex v = ++count_;
    pre_of_[node] = v;
    vertex_[v] = node;
    parent_[v] = parent;
    semi_[v] = parent == 0 ? v : parent;  // the tree edge is a semidominator candidate
    cursor[v] = g_.first_edge[node];
    return v;
  }

  // Groups the back and cross edges counted by the DFS by their target; a pass in ordinal
  // order reads the edge arrays sequentially.
  void store_back_edges() {
    for (Vertex w = 1; w <= count_ + 1; ++w) first_pred_[w] += first_pred_[w - 1];
    preds_ = PodArray<Vertex>(first_pred_[count_ + 1]);
    PodArray<uint32_t> fill(count_ + 1);
    std::copy(first_pred_.begin(), first_pred_.begin() + count_ + 1, fill.begin());
    for (NodeOrdinal node = 0; node < n_; ++node) {
      const Vertex v = pre_of_[node];
      if (v == 0) continue;
      for (EdgeIndex e = g_.first_edge[node]; e < g_.first_edge[node + 1]; ++e) {
        if (!counted(e)) continue;
        const Vertex w = pre_of_[target(e)];
        if (w != 0 && w < v) preds_[fill[w]++] = v;
      }
    }
  }

  // semi(w) = min over G' predecessors v of w: v itself when v < w (folded in by the DFS),
  // else the smallest semi on v's path in the forest of already processed vertices (eval).
  void compute_semidominators() {
    store_back_edges();
    pre_of_ = {};
    ancestor_ = PodArray<Vertex>(count_ + 1);
    label_ = PodArray<Vertex>(count_ + 1);
    for (Vertex v = 0; v <= count_; ++v) {
      ancestor_[v] = 0;
      label_[v] = v;
    }
    for (Vertex w = count_; w >= 2; --w) {
      Vertex best = semi_[w];
      for (uint32_t p = first_pred_[w]; p < first_pred_[w + 1]; ++p) {
        best = std::min(best, semi_[eval(preds_[p])]);
      }
      semi_[w] = best;
      ancestor_[w] = parent_[w];  // link: w's subtree joins its parent's tree
    }
    ancestor_ = {};
    label_ = {};
    preds_ = {};
    first_pred_ = {};
  }

  // The vertex of smallest semi on the path from v up to (not including) its tree's root,
  // compressing the path as it goes. Iterative: paths can be millions of vertices long.
  Vertex eval(Vertex v) {
    if (ancestor_[v] == 0) return v;
    Vertex x = v;
    while (ancestor_[ancestor_[x]] != 0) {
      path_.push_back(x);
      x = ancestor_[x];
    }
    while (!path_.empty()) {
      const Vertex y = path_.back();
      path_.pop_back();
      const Vertex a = ancestor_[y];
      if (semi_[label_[a]] < semi_[label_[y]]) label_[y] = label_[a];
      ancestor_[y] = ancestor_[a];
    }
    return label_[v];
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
    tree.order = PodArray<NodeOrdinal>(n_);
    std::fill(tree.idom.begin(), tree.idom.end(), g_.root);
    for (Vertex w = 1; w <= count_; ++w) {
      tree.order[w - 1] = vertex_[w];
      if (w >= 2) tree.idom[vertex_[w]] = vertex_[dom[w]];
    }
    // What G' does not reach keeps the root as dominator; collect it in ordinal order.
    BitSet reached(n_);
    for (Vertex w = 1; w <= count_; ++w) reached.set(vertex_[w]);
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
  PodArray<Vertex> pre_of_;  // ordinal -> vertex number, 0 = not reached
  PodArray<NodeOrdinal> vertex_;
  PodArray<Vertex> parent_;
  PodArray<Vertex> semi_;
  PodArray<Vertex> ancestor_;
  PodArray<Vertex> label_;
  PodArray<uint32_t> first_pred_;  // back/cross edges into vertex w: preds_[first_pred_[w]..)
  PodArray<Vertex> preds_;
  std::vector<NodeOrdinal> orphans_;
  std::vector<Vertex> path_;
};

}  // namespace

DominatorTree compute_dominator_tree(const FlowGraph& graph) {
  if (graph.node_count == 0) return {};
  return SemiNca(graph).run();
}

}  // namespace heapleak
