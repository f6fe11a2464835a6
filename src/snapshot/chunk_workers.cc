#include "snapshot/chunk_workers.h"

namespace heapleak::detail {

ChunkWorkers::ChunkWorkers(unsigned threads) {
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

ChunkWorkers::~ChunkWorkers() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  job_ready_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void ChunkWorkers::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      job_ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, with nothing left to run
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    job();  // a packaged_task: what the job throws goes to its future
  }
}

}  // namespace heapleak::detail
