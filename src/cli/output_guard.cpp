#include "cli/output_guard.hpp"

#include <glob.h>
#include <sys/stat.h>

#include "common/errors.hpp"

namespace dlogit::cli {
namespace {

// The files a path or glob names (none when it matches nothing: the reader reports that itself).
std::vector<std::string> matches(const std::string& pattern) {
  glob_t found{};
  std::vector<std::string> paths;
  if (::glob(pattern.c_str(), 0, nullptr, &found) == 0) {
    for (std::size_t i = 0; i < found.gl_pathc; ++i) paths.emplace_back(found.gl_pathv[i]);
  }
  ::globfree(&found);
  return paths;
}

}  // namespace

void refuse_output_that_is_an_input(const std::string& output, const std::vector<std::string>& inputs) {
  struct stat out {};
  if (output.empty() || ::stat(output.c_str(), &out) != 0) return;
  for (const std::string& pattern : inputs) {
    for (const std::string& input : matches(pattern)) {
      struct stat in {};
      if (::stat(input.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
        throw ConfigError("--output " + output + " is the input file " + input +
                        ": writing it would destroy the input; choose another --output");
      }
    }
  }
}

}  // namespace dlogit::cli
