#pragma once

namespace dlogit::train {

// SIGTERM / SIGINT handling for graceful preemption. The first signal only sets a flag, which the
// ranks fold into the next evaluation's allreduce, so all of them agree to stop at the same
// iteration; rank 0 then writes a checkpoint. A second signal exits at once with kExitSecondSignal.
class StopSignal {
 public:
  // Installs the handlers (idempotent).
  static void install();
  static bool requested();
  // For tests: behave as if a signal had arrived (or clear the flag).
  static void set_for_testing(bool requested);
};

constexpr int kExitSecondSignal = 130;

}  // namespace dlogit::train
