#include "train/console.hpp"

#include <cstdio>

namespace dlogit::train {

void Console::print(Verbosity level, const char* format, std::va_list args) const {
  if (!shows(level)) return;
  std::vfprintf(stdout, format, args);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void Console::summary(const char* format, ...) const {
  std::va_list args;
  va_start(args, format);
  print(summary_level_, format, args);
  va_end(args);
}

void Console::normal(const char* format, ...) const {
  std::va_list args;
  va_start(args, format);
  print(Verbosity::normal, format, args);
  va_end(args);
}

void Console::verbose(const char* format, ...) const {
  std::va_list args;
  va_start(args, format);
  print(Verbosity::verbose, format, args);
  va_end(args);
}

bool IterationLineCadence::wants(int iteration, double seconds) {
  bool wanted = false;
  if (log_every_ > 0) {
    wanted = iteration == 1 || iteration % log_every_ == 0;
  } else {
    wanted = printed_ < first_lines || seconds - last_printed_seconds_ >= min_seconds;
  }
  if (wanted) {
    ++printed_;
    last_printed_seconds_ = seconds;
  }
  return wanted;
}

}  // namespace dlogit::train
