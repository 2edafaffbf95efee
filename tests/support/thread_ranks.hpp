#pragma once
// Ranks as threads of one process: every collective protocol of dlogit (loading, agreement, the rank
// protocol, the driver, the path, the AUC) runs on 1-4 in-process ranks in milliseconds, without MPI.
// Shared by the unit tests of every folder and by the fuzzers.
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "comm/communicator.hpp"

namespace dlogit::test {

// The meeting point of the in-process ranks: every collective is one exchange of equal-sized blocks.
class ThreadGroup {
 public:
  explicit ThreadGroup(int size) : size_(size), slots_(static_cast<std::size_t>(size)) {}

  // Every rank contributes `count` values; all get everyone's, rank 0 first.
  void exchange(int rank, const double* send, std::size_t count, double* recv) {
    std::unique_lock<std::mutex> lock(mutex_);
    const long generation = generation_;
    slots_[static_cast<std::size_t>(rank)].assign(send, send + count);
    if (++arrived_ == size_) {
      gathered_.clear();
      for (const auto& slot : slots_) gathered_.insert(gathered_.end(), slot.begin(), slot.end());
      arrived_ = 0;
      ++generation_;
      changed_.notify_all();
    } else {
      changed_.wait(lock, [&] { return generation_ != generation; });
    }
    std::copy(gathered_.begin(), gathered_.begin() + static_cast<long>(count) * size_, recv);
    ++calls_[static_cast<std::size_t>(rank)];
  }
  int size() const { return size_; }
  std::vector<int> calls() const { return calls_; }

 private:
  int size_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::vector<double>> slots_;
  std::vector<double> gathered_;
  int arrived_ = 0;
  long generation_ = 0;
  std::vector<int> calls_ = std::vector<int>(static_cast<std::size_t>(size_), 0);
};

class ThreadCommunicator final : public comm::Communicator {
 public:
  ThreadCommunicator(ThreadGroup& group, int rank) : group_(group), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return group_.size(); }
  void allreduce_sum(double* data, std::size_t count) override { reduce(data, count, false); }
  void allreduce_max(double* data, std::size_t count) override { reduce(data, count, true); }
  void broadcast(double* data, std::size_t count, int root) override {
    std::vector<double> all(count * static_cast<std::size_t>(size()));
    group_.exchange(rank_, data, count, all.data());
    std::copy(all.begin() + static_cast<long>(count) * root, all.begin() + static_cast<long>(count) * (root + 1), data);
  }
  void allgather(const double* send, std::size_t count, double* recv) override {
    group_.exchange(rank_, send, count, recv);
  }
  [[noreturn]] void abort(int) override { std::terminate(); }

 private:
  void reduce(double* data, std::size_t count, bool max) {
    std::vector<double> all(count * static_cast<std::size_t>(size()));
    group_.exchange(rank_, data, count, all.data());
    for (std::size_t i = 0; i < count; ++i) {
      double result = all[i];
      for (int r = 1; r < size(); ++r) {
        const double value = all[static_cast<std::size_t>(r) * count + i];
        result = max ? std::max(result, value) : result + value;
      }
      data[i] = result;
    }
  }
  ThreadGroup& group_;
  int rank_;
};

// Runs body(rank, comm) on `ranks` threads; returns each rank's exception (null if none).
inline std::vector<std::exception_ptr> run_ranks(int ranks,
                                                 const std::function<void(int, comm::Communicator&)>& body,
                                                 std::vector<int>* collective_calls = nullptr) {
  ThreadGroup group(ranks);
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(ranks));
  std::vector<std::thread> threads;
  for (int r = 0; r < ranks; ++r) {
    threads.emplace_back([&, r] {
      ThreadCommunicator comm(group, r);
      try {
        body(r, comm);
      } catch (...) {
        errors[static_cast<std::size_t>(r)] = std::current_exception();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  if (collective_calls != nullptr) *collective_calls = group.calls();
  return errors;
}

}  // namespace dlogit::test
