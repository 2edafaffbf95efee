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
  print(Verbosity::quiet, format, args);
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

}  // namespace dlogit::train
