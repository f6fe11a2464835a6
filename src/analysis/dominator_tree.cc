#include "heapleak/analysis/dominator_tree.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <functional>
#include <future>
#include <thread>
#include <vector>

#include "analysis/dfs_records.h"

namespace heapleak {
namespace {

using detail::DfsRecords;

// Vertices are numbered 1..n in DFS preorder; 0 means "none". The per-vertex arrays are
// indexed by that number, so the semidominator loop reads them in order.
using Vertex = uint32_t;

class SemiNca {
 public:
  explicit SemiNca(const FlowGraph& g) : g_(g), n_(g.node_count) {}

  DominatorTree run() {
    number_vertices();
    size_back_edge_groups();
    if (g_.threads > 1) {
      // The semidominator loop needs a vertex's group only once every later vertex's back
      // edges are in it, so the grouping runs ahead of it on a second thread.
      auto grouping = std::async(std::launch::async, [this] { group_back_edges(); });
      compute_semidominators();
      grouping.get();
    } else {
      group_back_edges();
      compute_semidominators();
    }
    preds_ = {};
    first_pred_ = {};
    back_targets_ = {};
    has_back_targets_ = {};
    hub_bytes_ = {};
    has_hub_bytes_ = {};
    return finish();
  }

 private:
  // Targets of the most back edges (V8's maps: every object has an edge to its own; in the
  // bench file 178 maps take 14.4 M of the 17.8 M back edges) keep their sources apart from
  // preds_, in the order the grouping meets them (descending), as varint-coded differences
  // (from count_ + 1 for the first): mostly one byte each instead of four. A V8 heap's maps are
  // visited early, so their sources are read at the end of the semidominator loop, where they
  // were the bulk of preds_ and of the peak.
  struct Hub {
    Vertex vertex = 0;
    Vertex last = 0;  // the source appended last
    std::vector<uint8_t> deltas;
    uint32_t dfs_hub = kNotDfsHub;  // its index in dfs_hubs_, if it is one
  };
  static constexpr uint32_t kNotDfsHub = UINT32_MAX;
  static constexpr size_t kMaxHubs = 255;

  // The DFS's hubs, picked from a sample of the edges before it starts (choose_dfs_hubs()), are
  // bytes in its records, and it writes each back edge to one as that byte (the DFS hub's
  // index, kRunStart8 on the first of a vertex's run) rather than as a 4-byte target: the
  // back-edge lists it leaves, which are whole at the start of the semidominator loop, take 32
  // instead of 68 MiB on the bench file. All DFS hubs that the DFS reaches become hubs.
  //
  // The DFS hubs among the first vertices (V8's maps, on the bench file all of them) are swept:
  // their byte sources above the highest of them (sweep_at_) are not listed per hub, the
  // semidominator loop evaluates them all in one descending pass when it gets there (see
  // sweep_hub_bytes()), rather than in one pass per hub over the whole forest.
  struct DfsHub {
    Vertex vertex = 0;     // once number_back_targets() has numbered it; 0 if not reached
    uint32_t sources = 0;  // back edges in hub_bytes_
    uint32_t hub = 0;      // its index in hubs_, once select_hubs() has chosen them
    // A swept hub's sources above sweep_at_: the smallest eval at sweep_at_, and the vertices
    // (<= sweep_at_) where their paths leave the vertices above it, the anchors.
    bool swept = false;
    Vertex swept_min = UINT32_MAX;
    BitSet anchors;
  };
  static constexpr size_t kMaxDfsHubs = DfsRecords::kMaxHubs;
  static constexpr uint8_t kRunStart8 = 0x80;

  // An open-addressed map from a node or vertex to an index + 1 (0: none), at most a quarter
  // full. Fibonacci hashing: the product's top bits mix all of the key's.
  class HubTable {
   public:
    HubTable() { reset(0); }
    void reset(size_t entries) {
      bits_ = 4;
      while ((size_t{1} << bits_) < 4 * entries) ++bits_;
      slots_.assign(size_t{1} << bits_, Slot{});
    }
    void insert(uint32_t key, uint32_t index) {
      size_t slot = slot_of(key);
      while (slots_[slot].value != 0) slot = (slot + 1) & (slots_.size() - 1);
      slots_[slot] = {key, index + 1};
    }
    uint32_t find(uint32_t key) const {
      for (size_t slot = slot_of(key);; slot = (slot + 1) & (slots_.size() - 1)) {
        const Slot& s = slots_[slot];
        if (s.value == 0 || s.key == key) return s.value;
      }
    }

