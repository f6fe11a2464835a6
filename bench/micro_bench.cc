// Micro-benchmarks of hot paths on synthetic input of a known size: the loader (number scanner,
// comma counter, string path) as MB/s, class names and the dominator pass as items/s.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "heapleak/analysis/class_names.h"
#include "heapleak/analysis/dominator_tree.h"
#include "heapleak/input/byte_source.h"
#include "heapleak/snapshot/load.h"
#include "snapshot/number_array.h"

namespace {

// A snapshot with `n` nodes in V8's 7-field layout, 3 edges each, written to a temp file.
std::string synthetic_snapshot(uint32_t n) {
  std::mt19937 rng(42);
  std::string s =
      R"({"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],)"
      R"("node_types":[["hidden","array","string","object","code","closure","regexp","number","native","synthetic"],"string","number","number","number","number","number"],)"
      R"("edge_fields":["type","name_or_index","to_node"],"edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"]},)";
  s += "\"node_count\":" + std::to_string(n) +
       ",\"edge_count\":" + std::to_string(uint64_t{n} * 3) + "},\n\"nodes\":[";
  for (uint32_t i = 0; i < n; ++i) {
    if (i) s += ",\n";
    s += std::to_string(rng() % 10) + "," + std::to_string(rng() % 1000) + "," +
         std::to_string(2 * i + 1) + "," + std::to_string(rng() % 200) + ",3,0,0";
  }
  s += "],\n\"edges\":[";
  for (uint64_t e = 0; e < uint64_t{n} * 3; ++e) {
    if (e) s += ",\n";
    s += "2," + std::to_string(rng() % 1000) + "," + std::to_string((rng() % n) * 7);
  }
  s += "],\n\"strings\":[";
  for (int i = 0; i < 1000; ++i)
    s += (i ? ",\n\"" : "\"") + std::string("name_") + std::to_string(i) + "\"";
  s += "]}\n";
  return s;
}

const std::string& snapshot_file() {
  static const std::string path = [] {
    const std::string p = "/tmp/heapleak-micro-bench.heapsnapshot";
    FILE* f = std::fopen(p.c_str(), "wb");
    const std::string text = synthetic_snapshot(1'000'000);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    return p;
  }();
  return path;
}

void BM_LoadSnapshot(benchmark::State& state) {
  const std::string& path = snapshot_file();
  heapleak::LoadOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  uint64_t bytes = 0;
  for (auto _ : state) {
    auto r = heapleak::load_snapshot(path, options);
    if (!r.ok()) state.SkipWithError(r.error().what());
    bytes = r->info.json_bytes;
    benchmark::DoNotOptimize(r->snapshot.node_count());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_LoadSnapshot)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CountCommas(benchmark::State& state) {
  const std::string text = synthetic_snapshot(200'000);
  for (auto _ : state) {
    benchmark::DoNotOptimize(heapleak::detail::count_byte(text.data(), text.size(), ','));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_CountCommas);

void BM_ClassNames(benchmark::State& state) {
  auto r = heapleak::load_snapshot(std::string(HEAPLEAK_SOURCE_DIR) +
                                   "/fixtures/node/plain.heapsnapshot.gz");
  if (!r.ok()) {
    state.SkipWithError(r.error().what());
    return;
  }
  const auto& s = r->snapshot;
  for (auto _ : state) {
    const auto d = heapleak::Detachedness::compute(s);
    benchmark::DoNotOptimize(heapleak::ClassNames::compute(s, d).class_count());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * s.node_count()));
}
BENCHMARK(BM_ClassNames)->Unit(benchmark::kMillisecond);

// A heap-shaped graph for the dominator pass: 1 M nodes, each with an edge to one of 200
// "maps" (the hot targets that hold most back edges in real V8 snapshots) and two edges to
// nearby or random nodes, so the DFS meets tree, forward, back and cross edges.
struct HeapShapedGraph {
  static constexpr uint32_t kNodes = 1'000'000;
  std::vector<heapleak::EdgeIndex> first_edge;
  std::vector<uint32_t> edge_words;
  HeapShapedGraph() {
    std::mt19937 rng(7);
    first_edge.reserve(kNodes + 1);
    for (uint32_t v = 0; v < kNodes; ++v) {
      first_edge.push_back(static_cast<heapleak::EdgeIndex>(edge_words.size()));
      if (v < 200) continue;  // the maps themselves
      edge_words.push_back(static_cast<uint32_t>(1 + rng() % 199));
      edge_words.push_back(std::min<uint32_t>(kNodes - 1, v + 1 + rng() % 64));
      edge_words.push_back(static_cast<uint32_t>(rng() % kNodes));
    }
    first_edge.push_back(static_cast<heapleak::EdgeIndex>(edge_words.size()));
  }
};

// Argument: threads (2 groups the back edges beside the semidominator loop, as the analysis
// does).
void BM_Dominators(benchmark::State& state) {
  static const HeapShapedGraph g;
  const heapleak::FlowGraph flow{HeapShapedGraph::kNodes,
                                 0,
                                 g.first_edge,
                                 g.edge_words,
                                 nullptr,
                                 static_cast<unsigned>(state.range(0))};
  for (auto _ : state) {
    benchmark::DoNotOptimize(heapleak::compute_dominator_tree(flow).reachable_count);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * HeapShapedGraph::kNodes));
}
BENCHMARK(BM_Dominators)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
