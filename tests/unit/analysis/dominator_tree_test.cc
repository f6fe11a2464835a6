// Differential tests of compute_dominator_tree against an independent oracle: Boost.Graph's
// lengauer_tarjan_dominator_tree run on G', the graph the header defines (reference 2.8):
//  - G' = the counted edges (all edges when `counted` is null) plus a virtual edge root -> v for
//    every node v != root with no counted incoming edge. A counted self edge u -> u is an
//    incoming edge of u, so it keeps u from being an orphan;
//  - nodes G' reaches from the root get Boost's immediate dominator (idom[root] = root);
//  - nodes G' does not reach (Boost gives them no dominator) get the root.
// `order` is checked too: a permutation of the nodes, root first, each node after its idom, the
// first reachable_count entries exactly the nodes G' reaches, in the preorder of some
// depth-first search of G' (any choice of child order is accepted).
//
// A failing random graph is shrunk (edges, then nodes) before it is reported, and printed as a
// C++ edge list that can be pasted into a hand case.
#include "heapleak/analysis/dominator_tree.h"

#include <gtest/gtest.h>
#include <pthread.h>

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dominator_tree.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <numeric>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "heapleak/core/bit_set.h"
#include "heapleak/snapshot/snapshot.h"

#if defined(__SANITIZE_ADDRESS__)
#define HEAPLEAK_DOMTEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HEAPLEAK_DOMTEST_ASAN 1
#endif
#endif
#ifndef HEAPLEAK_DOMTEST_ASAN
#define HEAPLEAK_DOMTEST_ASAN 0
#endif

// Boost 1.74's bidirectional CSR graph lacks the degree() that BidirectionalGraphConcept asks
// for (lengauer_tarjan_dominator_tree never calls it).
namespace boost {
template <typename... Args>
typename graph_traits<compressed_sparse_row_graph<bidirectionalS, Args...>>::degree_size_type
degree(typename graph_traits<
           compressed_sparse_row_graph<bidirectionalS, Args...>>::vertex_descriptor v,
       const compressed_sparse_row_graph<bidirectionalS, Args...>& g) {
  return out_degree(v, g) + in_degree(v, g);
}
}  // namespace boost

