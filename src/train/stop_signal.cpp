#include "train/stop_signal.hpp"

#include <unistd.h>

#include <csignal>

namespace dlogit::train {
namespace {

volatile std::sig_atomic_t stop_requested = 0;

extern "C" void on_stop_signal(int /*signal*/) {
  if (stop_requested != 0) _exit(kExitSecondSignal);  // async-signal-safe
  stop_requested = 1;
}

}  // namespace

void StopSignal::install() {
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

bool StopSignal::requested() { return stop_requested != 0; }

void StopSignal::set_for_testing(bool requested) { stop_requested = requested ? 1 : 0; }

}  // namespace dlogit::train
