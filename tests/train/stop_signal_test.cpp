#include "train/stop_signal.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>

using dlogit::train::StopSignal;

TEST_CASE("the first SIGTERM only sets the stop flag, the second exits at once with 130") {
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    StopSignal::install();
    std::raise(SIGTERM);
    if (!StopSignal::requested()) _exit(10);  // the first signal must only set the flag
    std::raise(SIGINT);
    _exit(11);  // not reached: the second signal exits
  }
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == dlogit::train::kExitSecondSignal);
}

TEST_CASE("the stop flag starts clear and can be set and cleared") {
  StopSignal::set_for_testing(false);
  CHECK_FALSE(StopSignal::requested());
  StopSignal::set_for_testing(true);
  CHECK(StopSignal::requested());
  StopSignal::set_for_testing(false);
}