   private:
    struct Slot {
      uint32_t key = 0;
      uint32_t value = 0;  // index + 1; 0 for an empty slot
    };
    size_t slot_of(uint32_t key) const { return (key * uint32_t{0x9E3779B1}) >> (32 - bits_); }
    std::vector<Slot> slots_;
    unsigned bits_ = 4;  // slots_ has 2^bits_ entries
  };

  bool counted(EdgeIndex e) const { return g_.counted == nullptr || g_.counted->test(e); }
  NodeOrdinal target(EdgeIndex e) const { return g_.edge_words[e] & Snapshot::kEdgeTargetMask; }

  // A child waiting on the DFS stack (its record's offset), with the vertex whose edge reached
  // it.
  struct Pending {
    uint32_t node;
    Vertex from;
  };

  // The DFS reads the graph from records (see DfsRecords) in which an edge names its target by
  // the target's record, so that reaching a node costs one cache miss, not two (its first_edge
  // entry, then its edges). On the bench file the walk takes 0.33-0.42 s instead of 0.72-0.85
  // over the CSR arrays; writing the records takes 0.25-0.32 s, on two threads beside the
  // analysis's side thread, so the whole dominator pass gains 0.1-0.2 s, not 0.4.
  //
  // Iterative DFS over G': from the root over counted edges, then from each orphan (a node
  // with no counted incoming edge) in ordinal order, as children of the root. A vertex pushes
  // all its unvisited children at once (in reverse, so the preorder is that of the recursive
  // search over the record's order: its edges to hubs first), which lets their cache misses
  // overlap. The stack holds one entry per edge to a node not yet visited, so at worst the edge
  // count; on the 8 M node bench file it peaks at 0.2 M entries. Entries that find their node
  // visited by then are forward edges, kept aside (0.1 M on the bench file, at worst as many as
  // the stack held).
  //
  // Each edge v -> w is classified once: an edge to a node already visited (a back or cross
  // edge) lists w's record among v's back-edge targets, or, for a DFS hub, its byte, which
  // number_back_targets() and group_back_edges() turn around; an edge to a child that is
  // visited before its turn comes (a forward edge, v < w) is set aside and folded into semi(w)
  // after the walk. A record, once read, holds its vertex number instead of its header.
  void number_vertices() {
    records_.build(g_, choose_dfs_hubs());
    dfs_hubs_.resize(records_.hub_offset.size());
    visited_words_ = BitSet(records_.words.size());
    back_targets_ = PodArray<Vertex>(g_.first_edge[n_]);
    has_back_targets_ = BitSet(n_ + 1);
    hub_bytes_ = PodArray<uint8_t>(g_.first_edge[n_]);
    has_hub_bytes_ = BitSet(n_ + 1);
    parent_ = PodArray<Vertex>(n_ + 1);

    visit(records_.root_offset, 0);
    // A node the root does not reach can only have counted incoming edges from other such
    // nodes, so only their edges need reading to tell which of them are orphans; a node
    // reached from anywhere has a counted incoming edge and is never one.
    BitSet has_counted_in(n_);
    records_.for_each_offset([&](NodeOrdinal node, uint32_t at) {
      if (visited_words_.test(at)) return;
      for (EdgeIndex e = g_.first_edge[node]; e < g_.first_edge[node + 1]; ++e) {
        if (counted(e)) has_counted_in.set(target(e));
      }
    });
    records_.for_each_offset([&](NodeOrdinal node, uint32_t at) {
      if (visited_words_.test(at) || has_counted_in.test(node)) return;
      orphans_.push_back(node);
      visit(at, 1);
    });
    back_targets_.discard(back_target_count_, back_targets_.size());  // a reused block's pages
    hub_bytes_.discard(hub_byte_count_, hub_bytes_.size());
    number_back_targets();
  }

