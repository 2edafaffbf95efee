#include "run_dlogit.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/test_paths.hpp"

namespace dlogit::test {

RunOutcome run_dlogit(int ranks, const std::string& arguments, int timeout_seconds) {
  const std::string command = "timeout -k 5 " + std::to_string(timeout_seconds) + " " + mpirun() + " " +
                              std::to_string(ranks) + " " + dlogit_binary() + " " + arguments + " 2>&1";
  RunOutcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  std::array<char, 4096> buffer{};
  size_t got = 0;
  while ((got = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) outcome.out.append(buffer.data(), got);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

double json_number(const std::string& path, const std::string& key) {
  const std::string text = read_text(path);
  const std::string pattern = "\"" + key + "\": ";
  const auto at = text.find(pattern);
  if (at == std::string::npos) throw std::runtime_error("no key '" + key + "' in " + path);
  return std::stod(text.substr(at + pattern.size()));
}

}  // namespace dlogit::test
