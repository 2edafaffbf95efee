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
  Console(bool is_root, Verbosity verbosity) : is_root_(is_root), verbosity_(verbosity) {}

  // Whether a line at this level would be printed (to skip building it).
  bool shows(Verbosity level) const { return is_root_ && verbosity_ >= level; }
  Verbosity verbosity() const { return verbosity_; }

  // printf-style; the line end is added.
  void summary(const char* format, ...) const __attribute__((format(printf, 2, 3)));   // even when quiet
  void normal(const char* format, ...) const __attribute__((format(printf, 2, 3)));
  void verbose(const char* format, ...) const __attribute__((format(printf, 2, 3)));

 private:
  void print(Verbosity level, const char* format, std::va_list args) const;

  bool is_root_;
  Verbosity verbosity_;
};

}  // namespace dlogit::train
