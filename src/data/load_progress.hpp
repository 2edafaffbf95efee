#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace dlogit::data {

// Progress of one rank's load, printed to stderr (standard output may be predict's output) by the one
// object that asked for it: a line every progress_interval while the bytes come in, so a load that
// takes a few seconds prints nothing and a long one shows it is alive:
//   loading data/big.svm.xz: 120.0 of 800.0 MB read (15%), 40.0 MB/s, about 17 s left
// The readers report the bytes they take from the files (compressed bytes for a compressed file)
// through note_bytes_read(), which costs nothing when no LoadProgress is active; a LoadProgress is
// active from its construction to its destruction, on its own thread.
class LoadProgress {
 public:
  // A line at most this often; DLOGIT_PROGRESS_SECONDS (a number > 0) overrides it, for tests.
  static constexpr double default_interval_seconds = 5.0;

  // `what` names the input; `expected_bytes` is what the load will read (an estimate: the percentage
  // and time left are clamped). Not `enabled`: nothing is printed (other ranks, --quiet).
  LoadProgress(std::string what, std::uint64_t expected_bytes, bool enabled);
  ~LoadProgress();
  LoadProgress(const LoadProgress&) = delete;
  LoadProgress& operator=(const LoadProgress&) = delete;

  void add(std::uint64_t bytes);

 private:
  using Clock = std::chrono::steady_clock;
  std::string what_;
  std::uint64_t expected_ = 0;
  std::uint64_t done_ = 0;
  double interval_ = default_interval_seconds;
  Clock::time_point start_;
  Clock::time_point next_line_;
  LoadProgress* previous_ = nullptr;
};

// Adds `bytes` to the active LoadProgress of this thread, if any.
void note_bytes_read(std::uint64_t bytes);

}  // namespace dlogit::data