  void visit(uint32_t start, Vertex start_parent) {
    uint32_t* const words = records_.words.data();
    const uint32_t* const hub_offset = records_.hub_offset.data();
    stack_.push_back({start, start_parent});
    while (!stack_.empty()) {
      const Pending next = stack_.back();
      stack_.pop_back();
      if (visited_words_.test(next.node)) {
        forward_edges_.push_back(next);
        continue;
      }
      visited_words_.set(next.node);
      const Vertex v = ++count_;
      parent_[v] = next.from;
      const DfsRecords::Record r = DfsRecords::read(words + next.node);
      words[next.node] = v;
      const uint32_t run_start = back_target_count_;
      const uint32_t hub_run_start = hub_byte_count_;
      for (uint32_t k = r.targets; k-- > 0;) {
        const uint32_t to = r.target[k];
        if (!visited_words_.test(to)) {
          __builtin_prefetch(words + to);
          stack_.push_back({to, v});
        } else if (to != next.node) {
          back_targets_[back_target_count_] =
              to | (back_target_count_ == run_start ? kRunStart : 0);
          ++back_target_count_;
        }
      }
      for (uint32_t k = r.hubs; k-- > 0;) {
        const uint8_t hub = r.hub(k);
        const uint32_t to = hub_offset[hub];
        if (!visited_words_.test(to)) {
          __builtin_prefetch(words + to);
          stack_.push_back({to, v});
        } else if (to != next.node) {
          ++dfs_hubs_[hub].sources;
          hub_bytes_[hub_byte_count_] =
              static_cast<uint8_t>(hub | (hub_byte_count_ == hub_run_start ? kRunStart8 : 0));
          ++hub_byte_count_;
        }
      }
      if (back_target_count_ != run_start) has_back_targets_.set(v);
      if (hub_byte_count_ != hub_run_start) has_hub_bytes_.set(v);
    }
  }

  // The targets of the most counted edges in a sample of the nodes (about g_.hub_sample edges;
  // V8's maps, every object's edge to its own), at least 1/1024 of the sample each, and two:
  // up to 127 of them, the largest, become the DFS hubs.
  std::vector<NodeOrdinal> choose_dfs_hubs() const {
    const EdgeIndex edges = g_.first_edge[n_];
    const uint32_t stride = std::max<uint32_t>(1, edges / std::max<uint32_t>(g_.hub_sample, 1));
    std::vector<NodeOrdinal> sample;
    for (NodeOrdinal node = 0; node < n_; node += stride) {
      for (EdgeIndex e = g_.first_edge[node]; e < g_.first_edge[node + 1]; ++e) {
        if (counted(e)) sample.push_back(target(e));
      }
    }
    std::sort(sample.begin(), sample.end());
    const size_t least = std::max<size_t>(2, sample.size() / 1024);
    std::vector<std::pair<size_t, NodeOrdinal>> large;  // (sampled edges, target)
    for (size_t i = 0; i < sample.size();) {
      size_t j = i;
      while (j < sample.size() && sample[j] == sample[i]) ++j;
      if (j - i >= least) large.emplace_back(j - i, sample[i]);
      i = j;
    }
    if (large.size() > kMaxDfsHubs) {
      std::nth_element(large.begin(), large.begin() + kMaxDfsHubs, large.end(), std::greater<>());
      large.resize(kMaxDfsHubs);
    }
    std::vector<NodeOrdinal> hubs;
    for (const auto& [edges_to, node] : large) hubs.push_back(node);
    return hubs;
  }

  // The records read hold their vertex numbers now: the back-edge targets and the forward
  // edges' targets, record offsets, become vertices (a gather whose misses overlap freely); a
  // pass over the records in node order gathers each node's vertex at the front of the records
  // and marks the nodes reached, and the preorder is scattered from those. The back-edge targets
  // are counted (see size_back_edge_groups()) once the records are gone, so that the two arrays
  // do not add up.
  void number_back_targets() {
    const uint32_t* const words = records_.words.data();
    constexpr uint32_t kLookahead = 16;
    for (uint32_t k = 0; k < back_target_count_; ++k) {
      if (k + kLookahead < back_target_count_) {
        __builtin_prefetch(&words[back_targets_[k + kLookahead] & ~kRunStart]);
      }
      const uint32_t at = back_targets_[k];
      back_targets_[k] = words[at & ~kRunStart] | (at & kRunStart);
    }
    for (Pending& f : forward_edges_) f.node = words[f.node];
    for (size_t k = 0; k < dfs_hubs_.size(); ++k) {
      const uint32_t at = records_.hub_offset[k];
      dfs_hubs_[k].vertex = visited_words_.test(at) ? words[at] : 0;
    }
    // Each node's vertex (0: not reached) in place at the start of the records: a node's record
    // starts at or after its ordinal, so the pass never overwrites one it has still to read.
    uint32_t* const vertex_of = records_.words.data();
    visited_ = BitSet(n_);
    records_.for_each_offset([&](NodeOrdinal node, uint32_t at) {
      const bool reached = visited_words_.test(at);
      vertex_of[node] = reached ? vertex_of[at] : 0;
      if (reached) visited_.set(node);
    });
    visited_words_ = {};
    records_.words.discard(n_, records_.words.size());
    order_ = PodArray<NodeOrdinal>(n_);
    for (NodeOrdinal node = 0; node < n_; ++node) {
      if (vertex_of[node] != 0) order_[vertex_of[node] - 1] = node;
    }
    records_ = {};
    first_pred_ = PodArray<uint32_t>(count_ + 2);
    std::fill(first_pred_.begin(), first_pred_.end(), 0);
    for (uint32_t k = 0; k < back_target_count_; ++k) {
      if (k + kLookahead < back_target_count_) {
        __builtin_prefetch(&first_pred_[back_targets_[k + kLookahead] & ~kRunStart], 1);
      }
      ++first_pred_[back_targets_[k] & ~kRunStart];
    }
    std::sort(forward_edges_.begin(), forward_edges_.end(),
              [](const Pending& x, const Pending& y) { return x.node > y.node; });
  }