namespace heapleak {
namespace {

// Sanitized builds run the large cases at a tenth of their size.
constexpr uint32_t kScaleDown = HEAPLEAK_DOMTEST_ASAN ? 10 : 1;

// ---------------------------------------------------------------------------------------------
// Test graphs: an edge list, turned into the CSR arrays FlowGraph wants.

struct TestEdge {
  NodeOrdinal from = 0;
  NodeOrdinal to = 0;
  bool counted = true;
  uint8_t type = 0;  // stored in the top 4 bits of the edge word; must be ignored
};

struct TestGraph {
  uint32_t node_count = 0;
  NodeOrdinal root = 0;
  std::vector<TestEdge> edges;
  // Pass counted == nullptr (every edge takes part; the edges' `counted` flags are ignored).
  bool null_mask = false;
};

bool is_counted(const TestGraph& g, const TestEdge& e) { return g.null_mask || e.counted; }

struct CsrGraph {
  std::vector<EdgeIndex> first_edge;
  std::vector<uint32_t> edge_words;
  BitSet counted;
  FlowGraph flow(const TestGraph& g) const {
    FlowGraph f;
    f.node_count = g.node_count;
    f.root = g.root;
    f.first_edge = first_edge;
    f.edge_words = edge_words;
    f.counted = g.null_mask ? nullptr : &counted;
    return f;
  }
};

// Edges grouped by source (a stable counting sort: a source's edges keep their list order).
CsrGraph to_csr(const TestGraph& g) {
  CsrGraph c;
  const uint32_t n = g.node_count;
  c.first_edge.assign(n + 1, 0);
  for (const TestEdge& e : g.edges) ++c.first_edge[e.from + 1];
  for (uint32_t v = 0; v < n; ++v) c.first_edge[v + 1] += c.first_edge[v];
  std::vector<EdgeIndex> next(c.first_edge.begin(), c.first_edge.end() - 1);
  c.edge_words.assign(g.edges.size(), 0);
  c.counted = BitSet(g.edges.size());
  for (const TestEdge& e : g.edges) {
    const EdgeIndex i = next[e.from]++;
    c.edge_words[i] = e.to | (uint32_t{e.type} << Snapshot::kEdgeTypeShift);
    if (e.counted) c.counted.set(i);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------
// The oracle.

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct Expected {
  std::vector<NodeOrdinal> idom;
  std::vector<uint8_t> reachable;
  uint32_t reachable_count = 0;
  uint32_t orphan_count = 0;
  // G' as CSR, each node's successors sorted (for the DFS-preorder check).
  std::vector<uint64_t> gp_first;
  std::vector<NodeOrdinal> gp_succ;
};

// G', its reachability from the root and its orphan count; idom left empty.
Expected build_g_prime(const TestGraph& g) {
  Expected ex;
  const uint32_t n = g.node_count;
  std::vector<uint32_t> counted_in(n, 0);
  std::vector<uint64_t> out_degree(n, 0);
  for (const TestEdge& e : g.edges) {
    if (!is_counted(g, e)) continue;
    ++counted_in[e.to];
    ++out_degree[e.from];
  }
  for (uint32_t v = 0; v < n; ++v) {
    if (v != g.root && counted_in[v] == 0) {
      ++ex.orphan_count;
      ++out_degree[g.root];
    }
  }
  ex.gp_first.assign(n + 1, 0);
  for (uint32_t v = 0; v < n; ++v) ex.gp_first[v + 1] = ex.gp_first[v] + out_degree[v];
  ex.gp_succ.assign(ex.gp_first[n], 0);
  std::vector<uint64_t> next(ex.gp_first.begin(), ex.gp_first.end() - 1);
  for (const TestEdge& e : g.edges) {
    if (is_counted(g, e)) ex.gp_succ[next[e.from]++] = e.to;
  }
  for (uint32_t v = 0; v < n; ++v) {
    if (v != g.root && counted_in[v] == 0) ex.gp_succ[next[g.root]++] = v;
  }
  for (uint32_t v = 0; v < n; ++v) {
    std::sort(ex.gp_succ.begin() + static_cast<ptrdiff_t>(ex.gp_first[v]),
              ex.gp_succ.begin() + static_cast<ptrdiff_t>(ex.gp_first[v + 1]));
  }
  ex.reachable.assign(n, 0);
  if (n == 0) return ex;
  std::vector<NodeOrdinal> work{g.root};
  ex.reachable[g.root] = 1;
  while (!work.empty()) {
    const NodeOrdinal u = work.back();
    work.pop_back();
    for (uint64_t i = ex.gp_first[u]; i < ex.gp_first[u + 1]; ++i) {
      const NodeOrdinal w = ex.gp_succ[i];
      if (!ex.reachable[w]) {
        ex.reachable[w] = 1;
        work.push_back(w);
      }
    }
  }
  ex.reachable_count =
      static_cast<uint32_t>(std::count(ex.reachable.begin(), ex.reachable.end(), uint8_t{1}));
  return ex;
}

// Runs fn on a thread with a 1 GiB stack: Boost 1.74's path compression
// (ancestor_with_lowest_semi_) recurses as deep as the DFS tree.
template <typename F>
void run_with_large_stack(F& fn) {
  struct Context {
    F* fn;
    std::exception_ptr error;
  } context{&fn, nullptr};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, size_t{1} << 30);
  pthread_t thread;
  const int rc = pthread_create(
      &thread, &attr,
      [](void* p) -> void* {
        auto* c = static_cast<Context*>(p);
        try {
          (*c->fn)();
        } catch (...) {
          c->error = std::current_exception();
        }
        return nullptr;
      },
      &context);
  pthread_attr_destroy(&attr);
  if (rc != 0) {
    fn();
    return;
  }
  pthread_join(thread, nullptr);
  if (context.error) std::rethrow_exception(context.error);
}

using BoostGraph = boost::compressed_sparse_row_graph<boost::bidirectionalS>;
using BoostVertex = boost::graph_traits<BoostGraph>::vertex_descriptor;

// Fills ex.idom from Boost's Lengauer-Tarjan on G' (ex must come from build_g_prime).
void boost_idoms(const TestGraph& g, Expected& ex) {
  const uint32_t n = g.node_count;
  ex.idom.assign(n, g.root);
  if (n == 0) return;
  auto run = [&] {
    // Only edges out of reachable nodes: Boost 1.74's convenience overload starts every DFS
    // number at 0 instead of "unvisited" (boostorg/graph PR #97), so an unreachable predecessor
    // of a reachable node would be taken for the entry and corrupt the result. Edges from
    // unreachable nodes cannot change a reachable node's dominators.
    std::vector<std::pair<size_t, size_t>> edge_list;
    edge_list.reserve(ex.gp_succ.size());
    for (uint32_t u = 0; u < n; ++u) {
      if (!ex.reachable[u]) continue;
      for (uint64_t i = ex.gp_first[u]; i < ex.gp_first[u + 1]; ++i) {
        edge_list.emplace_back(u, ex.gp_succ[i]);
      }
    }
    BoostGraph bg(boost::edges_are_unsorted_multi_pass, edge_list.begin(), edge_list.end(), n);
    edge_list = {};
    const BoostVertex none = boost::graph_traits<BoostGraph>::null_vertex();
    std::vector<BoostVertex> dom(n, none);
    boost::lengauer_tarjan_dominator_tree(
        bg, boost::vertex(g.root, bg),
        boost::make_iterator_property_map(dom.begin(), boost::get(boost::vertex_index, bg)));
    for (uint32_t v = 0; v < n; ++v) {
      if (v == g.root) continue;
      // Boost leaves unreachable nodes without a dominator; the rule gives them the root.
      if (dom[v] == none) {
        if (ex.reachable[v]) throw std::runtime_error("Boost gave a reachable node no idom");
        continue;
      }
      if (!ex.reachable[v]) throw std::runtime_error("Boost gave an unreachable node an idom");
      ex.idom[v] = static_cast<NodeOrdinal>(dom[v]);
    }
  };
  if (n > 5000) {
    run_with_large_stack(run);
  } else {
    run();
  }
}

Expected oracle(const TestGraph& g) {
  Expected ex = build_g_prime(g);
  boost_idoms(g, ex);
  return ex;
}

// ---------------------------------------------------------------------------------------------
// Comparison.

std::string check_dfs_preorder(const TestGraph& g, const Expected& ex, const DominatorTree& t) {
  const uint32_t n = g.node_count;
  std::vector<uint8_t> visited(n, 0);
  std::vector<uint64_t> cursor(ex.gp_first.begin(), ex.gp_first.end() - 1);
  std::vector<NodeOrdinal> stack{g.root};
  visited[g.root] = 1;
  auto has_edge = [&](NodeOrdinal u, NodeOrdinal v) {
    return std::binary_search(ex.gp_succ.begin() + static_cast<ptrdiff_t>(ex.gp_first[u]),
                              ex.gp_succ.begin() + static_cast<ptrdiff_t>(ex.gp_first[u + 1]), v);
  };
  std::ostringstream out;
  for (uint32_t i = 1; i < ex.reachable_count; ++i) {
    const NodeOrdinal v = t.order[i];
    for (;;) {
      if (stack.empty()) {
        out << "order is not a DFS preorder of G': order[" << i << "] = " << v
            << " has no G' edge from any node on the DFS stack\n";
        return out.str();
      }
      const NodeOrdinal u = stack.back();
      if (has_edge(u, v)) break;
      while (cursor[u] < ex.gp_first[u + 1] && visited[ex.gp_succ[cursor[u]]]) ++cursor[u];
      if (cursor[u] < ex.gp_first[u + 1]) {
        out << "order is not a DFS preorder of G': order[" << i << "] = " << v
            << " is visited while " << u << " (on the DFS stack, no G' edge to " << v
            << ") still has the unvisited successor " << ex.gp_succ[cursor[u]] << "\n";
        return out.str();
      }
      stack.pop_back();
    }
    visited[v] = 1;
    stack.push_back(v);
  }
  return {};
}

// Empty when `t` agrees with `ex`; otherwise what is wrong.
std::string compare(const TestGraph& g, const Expected& ex, const DominatorTree& t) {
  const uint32_t n = g.node_count;
  std::ostringstream out;
  if (t.idom.size() != n) out << "idom has " << t.idom.size() << " entries, expected " << n << "\n";
  if (t.order.size() != n) {
    out << "order has " << t.order.size() << " entries, expected " << n << "\n";
  }
  if (!out.str().empty()) return out.str();
  uint32_t mismatches = 0;
  for (uint32_t v = 0; v < n; ++v) {
    if (t.idom[v] == ex.idom[v]) continue;
    if (mismatches++ < 5) {
      out << "idom[" << v << "] = " << t.idom[v] << ", expected " << ex.idom[v]
          << (v == g.root       ? " (the root)"
              : ex.reachable[v] ? ""
                                : " (not reachable in G')")
          << "\n";
    }
  }
  if (mismatches > 0) out << mismatches << " idom mismatch(es) in all\n";
  if (t.reachable_count != ex.reachable_count) {
    out << "reachable_count = " << t.reachable_count << ", expected " << ex.reachable_count << "\n";
  }
  if (t.orphan_count != ex.orphan_count) {
    out << "orphan_count = " << t.orphan_count << ", expected " << ex.orphan_count << "\n";
  }
  // order: a permutation, root first, each node after its idom, reachable nodes first.
  std::vector<uint32_t> pos(n, UINT32_MAX);
  for (uint32_t i = 0; i < n; ++i) {
    const NodeOrdinal v = t.order[i];
    if (v >= n || pos[v] != UINT32_MAX) {
      out << "order is not a permutation: order[" << i << "] = " << v << "\n";
      return out.str();
    }
    pos[v] = i;
  }
  if (n > 0 && t.order[0] != g.root) {
    out << "order[0] = " << t.order[0] << ", expected the root " << g.root << "\n";
  }
  uint32_t misplaced = 0;
  for (uint32_t v = 0; v < n; ++v) {
    if (v == g.root || t.idom[v] >= n || pos[t.idom[v]] < pos[v]) continue;
    if (misplaced++ < 3) {
      out << "order puts " << v << " (position " << pos[v] << ") before its idom " << t.idom[v]
          << " (position " << pos[t.idom[v]] << ")\n";
    }
  }
  bool prefix_ok = true;
  for (uint32_t i = 0; i < n; ++i) {
    if ((i < ex.reachable_count) != (ex.reachable[t.order[i]] != 0)) {
      out << "order[" << i << "] = " << t.order[i] << " is "
          << (ex.reachable[t.order[i]] ? "reachable" : "not reachable") << " in G' but the first "
          << ex.reachable_count << " entries should be exactly the reachable nodes\n";
      prefix_ok = false;
      break;
    }
  }
  if (prefix_ok && n > 0 && t.order[0] == g.root) out << check_dfs_preorder(g, ex, t);
  return out.str();
}

// Every way of running: on one thread, and with the back edges grouped on a second; with the
// default hubs, and with every target of two or more back edges a hub (up to 255 of them), the
// DFS choosing its own from the edges of every (edges / 8)-th node and sweeping those among the
// first 8 vertices; with the nearest-common-ancestor walks, and with relative dominators from
// the first step on.
std::string run_and_compare(const TestGraph& g, const Expected& ex) {
  const CsrGraph csr = to_csr(g);
  FlowGraph flow = csr.flow(g);
  struct Config {
    uint32_t hub_sources;
    uint32_t hub_sample;
    uint32_t sweep;
    bool walks;
  };
  const FlowGraph defaults;
  for (const Config config :
       {Config{defaults.hub_sources, defaults.hub_sample, defaults.sweep_vertices, true},
        Config{2, 8, 8, true}, Config{2, 8, 8, false}}) {
    for (const unsigned threads : {1u, 2u}) {
      flow.threads = threads;
      flow.hub_sources = config.hub_sources;
      flow.hub_sample = config.hub_sample;
      flow.sweep_vertices = config.sweep;
      flow.walk_steps_per_vertex = config.walks ? defaults.walk_steps_per_vertex : 0;
      flow.free_walk_steps = config.walks ? defaults.free_walk_steps : 0;
      const std::string problem = compare(g, ex, compute_dominator_tree(flow));
      if (!problem.empty()) {
        return "with " + std::to_string(threads) + " thread(s), hubs from " +
               std::to_string(config.hub_sources) + " sources and DFS hubs from a sample of " +
               std::to_string(config.hub_sample) + " edges, sweeping below " +
               std::to_string(config.sweep) + (config.walks ? ", walks" : ", relative dominators") +
               ": " + problem;
      }
    }
  }
  return "";
}

std::string find_problem(const TestGraph& g) { return run_and_compare(g, oracle(g)); }

// ---------------------------------------------------------------------------------------------
// Reporting and shrinking.

std::string describe(const TestGraph& g, size_t max_edges = 300) {
  std::ostringstream out;
  out << "node_count = " << g.node_count << ", root = " << g.root << ", " << g.edges.size()
      << " edges" << (g.null_mask ? ", counted = nullptr" : "");
  if (g.edges.size() > max_edges) return out.str();
  out << ", edges {from, to, counted} (a source's edges keep this order in the CSR):\n  {";
  size_t k = 0;
  for (const TestEdge& e : g.edges) {
    out << (k++ ? ", " : "") << "{" << e.from << ", " << e.to << (e.counted ? "" : ", false")
        << "}";
    if (e.type != 0) out << "/*type " << int{e.type} << "*/";
  }
  out << "}";
  return out.str();
}

TestGraph remove_node(const TestGraph& g, NodeOrdinal v) {
  TestGraph r;
  r.node_count = g.node_count - 1;
  r.root = g.root > v ? g.root - 1 : g.root;
  r.null_mask = g.null_mask;
  for (TestEdge e : g.edges) {
    if (e.from == v || e.to == v) continue;
    if (e.from > v) --e.from;
    if (e.to > v) --e.to;
    r.edges.push_back(e);
  }
  return r;
}

// Greedy delta debugging: drop chunks of edges, then single nodes, then simplify flags, for as
// long as the graph still fails. Budgeted: big graphs are shrunk only partly.
TestGraph shrink(TestGraph g) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto fails = [](const TestGraph& h) { return !find_problem(h).empty(); };
  auto in_time = [&] { return std::chrono::steady_clock::now() < deadline; };
  for (bool progress = true; progress && in_time();) {
    progress = false;
    for (size_t chunk = std::max<size_t>(g.edges.size() / 2, 1); chunk >= 1 && in_time();
         chunk /= 2) {
      for (size_t start = 0; start < g.edges.size() && in_time();) {
        TestGraph h = g;
        h.edges.erase(
            h.edges.begin() + static_cast<ptrdiff_t>(start),
            h.edges.begin() + static_cast<ptrdiff_t>(std::min(start + chunk, h.edges.size())));
        if (fails(h)) {
          g = std::move(h);
          progress = true;
        } else {
          start += chunk;
        }
      }
      if (chunk == 1) break;
    }
    for (NodeOrdinal v = g.node_count; v-- > 0 && in_time();) {
      if (v == g.root || g.node_count == 1) continue;
      TestGraph h = remove_node(g, v);
      if (fails(h)) {
        g = std::move(h);
        progress = true;
      }
    }
    for (size_t i = 0; i < g.edges.size() && in_time(); ++i) {
      if (g.edges[i].type != 0) {
        TestGraph h = g;
        h.edges[i].type = 0;
        if (fails(h)) g = std::move(h);
      }
    }
  }
  if (!g.null_mask &&
      std::all_of(g.edges.begin(), g.edges.end(), [](const TestEdge& e) { return e.counted; })) {
    TestGraph h = g;
    h.null_mask = true;
    if (fails(h)) g = std::move(h);
  }
  return g;
}

// Checks one graph; on a failure reports it (shrunk to a minimal failing graph when small).
// Returns whether it passed.
bool check_against(const TestGraph& g, const Expected& ex, const std::string& label) {
  const std::string problem = run_and_compare(g, ex);
  if (problem.empty()) return true;
  std::ostringstream msg;
  msg << label << ": " << describe(g, 40) << "\n" << problem;
  if (find_problem(g).empty()) {
    msg << "(Boost agrees with the implementation here: the test's own expected values are "
           "wrong)\n";
  } else if (g.edges.size() <= 100000) {
    const TestGraph small = shrink(g);
    msg << "shrunk to a minimal failing graph: " << describe(small) << "\n" << find_problem(small);
  }
  ADD_FAILURE() << msg.str();
  return false;
}

bool check(const TestGraph& g, const std::string& label) {
  return check_against(g, oracle(g), label);
}

// Hand cases: the oracle must agree with the expected values worked out by hand, and the
// implementation with the oracle.
void check_hand(const TestGraph& g, const std::vector<NodeOrdinal>& idom, uint32_t reachable_count,
                uint32_t orphan_count, const std::string& label) {
  const Expected ex = oracle(g);
  ASSERT_EQ(ex.idom, idom) << label << ": the oracle disagrees with the hand-worked idoms";
  ASSERT_EQ(ex.reachable_count, reachable_count) << label;
  ASSERT_EQ(ex.orphan_count, orphan_count) << label;
  check_against(g, ex, label);
  // The same graph with edge types in the top bits of the words; with counted == nullptr too
  // when every edge is counted.
  TestGraph typed = g;
  uint8_t type = 1;
  for (TestEdge& e : typed.edges) {
    e.type = type;
    type = static_cast<uint8_t>(type % 15 + 1);
  }
  check_against(typed, ex, label + " (typed edge words)");
  if (!g.null_mask &&
      std::all_of(g.edges.begin(), g.edges.end(), [](const TestEdge& e) { return e.counted; })) {
    TestGraph unmasked = typed;
    unmasked.null_mask = true;
    check_against(unmasked, ex, label + " (counted = nullptr)");
  }
}

// ---------------------------------------------------------------------------------------------
// Graph builders.

TestGraph make_graph(uint32_t n, NodeOrdinal root, std::vector<TestEdge> edges) {
  TestGraph g;
  g.node_count = n;
  g.root = root;
  g.edges = std::move(edges);
  return g;
}

uint32_t uniform(std::mt19937& rng, uint32_t lo, uint32_t hi) {
  return std::uniform_int_distribution<uint32_t>(lo, hi)(rng);
}
bool chance(std::mt19937& rng, double p) { return std::bernoulli_distribution(p)(rng); }

// Renames the nodes by a random permutation (new = perm[old]) and shuffles the edge order.
TestGraph relabel(const TestGraph& g, std::mt19937& rng, std::vector<NodeOrdinal>* perm_out) {
  std::vector<NodeOrdinal> perm(g.node_count);
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  TestGraph r = g;
  r.root = perm[g.root];
  for (TestEdge& e : r.edges) {
    e.from = perm[e.from];
    e.to = perm[e.to];
  }
  std::shuffle(r.edges.begin(), r.edges.end(), rng);
  if (perm_out) *perm_out = std::move(perm);
  return r;
}

// Random flags: a fraction of the edges uncounted, some edge words with a type.
void randomize_flags(TestGraph& g, std::mt19937& rng, double uncounted) {
  const bool typed = chance(rng, 0.5);
  for (TestEdge& e : g.edges) {
    e.counted = !chance(rng, uncounted);
    e.type = typed && chance(rng, 0.5) ? static_cast<uint8_t>(uniform(rng, 1, 15)) : 0;
  }
  g.null_mask = uncounted == 0 && chance(rng, 0.5);
}

TestGraph random_graph(std::mt19937& rng, uint32_t n) {
  TestGraph g;
  g.node_count = n;
  g.root = uniform(rng, 0, n - 1);
  auto add = [&](NodeOrdinal u, NodeOrdinal v) { g.edges.push_back({u, v, true, 0}); };
  std::vector<NodeOrdinal> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  std::swap(perm[0], *std::find(perm.begin(), perm.end(), g.root));
  switch (uniform(rng, 0, 4)) {
    case 0: {  // a random tree hanging from the root (some nodes left out) plus extra edges
      const double detached = std::vector<double>{0, 0.05, 0.2}[uniform(rng, 0, 2)];
      for (uint32_t i = 1; i < n; ++i) {
        if (!chance(rng, detached)) add(perm[uniform(rng, 0, i - 1)], perm[i]);
      }
      const uint32_t extra = uniform(rng, 0, n + n / 2);
      for (uint32_t k = 0; k < extra; ++k) add(uniform(rng, 0, n - 1), uniform(rng, 0, n - 1));
      break;
    }
    case 1: {  // dense: each ordered pair (self edges included) with probability p
      const double p = std::uniform_real_distribution<double>(0.01, std::min(0.4, 30.0 / n))(rng);
      for (uint32_t u = 0; u < n; ++u) {
        for (uint32_t v = 0; v < n; ++v) {
          if (chance(rng, p)) add(u, v);
        }
      }
      break;
    }
    case 2: {  // uniform random edges, sparse to medium (unreachable parts and cycles)
      const uint32_t m = uniform(rng, 0, 3 * n);
      for (uint32_t k = 0; k < m; ++k) add(uniform(rng, 0, n - 1), uniform(rng, 0, n - 1));
      break;
    }
    case 3: {  // mostly forward edges in a random order, a few back edges (loops)
      for (uint32_t i = 0; i < n; ++i) {
        const uint32_t out = uniform(rng, 0, 3);
        for (uint32_t k = 0; k < out && i + 1 < n; ++k)
          add(perm[i], perm[uniform(rng, i + 1, n - 1)]);
      }
      const uint32_t back = uniform(rng, 0, n / 4);
      for (uint32_t k = 0; k < back; ++k) {
        const uint32_t j = uniform(rng, 0, n - 1);
        add(perm[j], perm[uniform(rng, 0, j)]);
      }
      break;
    }
    default: {  // a long path through the nodes with random shortcuts (deep DFS)
      for (uint32_t i = 1; i < n; ++i) add(perm[i - 1], perm[i]);
      const uint32_t extra = uniform(rng, 0, n);
      for (uint32_t k = 0; k < extra; ++k) add(uniform(rng, 0, n - 1), uniform(rng, 0, n - 1));
      break;
    }
  }
  if (chance(rng, 0.3)) {  // self edges
    const uint32_t selfs = uniform(rng, 1, std::max<uint32_t>(n / 8, 1));
    for (uint32_t k = 0; k < selfs; ++k) {
      const NodeOrdinal v = uniform(rng, 0, n - 1);
      add(v, v);
    }
  }
  if (chance(rng, 0.2) && !g.edges.empty()) {  // parallel edges
    const uint32_t dups = uniform(rng, 1, std::max<uint32_t>(n / 8, 1));
    for (uint32_t k = 0; k < dups; ++k)
      g.edges.push_back(g.edges[uniform(rng, 0, static_cast<uint32_t>(g.edges.size() - 1))]);
  }
  std::shuffle(g.edges.begin(), g.edges.end(), rng);
  randomize_flags(g, rng, std::vector<double>{0, 0.05, 0.2, 0.2, 0.5}[uniform(rng, 0, 4)]);
  return g;
}

// The chain 0 -> 1 -> ... -> n-1 from root 0; idom[i] = i - 1 whatever edges go backwards.
TestGraph chain(uint32_t n) {
  TestGraph g;
  g.node_count = n;
  g.edges.reserve(n);
  for (uint32_t i = 1; i < n; ++i) g.edges.push_back({i - 1, i, true, 0});
  return g;
}

std::vector<NodeOrdinal> chain_idoms(uint32_t n) {
  std::vector<NodeOrdinal> idom(n);
  for (uint32_t i = 0; i < n; ++i) idom[i] = i == 0 ? 0 : i - 1;
  return idom;
}

// Expected values from G' plus known idoms (for graphs too big to be worth Boost's time).
Expected known(const TestGraph& g, std::vector<NodeOrdinal> idom) {
  Expected ex = build_g_prime(g);
  ex.idom = std::move(idom);
  return ex;
}

std::vector<NodeOrdinal> permute_idoms(const std::vector<NodeOrdinal>& idom,
                                       const std::vector<NodeOrdinal>& perm) {
  std::vector<NodeOrdinal> r(idom.size());
  for (size_t v = 0; v < idom.size(); ++v) r[perm[v]] = perm[idom[v]];
  return r;
}

// ---------------------------------------------------------------------------------------------
// Hand cases.

TEST(DominatorTreeHand, SingleNode) { check_hand(make_graph(1, 0, {}), {0}, 1, 0, "single node"); }

TEST(DominatorTreeHand, RootWithSelfEdge) {
  check_hand(make_graph(1, 0, {{0, 0}}), {0}, 1, 0, "root with a self edge");
  check_hand(make_graph(2, 0, {{0, 0}, {0, 1}}), {0, 0}, 2, 0, "root with a self edge and a child");
}

TEST(DominatorTreeHand, SelfEdges) {
  // 1: only a counted self edge -> it has a counted in-edge, is no orphan, is unreachable;
  //    so is 3, which only 1 points to.
  // 2: only an uncounted self edge -> an orphan; 4 hangs off it.
  // 5: an uncounted edge from the root and a counted self edge -> unreachable.
  const TestGraph g =
      make_graph(6, 0, {{1, 1}, {1, 3}, {2, 2, false}, {2, 4}, {0, 5, false}, {5, 5}});
  check_hand(g, {0, 0, 0, 0, 2, 0}, 3, 1, "self edges");
  // With every edge counted, 2 is no orphan any more and 4 becomes unreachable; 5 is reached.
  TestGraph all = g;
  for (TestEdge& e : all.edges) e.counted = true;
  check_hand(all, {0, 0, 0, 0, 0, 0}, 2, 0, "self edges, all counted");
}

// The DFS's records keep counts of 255 and more in words of their own, and hub edges past the
// second after the targets. 1 has 300 targets (the 2 + k) and 300 edges to 302, which takes
// most edges and becomes a hub; each 2 + k also points to 302 and to 303, 304, 305 (more
// hubs: three hub bytes, the third packed after its target 1) and back to 1.
TEST(DominatorTreeHand, RecordsWithLongEdgeLists) {
  constexpr NodeOrdinal kMany = 300;
  const NodeOrdinal big_hub = 2 + kMany;
  std::vector<TestEdge> edges{{0, 1}};
  std::vector<NodeOrdinal> idom(big_hub + 4, 1);
  idom[0] = 0;
  idom[1] = 0;
  for (NodeOrdinal k = 0; k < kMany; ++k) {
    edges.push_back({1, 2 + k});
    edges.push_back({1, big_hub});
  }
  for (NodeOrdinal k = 0; k < kMany; ++k) {
    for (const NodeOrdinal to : {big_hub, big_hub + 1, big_hub + 2, big_hub + 3, NodeOrdinal{1}}) {
      edges.push_back({2 + k, to});
    }
  }
  check_hand(make_graph(big_hub + 4, 0, edges), idom, big_hub + 4, 0, "long edge lists");
}

TEST(DominatorTreeHand, Chain) {
  check_hand(make_graph(5, 0, {{0, 1}, {1, 2}, {2, 3}, {3, 4}}), {0, 0, 1, 2, 3}, 5, 0, "chain");
  // The same chain listed backwards and with back edges.
  check_hand(make_graph(5, 0, {{3, 4}, {2, 3}, {1, 2}, {0, 1}, {4, 0}, {4, 2}, {3, 1}}),
             {0, 0, 1, 2, 3}, 5, 0, "chain with back edges");
}

TEST(DominatorTreeHand, Diamond) {
  check_hand(make_graph(5, 0, {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}}), {0, 0, 0, 0, 3}, 5, 0,
             "diamond");
  // Nested: 1 -> {2, 3} -> 4 below the root's only child 1.
  check_hand(make_graph(6, 0, {{0, 1}, {1, 2}, {1, 3}, {2, 4}, {3, 4}, {4, 5}, {5, 1}}),
             {0, 0, 1, 1, 1, 4}, 6, 0, "diamond under a node, with a loop back");
}

TEST(DominatorTreeHand, LengauerTarjanPaperGraph) {
  // Figure 1 of Lengauer & Tarjan (1979); R = 0, A..L = 1..12.
  enum : NodeOrdinal { R, A, B, C, D, E, F, G, H, I, J, K, L };
  const std::vector<TestEdge> edges = {{R, A}, {R, B}, {R, C}, {A, D}, {B, A}, {B, D}, {B, E},
                                       {C, F}, {C, G}, {D, L}, {E, H}, {F, I}, {G, I}, {G, J},
                                       {H, E}, {H, K}, {I, K}, {J, I}, {K, I}, {K, R}, {L, H}};
  //                                  R  A  B  C  D  E  F  G  H  I  J  K  L
  const std::vector<NodeOrdinal> idom{R, R, R, R, R, R, C, C, R, R, G, R, D};
  check_hand(make_graph(13, R, edges), idom, 13, 0, "Lengauer-Tarjan paper graph");
  // The same graph with the root at ordinal 7 (swap R and G).
  auto swap_rg = [](NodeOrdinal v) {
    return v == R ? NodeOrdinal{G} : v == G ? NodeOrdinal{R} : v;
  };
  std::vector<TestEdge> swapped;
  for (const TestEdge& e : edges) swapped.push_back({swap_rg(e.from), swap_rg(e.to)});
  std::vector<NodeOrdinal> swapped_idom(13);
  for (NodeOrdinal v = 0; v < 13; ++v) swapped_idom[swap_rg(v)] = swap_rg(idom[v]);
  check_hand(make_graph(13, G, swapped), swapped_idom, 13, 0,
             "Lengauer-Tarjan paper graph, root at ordinal 7");
}

TEST(DominatorTreeHand, DfsHubSourceWhosePathLeavesThroughALaterHub) {
  // R=0 -> P=1 -> H=2 -> G1=3, G2=4 (both back to H); R -> T=5 -> F1..F6=6..11 (each back to T)
  // and V=12, whose edges go to H and to T. With DFS hubs chosen after 8 back edges (G1, G2 and
  // F1..F6 are them), H and T are hubs and V's edges are the bytes past that. V reaches H
  // through R -> T -> V, avoiding P, so idom(H) = R: semi(H) comes from T (semi 1), which is
  // above H and on V's path, so the highest DFS hub's sweep must carry it on to H.
  enum : NodeOrdinal { R, P, H, G1, G2, T, F1, F2, F3, F4, F5, F6, V };
  std::vector<TestEdge> edges = {{R, P}, {R, T}, {P, H}, {H, G1}, {H, G2}, {G1, H}, {G2, H}};
  for (const NodeOrdinal f : {F1, F2, F3, F4, F5, F6}) edges.push_back({T, f});
  edges.push_back({T, V});
  for (const NodeOrdinal f : {F1, F2, F3, F4, F5, F6}) edges.push_back({f, T});
  edges.push_back({V, H});
  edges.push_back({V, T});
  //                                  R  P  H  G1 G2 T  F1 F2 F3 F4 F5 F6 V
  const std::vector<NodeOrdinal> idom{R, R, R, H, H, R, T, T, T, T, T, T, T};
  check_hand(make_graph(13, R, edges), idom, 13, 0, "DFS hub source leaving through a later hub");
}

TEST(DominatorTreeHand, UnreachableClique) {
  // R = 0; A = 1 <-> B = 2, A -> C = 3: every one has a counted in-edge, none is reached.
  check_hand(make_graph(4, 0, {{1, 2}, {2, 1}, {1, 3}}), {0, 0, 0, 0}, 1, 0, "unreachable clique");
  // Reached only through an uncounted edge: still unreachable.
  check_hand(make_graph(4, 0, {{0, 1, false}, {1, 2}, {2, 1}, {1, 3}}), {0, 0, 0, 0}, 1, 0,
             "clique behind an uncounted edge");
}

TEST(DominatorTreeHand, OnlyUncountedInEdgesMakeAnOrphan) {
  // R=0 -> A=1 -/-> X=2 (uncounted); X -> Y=3 -> Z=4; X -> W=5 -> Z; X -> V=6 and A -/-> V.
  // X becomes an orphan (virtual edge R -> X) and dominates all it reaches.
  check_hand(
      make_graph(7, 0,
                 {{0, 1}, {1, 2, false}, {2, 3}, {3, 4}, {2, 5}, {5, 4}, {2, 6}, {1, 6, false}}),
      {0, 0, 0, 2, 2, 2, 2}, 7, 1, "orphan through uncounted in-edges");
  // A counted edge A -> Z lets Z escape X's domination.
  check_hand(
      make_graph(
          7, 0,
          {{0, 1}, {1, 2, false}, {2, 3}, {3, 4}, {2, 5}, {5, 4}, {2, 6}, {1, 6, false}, {1, 4}}),
      {0, 0, 0, 2, 0, 2, 2}, 7, 1, "orphan, with a counted edge around it");
}

TEST(DominatorTreeHand, ParallelEdges) {
  // 1 has an uncounted and a counted edge from the root: no orphan, reached.
  // 2 has two uncounted edges from 1: an orphan.
  check_hand(
      make_graph(4, 0, {{0, 1, false}, {0, 1}, {1, 2, false}, {1, 2, false}, {2, 3}, {2, 3}}),
      {0, 0, 0, 2}, 4, 1, "parallel edges");
}

TEST(DominatorTreeHand, OrphansOnly) {
  // The root has no edges: 1 and 2 are orphans, 3 is reached from both, 4 only from 1.
  // 2 also points at the root (an edge into the root changes nothing).
  check_hand(make_graph(5, 0, {{1, 3}, {2, 3}, {1, 4}, {2, 0}}), {0, 0, 0, 0, 1}, 5, 2,
             "orphans only");
}

TEST(DominatorTreeHand, RootNotAtOrdinalZero) {
  // root 4: 4 -> 0, 4 -> 2, 0 -> 1, 2 -> 1, 1 -> 3, 3 -> 5, 5 -> 4.
  check_hand(make_graph(6, 4, {{4, 0}, {4, 2}, {0, 1}, {2, 1}, {1, 3}, {3, 5}, {5, 4}}),
             {4, 4, 4, 1, 4, 3}, 6, 0, "root at ordinal 4");
  // The last ordinal as root, with an orphan (0) and an unreachable pair (1 <-> 2).
  check_hand(make_graph(5, 4, {{1, 2}, {2, 1}, {4, 3}, {0, 3}}), {4, 4, 4, 4, 4}, 3, 1,
             "root at the last ordinal");
}

// ---------------------------------------------------------------------------------------------
// Random graphs.

void run_random(uint32_t seed, uint32_t count, uint32_t min_n, uint32_t max_n, const char* name) {
  std::mt19937 rng(seed);
  uint32_t failures = 0;
  for (uint32_t i = 0; i < count && failures < 3; ++i) {
    const TestGraph g = random_graph(rng, uniform(rng, min_n, max_n));
    if (!check(g, std::string(name) + " #" + std::to_string(i) + " (seed " + std::to_string(seed) +
                      ")")) {
      ++failures;
    }
  }
}

TEST(DominatorTreeRandom, TinyGraphs) { run_random(1, 20000, 1, 8, "tiny random graph"); }

TEST(DominatorTreeRandom, SmallGraphs) { run_random(2, 4000, 1, 200, "random graph"); }

TEST(DominatorTreeRandom, MediumGraphs) {
  run_random(3, HEAPLEAK_DOMTEST_ASAN ? 40 : 200, 500, 3000, "medium random graph");
}

// ---------------------------------------------------------------------------------------------
// Adversarial families, each also with its nodes renamed at random.

void check_family(const TestGraph& g, const std::string& label, std::mt19937& rng,
                  const std::vector<NodeOrdinal>* idom = nullptr) {
  if (idom) {
    const Expected ex = known(g, *idom);
    check_against(g, ex, label + " (known idoms)");
  }
  check(g, label);
  std::vector<NodeOrdinal> perm;
  const TestGraph r = relabel(g, rng, &perm);
  check(r, label + " (relabelled)");
}

TEST(DominatorTreeAdversarial, LongChainWithBackEdgesToTheStart) {
  std::mt19937 rng(10);
  const uint32_t n = 20000 / kScaleDown;
  TestGraph g = chain(n);
  for (uint32_t i = 1; i < n; ++i) g.edges.push_back({i, 0, true, 0});
  const std::vector<NodeOrdinal> idom = chain_idoms(n);
  check_family(g, "chain, every node -> start", rng, &idom);
}

TEST(DominatorTreeAdversarial, LongChainWithRandomBackEdges) {
  std::mt19937 rng(11);
  const uint32_t n = 20000 / kScaleDown;
  TestGraph g = chain(n);
  for (uint32_t i = 1; i < n; ++i) {
    for (int k = 0; k < 3; ++k) g.edges.push_back({i, uniform(rng, 0, i), true, 0});
  }
  std::shuffle(g.edges.begin(), g.edges.end(), rng);
  const std::vector<NodeOrdinal> idom = chain_idoms(n);
  check_family(g, "chain with random back edges", rng, &idom);
  randomize_flags(g, rng, 0.2);  // uncounted edges break the chain into orphan-rooted pieces
  check_family(g, "chain with random back edges, 20% uncounted", rng);
}

// A hub's sources 20000 vertices apart (3-byte varint differences), where only the nearest one
// (read last) holds the answer. X (1) is the root's first child; its first child is the hub H
// (2), then come four branches of D nodes each, whose last nodes all point at H. The root also
// points at the end of the first branch, which gives H a path around X: H's immediate dominator
// is the root, and were that one source misread, it would come out as X.
TEST(DominatorTreeAdversarial, HubSourcesFarApartInVertexOrder) {
  constexpr uint32_t kD = 20000, kBranches = 4;
  constexpr NodeOrdinal kX = 1, kHub = 2, kFirst = 3;
  const auto branch_node = [&](uint32_t branch, uint32_t i) { return kFirst + branch * kD + i; };
  std::vector<TestEdge> edges = {{0, kX, true, 0}, {kX, kHub, true, 0}};
  std::vector<NodeOrdinal> idom(kFirst + kBranches * kD, 0);
  for (uint32_t b = 0; b < kBranches; ++b) {
    edges.push_back({kX, branch_node(b, 0), true, 0});
    idom[branch_node(b, 0)] = kX;
    for (uint32_t i = 1; i < kD; ++i) {
      edges.push_back({branch_node(b, i - 1), branch_node(b, i), true, 0});
      idom[branch_node(b, i)] = branch_node(b, i - 1);
    }
    edges.push_back({branch_node(b, kD - 1), kHub, true, 0});
  }
  edges.push_back({0, branch_node(0, kD - 1), true, 0});
  idom[branch_node(0, kD - 1)] = 0;
  const auto n = static_cast<uint32_t>(idom.size());
  check_hand(make_graph(n, 0, std::move(edges)), idom, n, 0, "hub sources far apart");
}

// Semi-NCA's worst case: U items held by an array at the end of a K-long chain, which the DFS
// reaches first, and by an array that hangs off the chain's start. Every item's semidominator
// is the start, so each nearest-common-ancestor walk climbs the whole chain: K * U steps, past
// the budget, after which relative dominators finish the job.
TEST(DominatorTreeAdversarial, ManySemidominatorsFarUpOneChain) {
  const uint32_t k = 20000 / kScaleDown, u = 20000 / kScaleDown;
  // 0 root, 1 start, 2 the near array, 3..k+2 the chain, k+3 the far array, then the items.
  const NodeOrdinal start = 1, near_array = 2, first_link = 3, far_array = k + 3,
                    first_item = k + 4;
  const uint32_t n = first_item + u;
  std::vector<TestEdge> edges = {
      {0, start, true, 0}, {start, first_link, true, 0}, {start, near_array, true, 0}};
  std::vector<NodeOrdinal> idom(n, 0);
  idom[start] = 0;
  idom[near_array] = start;
  idom[first_link] = start;
  for (uint32_t i = 1; i < k; ++i) {
    edges.push_back({first_link + i - 1, first_link + i, true, 0});
    idom[first_link + i] = first_link + i - 1;
  }
  edges.push_back({first_link + k - 1, far_array, true, 0});
  idom[far_array] = first_link + k - 1;
  for (uint32_t i = 0; i < u; ++i) {
    edges.push_back({far_array, first_item + i, true, 0});
    edges.push_back({near_array, first_item + i, true, 0});
    idom[first_item + i] = start;
  }
  check_hand(make_graph(n, 0, std::move(edges)), idom, n, 0, "semidominators far up a chain");
}

TEST(DominatorTreeAdversarial, ChainWhoseNodesAllPointToTheRoot) {
  std::mt19937 rng(12);
  const uint32_t n = 20000 / kScaleDown;
  TestGraph g = chain(n);
  for (uint32_t i = 0; i < n; ++i) g.edges.push_back({i, 0, true, 0});
  const std::vector<NodeOrdinal> idom = chain_idoms(n);
  check_family(g, "chain, all -> root", rng, &idom);
}

TEST(DominatorTreeAdversarial, ChainAgainstOrdinalOrder) {
  // root n-1 -> n-2 -> ... -> 0: DFS numbers run opposite to ordinals.
  std::mt19937 rng(13);
  const uint32_t n = 20000 / kScaleDown;
  TestGraph g;
  g.node_count = n;
  g.root = n - 1;
  std::vector<NodeOrdinal> idom(n);
  for (uint32_t i = 0; i < n; ++i) {
    idom[i] = i == n - 1 ? i : i + 1;
    if (i + 1 < n) g.edges.push_back({i + 1, i, true, 0});
    if (i % 7 == 3) g.edges.push_back({i, n - 1, true, 0});
  }
  check_family(g, "descending chain", rng, &idom);
}

TEST(DominatorTreeAdversarial, SkipChain) {
  // i -> i+1 and i -> i+2: every node can be bypassed, so idom[i] = 0. With the skips only
  // from even nodes, odd nodes are bypassed and even ones dominate: idom[2j+1] = idom[2j+2] =
  // 2j.
  std::mt19937 rng(14);
  const uint32_t n = 20000 / kScaleDown;
  {
    TestGraph g;
    g.node_count = n;
    const std::vector<NodeOrdinal> idom(n, 0);
    for (uint32_t i = 0; i < n; ++i) {
      if (i + 1 < n) g.edges.push_back({i, i + 1, true, 0});
      if (i + 2 < n) g.edges.push_back({i, i + 2, true, 0});
    }
    check_family(g, "skip chain", rng, &idom);
  }
  {
    TestGraph g;
    g.node_count = n;
    std::vector<NodeOrdinal> idom(n, 0);
    for (uint32_t i = 0; i < n; ++i) {
      if (i + 1 < n) g.edges.push_back({i, i + 1, true, 0});
      if (i % 2 == 0 && i + 2 < n) g.edges.push_back({i, i + 2, true, 0});
      if (i > 0) idom[i] = (i - 1) & ~1u;
    }
    check_family(g, "even skip chain", rng, &idom);
  }
}

TEST(DominatorTreeAdversarial, NestedDiamondsAndLadders) {
  std::mt19937 rng(15);
  const uint32_t k = 5000 / kScaleDown;
  {  // diamonds in a row: s_i -> l_i, r_i -> s_{i+1}; node 3i = s_i, 3i+1 = l_i, 3i+2 = r_i
    TestGraph g;
    g.node_count = 3 * k + 1;
    std::vector<NodeOrdinal> idom(g.node_count, 0);
    for (uint32_t i = 0; i < k; ++i) {
      const NodeOrdinal s = 3 * i, l = s + 1, r = s + 2, t = s + 3;
      g.edges.insert(g.edges.end(), {{s, l}, {s, r}, {l, t}, {r, t}});
      idom[l] = idom[r] = idom[t] = s;
    }
    check_family(g, "diamonds in a row", rng, &idom);
  }
  {  // diamonds nested inside each other: o_i -> o_{i+1}, o_i -> x_i; the inner exit joins
     // back into the outer ones: o_{i+1}'s exit e_{i+1} -> e_i, x_i -> e_i.
    TestGraph g;
    g.node_count = 3 * k + 1;
    // o_i = i (0..k), x_i = k+1+i, e_i = 2k+1+i (i < k)
    for (uint32_t i = 0; i < k; ++i) {
      const NodeOrdinal o = i, o_next = i + 1, x = k + 1 + i, e = 2 * k + 1 + i;
      g.edges.insert(g.edges.end(), {{o, o_next}, {o, x}, {x, e}});
      g.edges.push_back({i + 1 < k ? e + 1 : o_next, e, true, 0});
    }
    check_family(g, "nested diamonds", rng);
  }
  {  // crossed ladder: a_i, b_i -> both a_{i+1} and b_{i+1}; plus one-way rungs a_i -> b_i
    TestGraph g;
    g.node_count = 2 * k + 1;
    for (uint32_t i = 0; i < k; ++i) {
      const NodeOrdinal a = 2 * i + 1, b = 2 * i + 2;
      if (i == 0) {
        g.edges.insert(g.edges.end(), {{0, a}, {a, b}});
      } else {
        const NodeOrdinal pa = a - 2, pb = b - 2;
        g.edges.insert(g.edges.end(), {{pa, a}, {pb, b}, {i % 3 == 0 ? pa : pb, i % 2 ? a : b}});
        if (i % 5 == 0) g.edges.push_back({b, pa, true, 0});
      }
    }
    check_family(g, "ladder", rng);
  }
}

TEST(DominatorTreeAdversarial, CompleteGraphs) {
  std::mt19937 rng(16);
  const uint32_t n = 50;
  TestGraph g;
  g.node_count = n;
  for (uint32_t u = 0; u < n; ++u) {
    for (uint32_t v = 0; v < n; ++v) g.edges.push_back({u, v, true, 0});
  }
  check_family(g, "K50 with self edges", rng, nullptr);
  const std::vector<NodeOrdinal> all_root(n, 0);
  check_against(g, known(g, all_root), "K50 (known idoms)");
  // The root keeps one out-edge (to 1): 1 dominates everything else.
  TestGraph one = g;
  std::erase_if(one.edges, [](const TestEdge& e) { return e.from == 0 && e.to != 1; });
  std::vector<NodeOrdinal> idom(n, 1);
  idom[0] = 0;
  idom[1] = 0;
  check_family(one, "K50, root -> 1 only", rng, &idom);
  for (int round = 0; round < 20; ++round) {
    TestGraph masked = g;
    randomize_flags(masked, rng, round < 10 ? 0.2 : 0.9);
    masked.root = uniform(rng, 0, n - 1);
    check(masked, "K50 with a random mask, round " + std::to_string(round));
  }
}

TEST(DominatorTreeAdversarial, Stars) {
  std::mt19937 rng(17);
  const uint32_t leaves = 200000 / kScaleDown;
  {  // root -> leaf_i -> hub: the hub has a huge in-degree; hub -> tail
    TestGraph g;
    g.node_count = leaves + 4;
    const NodeOrdinal hub = leaves + 1;
    std::vector<NodeOrdinal> idom(g.node_count, 0);
    for (NodeOrdinal l = 1; l <= leaves; ++l) {
      g.edges.push_back({0, l, true, 0});
      g.edges.push_back({l, hub, true, 0});
    }
    g.edges.push_back({hub, hub + 1, true, 0});
    g.edges.push_back({hub + 1, hub + 2, true, 0});
    idom[hub + 1] = hub;
    idom[hub + 2] = hub + 1;
    check_family(g, "star into a hub", rng, &idom);
  }
  {  // root -> hub -> leaf_i -> hub, and leaves point at random other leaves
    TestGraph g;
    g.node_count = leaves + 2;
    const NodeOrdinal hub = leaves + 1;
    std::vector<NodeOrdinal> idom(g.node_count, hub);
    idom[0] = 0;
    idom[hub] = 0;
    g.edges.push_back({0, hub, true, 0});
    for (NodeOrdinal l = 1; l <= leaves; ++l) {
      g.edges.push_back({hub, l, true, 0});
      g.edges.push_back({l, hub, true, 0});
      g.edges.push_back({l, uniform(rng, 1, leaves), true, 0});
    }
    check_family(g, "star out of a hub", rng, &idom);
  }
  {  // every leaf is an orphan (no edge into it): the root's virtual out-degree is huge
    TestGraph g;
    g.node_count = leaves + 2;
    const NodeOrdinal hub = leaves + 1;
    std::vector<NodeOrdinal> idom(g.node_count, 0);
    for (NodeOrdinal l = 1; l <= leaves; ++l) g.edges.push_back({l, hub, true, 0});
    check_family(g, "star of orphans", rng, &idom);
  }
}

TEST(DominatorTreeAdversarial, UnreachableCyclesHangingOffOrphans) {
  std::mt19937 rng(18);
  const uint32_t groups = 2000 / kScaleDown;
  TestGraph g;
  NodeOrdinal next = 1;  // 0 is the root
  auto node = [&] { return next++; };
  for (uint32_t k = 0; k < groups; ++k) {
    // An orphan (only an uncounted in-edge from the root) leading into a cycle with a tail.
    const NodeOrdinal orphan = node();
    g.edges.push_back({0, orphan, false, 0});
    const uint32_t len = uniform(rng, 1, 6);
    std::vector<NodeOrdinal> cycle;
    for (uint32_t i = 0; i < len; ++i) cycle.push_back(node());
    for (uint32_t i = 0; i < len; ++i) g.edges.push_back({cycle[i], cycle[(i + 1) % len], true, 0});
    g.edges.push_back({orphan, cycle[uniform(rng, 0, len - 1)], true, 0});
    const NodeOrdinal tail = node();
    g.edges.push_back({cycle[uniform(rng, 0, len - 1)], tail, true, 0});
    // A cycle nothing counted reaches, pointing into the reachable cycle, and reached from the
    // reachable part only through uncounted edges.
    const NodeOrdinal u1 = node(), u2 = node(), u3 = node();
    g.edges.insert(g.edges.end(), {{u1, u2}, {u2, u1}, {u2, u3}, {u3, cycle[0]}});
    g.edges.push_back({tail, u1, false, 0});
    // Sometimes a second orphan also enters the cycle: its idom becomes the root.
    if (k % 3 == 0) {
      const NodeOrdinal other = node();
      g.edges.push_back({other, cycle[len - 1], true, 0});
    }
  }
  g.node_count = next;
  std::shuffle(g.edges.begin(), g.edges.end(), rng);
  check_family(g, "cycles hanging off orphans", rng);
}

TEST(DominatorTreeAdversarial, DeepDfsMillionNodeChain) {
  // Recursion over the DFS would overflow the stack here.
  std::mt19937 rng(19);
  const uint32_t n = 1000000 / kScaleDown;
  {
    const TestGraph g = chain(n);
    const Expected ex = known(g, chain_idoms(n));
    const CsrGraph csr = to_csr(g);
    const auto start = std::chrono::steady_clock::now();
    const DominatorTree t = compute_dominator_tree(csr.flow(g));
    const double secs = seconds_since(start);
    std::printf("[   info   ] %u-node chain: %.3f s\n", n, secs);
    EXPECT_LT(secs, 10.0);
    const std::string problem = compare(g, ex, t);
    EXPECT_EQ(problem, "") << "chain of " << n;
    for (uint32_t i = 0; i < n && problem.empty(); ++i) {
      if (t.order[i] != i) {
        ADD_FAILURE() << "chain order[" << i << "] = " << t.order[i];
        break;
      }
    }
  }
  {  // the same chain with back edges (to the start, to random earlier nodes), relabelled
    TestGraph g = chain(n);
    for (uint32_t i = 1; i < n; ++i) {
      g.edges.push_back({i, i % 2 ? 0 : uniform(rng, 0, i), true, 0});
    }
    std::vector<NodeOrdinal> perm;
    const TestGraph r = relabel(g, rng, &perm);
    const auto start = std::chrono::steady_clock::now();
    check_against(r, known(r, permute_idoms(chain_idoms(n), perm)),
                  "relabelled million-node chain with back edges (known idoms)");
    std::printf("[   info   ] %u-node relabelled chain with back edges, with checks: %.3f s\n", n,
                seconds_since(start));
  }
}

TEST(DominatorTreeAdversarial, DeepDfsRandomAgainstBoost) {
  // A random Hamiltonian path plus random edges: the DFS goes about n deep.
  std::mt19937 rng(20);
  const uint32_t n = 200000 / kScaleDown;
  TestGraph g;
  g.node_count = n;
  std::vector<NodeOrdinal> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  g.root = perm[0];
  for (uint32_t i = 1; i < n; ++i) g.edges.push_back({perm[i - 1], perm[i], true, 0});
  for (uint32_t k = 0; k < 2 * n; ++k) {
    g.edges.push_back({uniform(rng, 0, n - 1), uniform(rng, 0, n - 1), true, 0});
  }
  std::shuffle(g.edges.begin(), g.edges.end(), rng);
  check(g, "deep random graph");
  randomize_flags(g, rng, 0.2);
  check(g, "deep random graph, 20% uncounted");
}

// ---------------------------------------------------------------------------------------------
// Scale: a snapshot-sized random graph against Boost (correctness, not timing).

TEST(DominatorTreeScale, MillionNodesFourMillionEdges) {
  std::mt19937 rng(21);
  const uint32_t n = 1000000 / kScaleDown;
  const uint32_t m = 4 * n;
  TestGraph g;
  g.node_count = n;
  g.root = uniform(rng, 0, n - 1);
  g.edges.reserve(m);
  // A random tree in a random order (95% of the nodes attached), then random edges, half of
  // them local (heap-like clustering), to m edges.
  std::vector<NodeOrdinal> perm(n);
  std::iota(perm.begin(), perm.end(), 0);
  std::shuffle(perm.begin(), perm.end(), rng);
  std::swap(perm[0], *std::find(perm.begin(), perm.end(), g.root));
  for (uint32_t i = 1; i < n; ++i) {
    if (!chance(rng, 0.05)) {
      const uint32_t parent = chance(rng, 0.5) ? i - 1 : uniform(rng, 0, i - 1);
      g.edges.push_back({perm[parent], perm[i], true, 0});
    }
  }
  while (g.edges.size() < m) {
    const uint32_t a = uniform(rng, 0, n - 1);
    const uint32_t b =
        chance(rng, 0.5) ? uniform(rng, 0, n - 1) : std::min(n - 1, a + uniform(rng, 0, 64));
    g.edges.push_back({perm[a], perm[b], true, 0});
  }
  std::shuffle(g.edges.begin(), g.edges.end(), rng);
  randomize_flags(g, rng, 0.2);

  auto start = std::chrono::steady_clock::now();
  const Expected ex = oracle(g);
  const double oracle_secs = seconds_since(start);
  const CsrGraph csr = to_csr(g);
  FlowGraph flow = csr.flow(g);
  flow.threads = 2;  // as the analysis runs it
  start = std::chrono::steady_clock::now();
  const DominatorTree t = compute_dominator_tree(flow);
  const double impl_secs = seconds_since(start);
  std::printf(
      "[   info   ] %u nodes, %zu edges (%u reachable, %u orphans): Boost %.3f s, "
      "compute_dominator_tree %.3f s\n",
      n, g.edges.size(), ex.reachable_count, ex.orphan_count, oracle_secs, impl_secs);
  EXPECT_GT(ex.orphan_count, 0u);
  EXPECT_LT(ex.reachable_count, n);
  const std::string problem = compare(g, ex, t);
  EXPECT_EQ(problem, "") << describe(g);
}

}  // namespace
}  // namespace heapleak
