#include "snapshot/chunk_workers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <stdexcept>
#include <vector>

namespace heapleak::detail {
namespace {

TEST(ChunkWorkers, EveryJobsResultReachesItsOwnFuture) {
  ChunkWorkers workers(2);
  std::vector<std::future<int>> results;
  for (int i = 0; i < 1000; ++i) results.push_back(workers.submit([i] { return i * i; }));
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(results[i].get(), i * i);
}

TEST(ChunkWorkers, WhatAJobThrowsReachesItsFutureAndTheWorkersGoOn) {
  ChunkWorkers workers(2);
  auto failing = workers.submit([]() -> int { throw std::runtime_error("chunk 3 is bad"); });
  auto fine = workers.submit([] { return 7; });
  EXPECT_THROW(
      {
        try {
          failing.get();
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "chunk 3 is bad");
          throw;
        }
      },
      std::runtime_error);
  EXPECT_EQ(fine.get(), 7);
  EXPECT_EQ(workers.submit([] { return 8; }).get(), 8);
}

TEST(ChunkWorkers, JobsStillQueuedRunBeforeTheWorkersStop) {
  std::atomic<int> ran = 0;
  std::vector<std::future<void>> done;
  {
    ChunkWorkers workers(1);
    for (int i = 0; i < 200; ++i) done.push_back(workers.submit([&ran] { ++ran; }));
  }
  EXPECT_EQ(ran.load(), 200);
  for (auto& f : done) EXPECT_EQ(f.wait_for(std::chrono::seconds(0)), std::future_status::ready);
}

}  // namespace
}  // namespace heapleak::detail
