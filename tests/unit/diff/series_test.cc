#include "heapleak/diff/series.h"

#include <gtest/gtest.h>

namespace heapleak {
namespace {

TEST(Series, Verdicts) {
  EXPECT_EQ(assess_series({1, 2, 3}).trend, Trend::kGrowing);
  EXPECT_EQ(assess_series({1, 3, 2, 4}).trend, Trend::kNoisy);
  EXPECT_EQ(assess_series({1, 1, 1}).trend, Trend::kStable);
  EXPECT_EQ(assess_series({5, 6, 5}).trend, Trend::kStable);
  EXPECT_EQ(assess_series({5, 3, 4}).trend, Trend::kShrinking);
  EXPECT_EQ(assess_series({0, 20, 40, 40}).trend, Trend::kNoisy);  // plateau: not every step
}

TEST(Series, ChangesBelowTheNoiseFloorAreStable) {
  // 800 KB moving by 3 KB (0.4%) every step is not growth; 1% of the first value is the floor.
  const std::vector<uint64_t> retained{800'000, 803'000, 806'000};
  EXPECT_EQ(noise_floor(retained, 1024), 8'000u);
  EXPECT_EQ(assess_series(retained, noise_floor(retained, 1024)).trend, Trend::kStable);
  const std::vector<uint64_t> grown{800'000, 805'000, 810'000};
  EXPECT_EQ(assess_series(grown, noise_floor(grown, 1024)).trend, Trend::kGrowing);
  EXPECT_EQ(noise_floor({0, 10}, 1), 1u);  // the absolute floor when the start is small
}

TEST(Series, SlopeIsLeastSquares) {
  EXPECT_DOUBLE_EQ(assess_series({10, 20, 30}).slope, 10.0);
  EXPECT_DOUBLE_EQ(assess_series({0, 20, 40, 40}).slope, 14.0);  // by hand: 140 / 10
  EXPECT_DOUBLE_EQ(assess_series({7, 7, 7, 7}).slope, 0.0);
  EXPECT_TRUE(assess_series({0, 20, 40}).constant_step);
  EXPECT_EQ(assess_series({0, 20, 40}).step, 20);
  EXPECT_FALSE(assess_series({0, 20, 41}).constant_step);
  EXPECT_FALSE(assess_series({5, 5, 5}).constant_step);  // no change is no leak rate
  EXPECT_FALSE(assess_series({0, 20}).constant_step);    // two values prove nothing
  EXPECT_TRUE(assess_series({1, 1, 2}).monotonic);
  EXPECT_FALSE(assess_series({1, 0, 2}).monotonic);
}

TEST(Series, CombinedTrend) {
  const SeriesStats growing = assess_series({1, 2, 3});
  const SeriesStats stable = assess_series({4, 4, 4});
  const SeriesStats shrinking = assess_series({4, 3, 2});
  const SeriesStats noisy = assess_series({1, 3, 2, 4});
  EXPECT_EQ(combined_trend(growing, stable), Trend::kGrowing);
  EXPECT_EQ(combined_trend(stable, growing), Trend::kGrowing);
  EXPECT_EQ(combined_trend(growing, shrinking), Trend::kNoisy);
  EXPECT_EQ(combined_trend(noisy, stable), Trend::kNoisy);
  EXPECT_EQ(combined_trend(stable, stable), Trend::kStable);
  EXPECT_EQ(combined_trend(shrinking, stable), Trend::kShrinking);
}

TEST(Series, ClassesAndCollectionsFollowedAcrossDigests) {
  std::vector<SnapshotDigest> digests(3);
  for (size_t i = 0; i < 3; ++i) {
    digests[i].classes[",Leak"] = {"Leak", 10 * i, 100 * i, 200 * i};
    digests[i].classes[",Stable"] = {"Stable", 5, 50, 50};
    digests[i].collection_classes = {"Map"};
    digests[i].collections.push_back({41, 0, 3 * i, 64 * (i + 1)});  // growing Map
    digests[i].collections.push_back({43, 0, 2, 64});                // unchanged: left out
    if (i != 1) digests[i].collections.push_back({45, 0, i, 64});    // missing once: left out
  }
  const SeriesResult r = build_series(digests);
  ASSERT_EQ(r.classes.size(), 2u);
  EXPECT_EQ(r.classes[0].name, "Leak");
  EXPECT_EQ(r.classes[0].trend, Trend::kGrowing);
  EXPECT_EQ(r.classes[0].counts, (std::vector<uint64_t>{0, 10, 20}));
  EXPECT_EQ(r.classes[1].trend, Trend::kStable);
  ASSERT_EQ(r.collections.size(), 1u);
  EXPECT_EQ(r.collections[0].id, 41u);
  EXPECT_EQ(r.collections[0].class_name, "Map");
  EXPECT_EQ(r.collections[0].entries, (std::vector<uint64_t>{0, 3, 6}));
  EXPECT_EQ(r.collections[0].trend, Trend::kGrowing);
}

}  // namespace
}  // namespace heapleak
