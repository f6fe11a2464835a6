#include "heapleak/diff/leak_clusters.h"

#include <gtest/gtest.h>

#include "heapleak/diff/id_index.h"
#include "heapleak/diff/leak_candidates.h"
#include "support/test_files.h"

namespace heapleak {
namespace {

using namespace heapleak::testing;

TEST(LeakClusters, NormalizationTurnsDigitRunsIntoHashes) {
  EXPECT_EQ(normalize_for_signature("Window / http://127.0.0.1:41234/app"),
            "Window / http://#.#.#.#:#/app");
  EXPECT_EQ(normalize_for_signature("[12] -> session_2024"), "[#] -> session_#");
  EXPECT_EQ(normalize_for_signature("no digits"), "no digits");
  EXPECT_EQ(normalize_for_signature(""), "");
}

TEST(LeakClusters, SignatureIsFnv1a64) {
  // Published FNV-1a 64-bit test vectors.
  EXPECT_EQ(signature_of(""), "cbf29ce484222325");
  EXPECT_EQ(signature_of("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(signature_of("foobar"), "85944171f73967e8");
}

TEST(LeakClusters, ReferenceCaseBNewAppIsTheOnlyCluster) {
  Snapshot base = load_fixture("tiny/case1.heapsnapshot");
  Snapshot current = load_fixture("tiny/case2.heapsnapshot");
  AnalysisOptions options;
  options.record_parent_edges = true;
  const HeapAnalysis a = HeapAnalysis::run(current, options);
  const IdIndex base_ids = IdIndex::build(base);
  const IdIndex current_ids = IdIndex::build(current);
  const LeakCandidates candidates =
      find_leak_candidates(current, a, current_ids, base_ids, nullptr);
  // New: App @31 and the string @33; the string is noise.
  EXPECT_EQ(candidates.surviving, 2u);
  EXPECT_EQ(candidates.dropped[static_cast<size_t>(NoiseKind::kPrimitiveOrInternal)], 1u);
  const LeakClusters clusters = cluster_leaks(current, a, candidates.nodes);
  ASSERT_EQ(clusters.clusters.size(), 1u);
  const LeakCluster& c = clusters.clusters[0];
  EXPECT_EQ(a.classes.name(c.leaked_class), "App");
  EXPECT_EQ(c.count, 1u);
  EXPECT_EQ(c.retained_size, 52u);  // App 32 + "world" 20, by hand
  EXPECT_EQ(c.normalized_path, "Window / https://a.test.app# -> App");
  EXPECT_EQ(c.signature, signature_of(c.normalized_path));
  EXPECT_EQ(c.sample_ids, (std::vector<NodeId>{31}));
}

}  // namespace
}  // namespace heapleak
