#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace dlogit::model {

// A fixed team of threads for the fused passes, created once and reused for every pass, so a pass
// allocates nothing and starts no thread. Thread 0 is the caller.
class PassThreads {
 public:
  using Task = std::function<void(int thread)>;

  // threads >= 1; 1 runs everything on the caller.
  explicit PassThreads(int threads);
  ~PassThreads();
  PassThreads(const PassThreads&) = delete;
  PassThreads& operator=(const PassThreads&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs task(t) for every t in [0, size()) and returns when all have returned. The task must not
  // throw. It is taken by reference (no copy, no allocation): the caller keeps it alive during run.
  void run(const Task& task);

 private:
  void work(int thread);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_;
  std::condition_variable done_;
  const Task* task_ = nullptr;
  std::uint64_t generation_ = 0;
  int running_ = 0;
  bool stopping_ = false;
};

// requested <= 0: one per hardware thread. (The trainer passes runtime.threads already resolved, with
// 0 meaning the affinity mask: train/thread_count.hpp.)
int resolve_thread_count(int requested);

}  // namespace dlogit::model
