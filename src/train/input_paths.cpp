#include "train/input_paths.hpp"

#include <filesystem>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "comm/agreement.hpp"
#include "common/errors.hpp"
#include "data/input_files.hpp"

namespace dlogit::train {
namespace {

std::string resolved_hint(const std::string& path) {
  const std::filesystem::path given(path);
  if (given.is_absolute()) return "";
  std::error_code error;
  const std::filesystem::path cwd = std::filesystem::current_path(error);
  if (error) return " (relative paths are relative to the working directory)";
  return " (relative paths are relative to the working directory, not the config file: this one resolved to " +
         (cwd / given).lexically_normal().string() + ")";
}

void check_one(const config::Config& config, const std::string& key, const std::string& path) {
  try {
    data::resolve_inputs(path);
  } catch (const InputError& problem) {
    const std::string where = config.where(key);
    const std::string named = where.find(key) == std::string::npos ? where + ": '" + key + "'" : where;
    throw UserError(named + ": " + problem.what() + resolved_hint(path));
  }
}

}  // namespace

void check_input_paths(const config::Config& config, comm::Communicator& comm) {
  std::vector<std::pair<std::string, std::string>> paths;
  if (!config.synthetic.rows) paths.emplace_back("data.train", config.data.train);
  if (config.data.test && !config.synthetic.test_rows) paths.emplace_back("data.test", *config.data.test);
  if (config.data.weights) paths.emplace_back("data.weights", *config.data.weights);
  // Every rank looks (a node-local file may be missing on one node only); when rank 0 misses it too,
  // it alone speaks, so one missing file is one line, not one per rank.
  comm::on_every_rank(
      comm, "a data file is missing on another rank",
      [&] {
        for (const auto& [key, path] : paths) check_one(config, key, path);
      },
      comm::FailureVoice::root_if_failed);
}

}  // namespace dlogit::train
