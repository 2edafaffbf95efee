#pragma once
#include <cstdarg>
#include <string>

#include "train/progress.hpp"

namespace dlogit::train {

// Rank 0's standard output while training, at the user's verbosity: one object instead of a
// Verbosity and an is_root() test at every printf. Every line is flushed (a batch job's log shows
// progress as it happens). Errors and warnings do not go through it: they always reach stderr.
class Console {
 public:
  // `log_every`: iteration lines at normal verbosity, see IterationLineCadence (0: the default cadence).
  Console(bool is_root, Verbosity verbosity, int log_every = 0)
      : is_root_(is_root), verbosity_(verbosity), log_every_(log_every) {}

  // Whether a line at this level would be printed (to skip building it).
  bool shows(Verbosity level) const { return is_root_ && verbosity_ >= level; }
  Verbosity verbosity() const { return verbosity_; }
  int log_every() const { return log_every_; }

  // For the runs inside an experiment (a fold's path): their own summary lines (a resume, "nothing
  // trained") would repeat for every fold and lambda, so they print only when the user asked for
  // --verbose, as do their normal lines; the experiment prints one line per fold instead.
  Console nested() const {
    Console inner = *this;
    inner.verbosity_ = verbosity_ == Verbosity::verbose ? Verbosity::verbose : Verbosity::quiet;
    inner.summary_level_ = Verbosity::verbose;
    return inner;
  }

  // printf-style; the line end is added.
  void summary(const char* format, ...) const __attribute__((format(printf, 2, 3)));   // even when quiet
  void normal(const char* format, ...) const __attribute__((format(printf, 2, 3)));
  void verbose(const char* format, ...) const __attribute__((format(printf, 2, 3)));

 private:
  void print(Verbosity level, const char* format, std::va_list args) const;

  bool is_root_;
  Verbosity verbosity_;
  int log_every_;
  Verbosity summary_level_ = Verbosity::quiet;  // the level summary() prints at
};

// Which iterations get a line at normal verbosity. A long run must not bury its summary under thousands
// of lines: by default the first `first_lines` iterations, then at most one line per `min_seconds`
// (the iteration then reached); with log_every = N > 0, iterations 1, N, 2N, ... instead. The last
// iteration always gets its line when the run ends, so the final state is on screen.
class IterationLineCadence {
 public:
  static constexpr int first_lines = 10;
  static constexpr double min_seconds = 1.0;

  explicit IterationLineCadence(int log_every) : log_every_(log_every) {}
  // Whether iteration `iteration` (1-based), reached `seconds` after the run started, gets its line.
  bool wants(int iteration, double seconds);

 private:
  int log_every_;
  int printed_ = 0;
  double last_printed_seconds_ = 0.0;
};

}  // namespace dlogit::train
