#include "run_dlogit.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <algorithm>
#include <array>
#include <iterator>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/test_paths.hpp"

namespace dlogit::test {

RunOutcome run_dlogit(int ranks, const std::string& arguments, int timeout_seconds, const std::string& environment) {
  return run_shell((environment.empty() ? "" : "env " + environment + " ") + "timeout -k 5 " +
                   std::to_string(timeout_seconds) + " " + mpirun() + " " + std::to_string(ranks) + " " +
                   dlogit_binary() + " " + arguments);
}

RunOutcome run_shell(const std::string& shell_command) {
  const std::string command = shell_command + " 2>&1";
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

BackgroundRun::BackgroundRun(int ranks, const std::string& arguments, const std::string& log_path, int timeout_seconds) {
  const std::string command = "exec timeout -k 5 " + std::to_string(timeout_seconds) + " " + mpirun() + " " +
                              std::to_string(ranks) + " " + dlogit_binary() + " " + arguments + " > " + log_path +
                              " 2>&1";
  pid_ = fork();
  if (pid_ == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid_ < 0) throw std::runtime_error("fork failed");
}

BackgroundRun::~BackgroundRun() {
  if (exit_code_ < 0 && pid_ > 0) {
    kill(pid_, SIGKILL);
    wait();
  }
}

int BackgroundRun::wait() {
  if (exit_code_ >= 0) return exit_code_;
  int status = 0;
  waitpid(pid_, &status, 0);
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return exit_code_;
}

bool signal_one_rank(const std::string& marker, int signal) {
  // The newest process running the dlogit binary with `marker` in its arguments: a rank, not mpirun
  // or a shell (their argv[0] differs).
  int newest = -1;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(entry.path() / "cmdline", std::ios::binary);
    std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string argv0 = cmdline.substr(0, cmdline.find('\0'));
    std::replace(cmdline.begin(), cmdline.end(), '\0', ' ');
    if (argv0 == dlogit_binary() && cmdline.find(marker) != std::string::npos) newest = std::max(newest, std::stoi(name));
  }
  return newest > 0 && kill(newest, signal) == 0;
}

bool wait_for_file(const std::string& dir, const std::string& prefix, double timeout_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code error;
    for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
      if (it->path().filename().string().rfind(prefix, 0) == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

bool same_bytes(const std::string& a, const std::string& b) { return read_text(a) == read_text(b); }

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

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace dlogit::test