  // Sizes the groups of back and cross edges by target: running totals of the counts
  // (number_back_targets() made them, after the DFS, whose own state stays small; most targets
  // are a few hundred V8 maps, whose counters stay in cache) make first_pred_[w] the end of w's
  // group.
  void size_back_edge_groups() {
    select_hubs();
    for (Vertex w = 1; w <= count_; ++w) first_pred_[w] += first_pred_[w - 1];
    first_pred_[count_ + 1] = first_pred_[count_];
    preds_ = PodArray<Vertex>(first_pred_[count_ + 1]);
    grouped_from_.store(count_ + 1, std::memory_order_relaxed);
  }

  // The DFS hubs, and the largest other groups (by the counts first_pred_ holds before
  // size_back_edge_groups() sums them), become hubs: their group in preds_ is left empty.
  void select_hubs() {
    struct Candidate {
      bool dfs_hub;  // always kept
      uint32_t sources;
      Vertex w;
      auto operator<=>(const Candidate&) const = default;
    };
    std::vector<Candidate> large;
    for (const DfsHub& h : dfs_hubs_) {
      if (h.vertex == 0) continue;  // not reached: no edge to it was met
      large.push_back({true, first_pred_[h.vertex] + h.sources, h.vertex});
      first_pred_[h.vertex] = 0;
    }
    const uint32_t least = std::max<uint32_t>(g_.hub_sources, 1);  // DFS hubs' counts are 0 now
    for (Vertex w = 1; w <= count_; ++w) {
      if (first_pred_[w] >= least) {
        large.push_back({false, first_pred_[w], w});
      }
    }
    if (large.size() > kMaxHubs) {
      std::nth_element(large.begin(), large.begin() + kMaxHubs, large.end(), std::greater<>());
      large.resize(kMaxHubs);
    }
    std::sort(large.begin(), large.end(),
              [](const Candidate& x, const Candidate& y) { return x.w > y.w; });
    hubs_.resize(large.size());
    hub_table_.reset(large.size());
    for (size_t i = 0; i < large.size(); ++i) {
      const Candidate& c = large[i];
      hubs_[i].vertex = c.w;
      hubs_[i].last = count_ + 1;
      hubs_[i].deltas.reserve(c.sources + c.sources / 4);
      first_pred_[c.w] = 0;
      hub_table_.insert(c.w, static_cast<uint32_t>(i));
    }
    for (uint32_t k = 0; k < dfs_hubs_.size(); ++k) {
      DfsHub& h = dfs_hubs_[k];
      if (h.vertex == 0) continue;
      h.hub = hub_table_.find(h.vertex) - 1;
      hubs_[h.hub].dfs_hub = k;
    }
    // The anchors take a bit per vertex up to sweep_at_ for each swept hub: a quarter byte per
    // vertex at most.
    const Vertex sweep_limit = std::max<Vertex>(g_.sweep_vertices, count_ / 64);
    for (DfsHub& h : dfs_hubs_) {
      if (h.sources != 0 && h.vertex <= sweep_limit) sweep_at_ = std::max(sweep_at_, h.vertex);
    }
    for (DfsHub& h : dfs_hubs_) {
      h.swept = h.sources != 0 && h.vertex <= sweep_at_;
      if (h.swept) h.anchors = BitSet(sweep_at_ + 1);
    }
  }

  // The smallest eval() at w of a swept hub's swept sources: an anchor at or below w still
  // ends their paths; one above w is processed by now, and their paths go on through it.
  Vertex eval_swept_sources(DfsHub& hub, Vertex w) {
    Vertex best = hub.swept_min;
    for (size_t a = hub.anchors.find_next(w + 1); a <= sweep_at_;
         a = hub.anchors.find_next(a + 1)) {
      best = std::min(best, eval(static_cast<Vertex>(a), w));
    }
    hub.anchors = {};
    return best;
  }

