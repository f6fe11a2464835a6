// The worker threads of one load. Every section's chunks go to the same few threads, so what a
// thread builds for itself (simdjson's parser, malloc's arena, its stack) is built once per load
// rather than once per 4 MB chunk, and its memory is reused instead of faulted in again.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace heapleak::detail {

class ChunkWorkers {
 public:
  explicit ChunkWorkers(unsigned threads);
  ~ChunkWorkers();
  ChunkWorkers(const ChunkWorkers&) = delete;
  ChunkWorkers& operator=(const ChunkWorkers&) = delete;

  // Runs `job` on a worker; the future holds its result or what it threw. Unlike std::async's,
  // the future's destructor does not wait for the job.
  template <typename Job>
  std::future<std::invoke_result_t<Job>> submit(Job job) {
    auto task = std::make_shared<std::packaged_task<std::invoke_result_t<Job>()>>(std::move(job));
    auto result = task->get_future();
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back([task] { (*task)(); });
    }
    job_ready_.notify_one();
    return result;
  }

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable job_ready_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace heapleak::detail
