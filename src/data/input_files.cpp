#include "data/input_files.hpp"

#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/errors.hpp"

namespace dlogit::data {
namespace {

bool has_glob_magic(const std::string& pattern) {
  return pattern.find_first_of("*?[") != std::string::npos;
}

std::vector<std::string> expand(const std::string& pattern) {
  glob_t matches{};
  const int status = ::glob(pattern.c_str(), 0, nullptr, &matches);
  std::vector<std::string> paths;
  if (status == 0) {
    for (std::size_t i = 0; i < matches.gl_pathc; ++i) paths.emplace_back(matches.gl_pathv[i]);
  }
  ::globfree(&matches);
  if (status == GLOB_NOSPACE) throw InputError("out of memory expanding data path '" + pattern + "'");
  if (status == GLOB_ABORTED) throw InputError("cannot read the directory of data path '" + pattern + "'");
  if (paths.empty()) {
    throw InputError(has_glob_magic(pattern) ? "no data files match '" + pattern + "'"
                                             : "data file '" + pattern + "' not found");
  }
  // glob(3) sorts with strcoll; a bytewise order does not depend on the locale of each rank.
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

InputSet resolve_inputs(const std::string& pattern) {
  if (pattern.empty()) throw InputError("no data file given (empty path)");
  InputSet inputs;
  for (std::string& path : expand(pattern)) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
      throw InputError("cannot open data file '" + path + "': " + std::strerror(errno));
    }
    if (!S_ISREG(info.st_mode)) throw InputError("data path '" + path + "' is not a regular file");
    // Checked here, where every rank sees the same answer, rather than by whichever rank reads it.
    if (::access(path.c_str(), R_OK) != 0) {
      throw InputError("cannot read data file '" + path + "': " + std::strerror(errno));
    }
    const auto size = static_cast<std::uint64_t>(info.st_size);
    const Compression compression = detect_file_compression(path);
    inputs.files.push_back({std::move(path), inputs.total_size, size, compression});
    inputs.total_size += size;
  }
  return inputs;
}

}  // namespace dlogit::data