  // Evaluates the swept hubs' byte sources above sweep_at_ at sweep_at_, just before it is
  // processed: one descending pass over links_ for all of them. eval(v, w) for a later w is the
  // smaller of eval(v, sweep_at_) and, when the anchor where v's path leaves the vertices above
  // sweep_at_ is above w, eval(anchor, w); so a hub needs the smallest of the first and the
  // set of anchors.
  void sweep_hub_bytes() {
    uint32_t b = hub_byte_count_;
    for (Vertex v = count_; v > sweep_at_; --v) {
      if (!has_hub_bytes_.test(v)) continue;
      bool evaluated = false;
      Vertex value = 0;
      Vertex anchor = 0;
      uint8_t byte;
      do {
        byte = hub_bytes_[--b];
        DfsHub& hub = dfs_hubs_[byte & ~kRunStart8];
        if (!hub.swept) continue;  // the grouping listed it
        if (!evaluated) {
          value = eval(v, sweep_at_);
          anchor = links_[v].ancestor;
          evaluated = true;
        }
        hub.swept_min = std::min(hub.swept_min, value);
        hub.anchors.set(anchor);
      } while ((byte & kRunStart8) == 0);
    }
    hub_bytes_.discard(b, hub_bytes_.size());
  }

  static void add_hub_source(Hub& hub, Vertex v) {
    append_varint(hub.deltas, hub.last - v);
    hub.last = v;
  }

  // Moves each back-edge source v into the group of its target w, from the last vertex down,
  // filling each group from its end, which leaves first_pred_[w] at the group's start, and each
  // byte source into its hub's list, but for a swept hub's above sweep_at_. Every so often it
  // publishes grouped_from_ (the back edges of all vertices from there on are in) and gives back
  // the pages of back_targets_ and hub_bytes_ it has read, so the lists are not both whole in
  // memory for long: of hub_bytes_, only below the whole megabytes under the bytes left to the
  // sweep.
  void group_back_edges() {
    constexpr Vertex kPublishEvery = 128;
    constexpr uint32_t kLookahead = 16;
    uint32_t k = back_target_count_;
    uint32_t kept = k;  // back_targets_[kept..) is given back
    uint32_t b = hub_byte_count_;
    uint32_t bytes_kept = b;  // hub_bytes_[bytes_kept..) is given back (or left to the sweep)
    for (Vertex v = count_; v >= 2; --v) {
      if (has_back_targets_.test(v)) {
        Vertex w;
        do {
          w = back_targets_[--k];
          if (k >= kLookahead) {
            __builtin_prefetch(&first_pred_[back_targets_[k - kLookahead] & ~kRunStart], 1);
          }
          const Vertex target = w & ~kRunStart;
          if (const uint32_t hub = hub_table_.find(target); hub != 0) {
            add_hub_source(hubs_[hub - 1], v);
          } else {
            preds_[--first_pred_[target]] = v;
          }
        } while ((w & kRunStart) == 0);
      }
      if (has_hub_bytes_.test(v)) {
        uint8_t byte;
        do {
          byte = hub_bytes_[--b];
          const DfsHub& hub = dfs_hubs_[byte & ~kRunStart8];
          if (v <= sweep_at_ || !hub.swept) add_hub_source(hubs_[hub.hub], v);
        } while ((byte & kRunStart8) == 0);
      }
      if (sweep_at_ != 0 && v > sweep_at_) bytes_kept = b / kDiscardBytes * kDiscardBytes;
      if (v % kPublishEvery == 0) {
        grouped_from_.store(v, std::memory_order_release);
        if (kept - k >= kDiscardEvery) {
          back_targets_.discard(k, kept);
          kept = k;
        }
        if (bytes_kept - b >= kDiscardBytes) {
          hub_bytes_.discard(b, bytes_kept);
          bytes_kept = b;
        }
      }
    }
    grouped_from_.store(1, std::memory_order_release);
  }

  // A processed vertex's link in the forest that eval() compresses: its ancestor, and the
  // smallest semi on the path from it up to (not including) that ancestor. Side by side, so
  // following a path touches one cache line per step.
  struct Link {
    Vertex ancestor;
    Vertex min_semi;
  };

