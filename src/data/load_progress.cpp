#include "data/load_progress.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace dlogit::data {
namespace {

thread_local LoadProgress* active = nullptr;

double interval_seconds() {
  if (const char* text = std::getenv("DLOGIT_PROGRESS_SECONDS")) {
    char* end = nullptr;
    const double seconds = std::strtod(text, &end);
    if (end != text && *end == '\0' && seconds > 0.0) return seconds;
  }
  return LoadProgress::default_interval_seconds;
}

}  // namespace

LoadProgress::LoadProgress(std::string what, std::uint64_t expected_bytes, bool enabled)
    : what_(std::move(what)), expected_(expected_bytes) {
  if (!enabled) return;
  interval_ = interval_seconds();
  start_ = Clock::now();
  next_line_ = start_ + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval_));
  previous_ = active;
  active = this;
}

LoadProgress::~LoadProgress() {
  if (active == this) active = previous_;
}

void LoadProgress::add(std::uint64_t bytes) {
  done_ += bytes;
  const Clock::time_point now = Clock::now();
  if (now < next_line_) return;
  next_line_ = now + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval_));
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0.0 ? static_cast<double>(done_) / seconds : 0.0;
  // The expected size is an estimate (a line past a rank's share, a counting pass); never show more
  // than 99% or a negative time before the load is over.
  const double expected = std::max(static_cast<double>(expected_), static_cast<double>(done_) * 1.01);
  const double left = rate > 0.0 ? (expected - static_cast<double>(done_)) / rate : 0.0;
  std::fprintf(stderr, "loading %s: %.1f of %.1f MB read (%.0f%%), %.1f MB/s, about %.0f s left\n", what_.c_str(),
               static_cast<double>(done_) / 1e6, expected / 1e6, 100.0 * static_cast<double>(done_) / expected,
               rate / 1e6, left);
  std::fflush(stderr);
}

void note_bytes_read(std::uint64_t bytes) {
  if (active != nullptr && bytes > 0) active->add(bytes);
}

}  // namespace dlogit::data
