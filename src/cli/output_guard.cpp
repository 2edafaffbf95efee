#include "cli/output_guard.hpp"

#include <sys/stat.h>

#include "common/errors.hpp"
#include "common/output_target.hpp"
#include "data/input_files.hpp"

namespace dlogit::cli {
namespace {

// The files a path or glob names, as the readers resolve them; none when it resolves to nothing usable
// (the reader itself reports that, naming the path).
std::vector<data::InputFile> files_of(const std::string& pattern) {
  try {
    return data::resolve_inputs(pattern).files;
  } catch (const InputError&) {
    return {};
  }
}

}  // namespace

void refuse_output_that_is_an_input(const std::string& output, const std::vector<std::string>& inputs) {
  struct stat out {};
  if (output.empty() || is_standard_output(output) || ::stat(output.c_str(), &out) != 0) return;
  for (const std::string& pattern : inputs) {
    for (const data::InputFile& input : files_of(pattern)) {
      struct stat in {};
      if (::stat(input.path.c_str(), &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino) {
        throw ConfigError("--output " + output + " is the input file " + input.path +
                          ": writing it would destroy the input; choose another --output");
      }
    }
  }
}

}  // namespace dlogit::cli