  // semi(w) = min over G' predecessors v of w: v itself when v < w (its DFS parent, or a forward
  // edge), else the smallest semi on v's path in the forest of already processed vertices
  // (eval). Vertices are processed from the last to the second, so "processed" is simply "> w".
  //
  // Only the semidominators below the DFS parent are kept (616 K of 8 M vertices on the bench
  // file): finish() needs no other, since idom(w) = parent(w) where semi(w) = parent(w).
  void compute_semidominators() {
    links_ = PodArray<Link>(count_ + 1);
    // preds_ is grouped by target in vertex order, so the loop walks it backwards once. Groups
    // from grouped_from - 1 up are complete: from `ready` up, preds_ may be read (and fetched
    // ahead of time).
    Vertex grouped_from = count_ + 1;
    uint32_t ready = first_pred_[count_ + 1];
    const auto refresh = [&] {
      grouped_from = grouped_from_.load(std::memory_order_acquire);
      ready = first_pred_[grouped_from - 1];
    };
    uint32_t p = first_pred_[count_ + 1];
    constexpr uint32_t kPrefetchDistance = 16;
    // What the loop has passed is dead (the grouping thread only writes below `ready`), so its
    // pages go back while links_ fills: the two do not peak together.
    uint32_t preds_kept = p;              // preds_[preds_kept..) is given back
    Vertex first_pred_kept = count_ + 2;  // first_pred_[first_pred_kept..) is given back
    size_t next_hub = 0;                  // hubs_ is by vertex, descending
    size_t next_forward = 0;              // forward_edges_ is by target, descending
    for (Vertex w = count_; w >= 2; --w) {
      if (w % 1024 == 0) {
        if (preds_kept - p >= kDiscardEvery) {
          preds_.discard(p, preds_kept);
          preds_kept = p;
        }
        if (first_pred_kept - (w + 1) >= kDiscardEvery) {
          first_pred_.discard(w + 1, first_pred_kept);
          first_pred_kept = w + 1;
        }
      }
      if (grouped_from > 1 && (grouped_from > w + 1 || p < ready + 4 * kPrefetchDistance)) {
        refresh();
        while (grouped_from > w + 1) {
          std::this_thread::yield();
          refresh();
        }
      }
      Vertex best = parent_[w];
      for (; next_forward < forward_edges_.size() && forward_edges_[next_forward].node == w;
           ++next_forward) {
        best = std::min(best, forward_edges_[next_forward].from);
      }
      if (w == sweep_at_) sweep_hub_bytes();
      if (next_hub < hubs_.size() && hubs_[next_hub].vertex == w) {
        Hub& hub = hubs_[next_hub++];
        best = std::min(best, eval_hub_sources(hub, w));
        if (hub.dfs_hub != kNotDfsHub && dfs_hubs_[hub.dfs_hub].swept) {
          best = std::min(best, eval_swept_sources(dfs_hubs_[hub.dfs_hub], w));
        }
      }
      for (const uint32_t begin = first_pred_[w]; p > begin;) {
        --p;
        if (p >= ready + kPrefetchDistance) {
          __builtin_prefetch(&links_[preds_[p - kPrefetchDistance]]);
        }
        best = std::min(best, eval(preds_[p], w));
      }
      if (best != parent_[w]) lowered_semis_.push_back({w, best, parent_[w]});
      links_[w] = {parent_[w], best};  // link: w's subtree joins its parent's tree
    }
    links_ = {};
    forward_edges_ = {};
  }

  // The smallest eval() over a hub's sources, decoded a block at a time so that their links
  // can be fetched ahead; the hub's list is freed after.
  Vertex eval_hub_sources(Hub& hub, Vertex w) {
    constexpr size_t kPrefetchDistance = 16;
    std::array<Vertex, 1024> block;
    Vertex best = UINT32_MAX;
    Vertex v = count_ + 1;
    for (size_t at = 0; at < hub.deltas.size();) {
      size_t decoded = 0;
      while (decoded < block.size() && at < hub.deltas.size()) {
        v -= read_varint(hub.deltas, at);
        block[decoded++] = v;
      }
      for (size_t i = 0; i < decoded; ++i) {
        if (i + kPrefetchDistance < decoded) {
          __builtin_prefetch(&links_[block[i + kPrefetchDistance]]);
        }
        best = std::min(best, eval(block[i], w));
      }
    }
    hub.deltas = {};
    return best;
  }

  static void append_varint(std::vector<uint8_t>& out, uint32_t x) {
    while (x >= 0x80) {
      out.push_back(static_cast<uint8_t>(x | 0x80));
      x >>= 7;
    }
    out.push_back(static_cast<uint8_t>(x));
  }
  static uint32_t read_varint(const std::vector<uint8_t>& in, size_t& at) {
    uint32_t x = 0;
    for (unsigned shift = 0;; shift += 7) {
      const uint8_t byte = in[at++];
      x |= static_cast<uint32_t>(byte & 0x7F) << shift;
      if (byte < 0x80) return x;
    }
  }

