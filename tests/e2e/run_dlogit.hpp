#pragma once
#include <string>
#include <vector>

// Runs the dlogit binary on N ranks through launch/mpirun, under `timeout`, and captures what it did.
namespace dlogit::test {

struct RunOutcome {
  int exit_code = -1;  // 124 when the time limit killed it
  std::string out;     // stdout and stderr together
};

// `environment`: "NAME=value ..." assignments put before the command (empty: none).
RunOutcome run_dlogit(int ranks, const std::string& arguments, int timeout_seconds = 120,
                      const std::string& environment = "");

// Runs a shell command (which brings its own `timeout`), stdout and stderr together.
RunOutcome run_shell(const std::string& shell_command);

// A run in the background (for killing or signalling it mid-way).
class BackgroundRun {
 public:
  BackgroundRun(int ranks, const std::string& arguments, const std::string& log_path, int timeout_seconds = 120);
  ~BackgroundRun();
  // Waits for the whole job to end and returns its exit code (124: the time limit).
  int wait();

 private:
  int pid_ = -1;
  int exit_code_ = -1;
};

// Sends `signal` to one rank: the newest dlogit process whose arguments contain `marker`; false if none.
bool signal_one_rank(const std::string& marker, int signal);
// Waits until a file whose name starts with `prefix` appears in `dir`; false on timeout.
bool wait_for_file(const std::string& dir, const std::string& prefix, double timeout_seconds);
bool same_bytes(const std::string& a, const std::string& b);

// The number stored under "key" in a flat-ish JSON file such as result.json (first occurrence).
double json_number(const std::string& path, const std::string& key);
std::string read_text(const std::string& path);
// The lines of `text`, without their line ends.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace dlogit::test
