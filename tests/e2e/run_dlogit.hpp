#pragma once
#include <string>

// Runs the dlogit binary on N ranks through launch/mpirun, under `timeout`, and captures what it did.
namespace dlogit::test {

struct RunOutcome {
  int exit_code = -1;  // 124 when the time limit killed it
  std::string out;     // stdout and stderr together
};

RunOutcome run_dlogit(int ranks, const std::string& arguments, int timeout_seconds = 120);

// The number stored under "key" in a flat-ish JSON file such as result.json (first occurrence).
double json_number(const std::string& path, const std::string& key);
std::string read_text(const std::string& path);

}  // namespace dlogit::test