  // Follows processed vertex v's path in a forest up to its tree's root (the first vertex
  // <= limit), compressing it on the way: fold(y, up) merges into link y what its ancestor's
  // link holds. Iterative: paths can be millions long.
  template <typename ForestLink, typename Fold>
  const ForestLink& compress(PodArray<ForestLink>& links, Vertex v, Vertex limit, Fold fold) {
    Vertex a = links[v].ancestor;
    if (a <= limit) return links[v];
    Vertex x = v;
    do {
      path_.push_back(x);
      x = a;
      a = links[x].ancestor;
    } while (a > limit);
    // x is the top processed vertex; fold from just below it down to v.
    while (!path_.empty()) {
      ForestLink& y = links[path_.back()];
      path_.pop_back();
      const ForestLink& up = links[y.ancestor];
      fold(y, up);
      y.ancestor = up.ancestor;
    }
    return links[v];
  }

  // The smallest semi on the path from processed vertex v up to its tree's root (the first
  // vertex <= w).
  Vertex eval(Vertex v, Vertex w) {
    return compress(links_, v, w,
                    [](Link& y, const Link& up) { y.min_semi = std::min(y.min_semi, up.min_semi); })
        .min_semi;
  }

  // Sets the idoms of the vertices with lowered semidominators by the walks; false when they
  // ran out of budget, which leaves some idoms set and the rest as parents.
  bool walk_to_semidominators(PodArray<Vertex>& dom) {
    uint64_t budget = uint64_t{g_.walk_steps_per_vertex} * count_ + g_.free_walk_steps;
    for (size_t i = lowered_semis_.size(); i-- > 0;) {  // they were listed from the last vertex
      const LoweredSemi& lowered = lowered_semis_[i];
      Vertex d = dom[lowered.w];
      while (d > lowered.semi) {
        if (budget-- == 0) return false;
        d = dom[d];
      }
      dom[lowered.w] = d;
    }
    return true;
  }

  // Lengauer and Tarjan's relative dominators, in O(m log n): u, the vertex of least semi on the
  // tree path from just below semi(w) down to w, is the evaluation of w in the forest of the
  // vertices above semi(w); idom(w) is semi(w) when semi(u) == semi(w), else idom(u), which a
  // pass in vertex order has set by then (u <= w). Only the vertices with lowered semis need
  // it: every other one's idom is its parent.
  void relative_dominators(PodArray<Vertex>& dom) {
    PodArray<Vertex> semi(count_ + 1);
    std::copy(dom.begin(), dom.begin() + count_ + 1, semi.begin());  // parents, walked idoms
    std::vector<LoweredSemi> by_semi(lowered_semis_.data(),
                                     lowered_semis_.data() + lowered_semis_.size());
    for (const LoweredSemi& lowered : by_semi) {
      dom[lowered.w] = lowered.parent;
      semi[lowered.w] = lowered.semi;
    }
    std::sort(by_semi.begin(), by_semi.end(),
              [](const LoweredSemi& x, const LoweredSemi& y) { return x.semi > y.semi; });
    // The forest: a vertex's ancestor and the vertex of least semi on the path from it up to
    // (not including) that ancestor.
    struct Labelled {
      Vertex ancestor;
      Vertex label;
    };
    PodArray<Labelled> forest(count_ + 1);
    const auto evaluate = [&](Vertex v, Vertex limit) {
      return compress(forest, v, limit,
                      [&](Labelled& y, const Labelled& up) {
                        if (semi[up.label] < semi[y.label]) y.label = up.label;
                      })
          .label;
    };
    size_t next = 0;
    for (Vertex w = count_; w >= 2; --w) {
      forest[w] = {dom[w], w};
      // The vertices above w - 1 are all in the forest now.
      for (; next < by_semi.size() && by_semi[next].semi == w - 1; ++next) {
        by_semi[next].parent = evaluate(by_semi[next].w, w - 1);  // parent is spent: u
      }
    }
    std::sort(by_semi.begin(), by_semi.end(),
              [](const LoweredSemi& x, const LoweredSemi& y) { return x.w < y.w; });
    for (const LoweredSemi& lowered : by_semi) {
      const Vertex u = lowered.parent;
      dom[lowered.w] = semi[u] == lowered.semi ? lowered.semi : dom[u];
    }
  }

  // Graphs from this many vertices map their idoms on two threads.
  static constexpr Vertex kParallelFinishFrom = Vertex{1} << 16;

