// Immediate dominators over flat CSR arrays (Semi-NCA: Lengauer-Tarjan semidominators with
// path compression, then nearest-common-ancestor walks), with DevTools' rules for what is not
// reachable (reference 2.8):
//  - the graph G' is the counted edges plus a virtual edge root -> v for every node v != root
//    that has no counted incoming edge (DevTools' "only weak retainers" orphans);
//  - nodes reachable from the root in G' get their ordinary immediate dominator in G';
//  - every other node (cycles reachable only from themselves) gets the root as dominator and
//    dominates nothing.
#pragma once

#include <cstdint>
#include <span>

#include "heapleak/core/bit_set.h"
#include "heapleak/core/pod_array.h"
#include "heapleak/snapshot/snapshot.h"

namespace heapleak {

// A graph in the snapshot's CSR layout: node v's edges are [first_edge[v], first_edge[v+1]),
// and an edge word holds its target ordinal in the low bits (Snapshot::kEdgeTargetMask).
struct FlowGraph {
  uint32_t node_count = 0;
  NodeOrdinal root = 0;
  std::span<const EdgeIndex> first_edge;  // node_count + 1 entries
  std::span<const uint32_t> edge_words;
  const BitSet* counted = nullptr;  // edges that take part; nullptr means all of them
  unsigned threads = 1;             // 2: the back edges are grouped on a second thread
  // Targets of at least this many back or cross edges (up to 255 of them, the largest) keep
  // their sources in a compact list of their own (tests lower it to cover that path).
  uint32_t hub_sources = 1024;
  // The DFS picks up to 127 hubs of its own, which its records hold as bytes, from the counted
  // edges of every (edges / hub_sample)-th node (tests lower it to cover that path).
  uint32_t hub_sample = uint32_t{1} << 18;
  // DFS hubs among the first max(this, node_count / 64) vertices share one pass over their byte
  // sources (tests lower it to mix those with hubs that list theirs).
  uint32_t sweep_vertices = uint32_t{1} << 16;
  // The nearest-common-ancestor walks that turn semidominators into idoms may take this many
  // steps per vertex, plus free_walk_steps, before Lengauer and Tarjan's relative dominators
  // take over (tests set both to 0 to cover that path). On the bench file the walks take 0.12
  // steps per vertex.
  uint32_t walk_steps_per_vertex = 8;
  uint64_t free_walk_steps = uint64_t{1} << 20;
};

struct DominatorTree {
  // idom[root] == root. Every node has an entry.
  PodArray<NodeOrdinal> idom;
  // Every node once, each after its dominator: the DFS preorder of G' from the root, then the
  // nodes G' does not reach. Walking it backwards visits children before their dominators.
  PodArray<NodeOrdinal> order;
  uint32_t reachable_count = 0;  // nodes reached from the root in G' (a prefix of `order`)
  uint32_t orphan_count = 0;     // nodes given a virtual root edge
};

DominatorTree compute_dominator_tree(const FlowGraph& graph);

}  // namespace heapleak