  // idom(w) is the nearest common ancestor of parent(w) and semi(w) in the dominator tree built
  // so far: walk up from parent(w) while above semi(w), which is parent(w) itself unless semi(w)
  // is lower. In place over parent_, in vertex order, so the entries below w are final idoms.
  // The walks are quadratic at worst (many vertices whose semidominator lies far up one long
  // chain of the tree), so past a budget of steps they give way to relative dominators.
  DominatorTree finish() {
    PodArray<Vertex>& dom = parent_;
    if (!walk_to_semidominators(dom)) relative_dominators(dom);
    lowered_semis_ = {};

    DominatorTree tree;
    tree.idom = PodArray<NodeOrdinal>(n_);
    tree.idom[order_[0]] = g_.root;
    // Scattered writes, on both cores for a large graph (nothing else runs by now).
    const auto map_idoms = [&](Vertex from, Vertex to) {
      for (Vertex w = from; w < to; ++w) tree.idom[order_[w - 1]] = order_[dom[w] - 1];
    };
    const Vertex half = count_ / 2 + 1;
    const bool parallel = g_.threads > 1 && count_ >= kParallelFinishFrom;
    auto second_half = std::async(parallel ? std::launch::async : std::launch::deferred,
                                  [&] { map_idoms(std::max<Vertex>(half, 2), count_ + 1); });
    map_idoms(2, std::max<Vertex>(half, 2));
    second_half.get();
    parent_ = {};
    // What G' does not reach (the DFS did not visit) keeps the root as dominator; collect it in
    // ordinal order.
    tree.order = std::move(order_);
    uint32_t next = count_;
    for (size_t node = visited_.find_next(0, false); node < n_;
         node = visited_.find_next(node + 1, false)) {
      tree.idom[node] = g_.root;
      tree.order[next++] = static_cast<NodeOrdinal>(node);
    }
    visited_ = {};
    tree.reachable_count = count_;
    tree.orphan_count = static_cast<uint32_t>(orphans_.size());
    return tree;
  }

  const FlowGraph& g_;
  const uint32_t n_;
  Vertex count_ = 0;
  BitSet visited_;               // by ordinal: the nodes the DFS reached
  PodArray<NodeOrdinal> order_;  // the node of vertex v at v - 1: the preorder itself
  PodArray<Vertex> parent_;
  struct LoweredSemi {
    Vertex w;
    Vertex semi;  // below parent_[w]
    Vertex parent;
  };
  GrowableArray<LoweredSemi> lowered_semis_;  // by vertex, descending
  PodArray<Link> links_;
  PodArray<uint32_t> first_pred_;  // back/cross edges into vertex w: preds_[first_pred_[w]..)
  PodArray<Vertex> preds_;
  // The targets of the back/cross edges, vertex by vertex in order; the first of each vertex's
  // run carries kRunStart. has_back_targets_ says which vertices have a run.
  static constexpr Vertex kRunStart = Vertex{1} << 31;
  // Arrays consumed from their end give their pages back a megabyte at a time.
  static constexpr uint32_t kDiscardBytes = uint32_t{1} << 20;
  static constexpr uint32_t kDiscardEvery = kDiscardBytes / sizeof(uint32_t);  // 4-byte items
  PodArray<Vertex> back_targets_;
  BitSet has_back_targets_;
  uint32_t back_target_count_ = 0;
  std::atomic<Vertex> grouped_from_{0};
  std::vector<Hub> hubs_;  // by vertex, descending
  HubTable hub_table_;     // vertex -> hubs_ index
  // The back edges to DFS hubs, vertex by vertex in order: a byte each (see DfsHub).
  PodArray<uint8_t> hub_bytes_;
  BitSet has_hub_bytes_;
  uint32_t hub_byte_count_ = 0;
  std::vector<DfsHub> dfs_hubs_;
  Vertex sweep_at_ = 0;   // the highest swept DFS hub
  DfsRecords records_;    // during the DFS
  BitSet visited_words_;  // by record offset, during the DFS
  std::vector<Pending> stack_;
  // (w, v) for a forward edge v -> w: w's record during the DFS, its vertex after (and sorted by
  // it, descending).
  std::vector<Pending> forward_edges_;
  std::vector<NodeOrdinal> orphans_;
  std::vector<Vertex> path_;
};

}  // namespace

DominatorTree compute_dominator_tree(const FlowGraph& graph) {
  if (graph.node_count == 0) return {};
  return SemiNca(graph).run();
}

}  // namespace heapleak
