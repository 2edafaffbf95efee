#pragma once
#include <stdexcept>
#include <string>

namespace dlogit {

// A problem the user can fix (bad config, bad data file, unwritable folder). The message names the
// file, line and key at fault. Thrown identically on every rank or agreed through a collective,
// so the program exits cleanly everywhere without MPI_Abort.
class UserError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A configuration mistake: every rank reads the same config, so every rank throws the same error.
class ConfigError : public UserError {
 public:
  using UserError::UserError;
};

// A data file mistake, found by the rank whose shard holds the bad line.
class InputError : public UserError {
 public:
  using UserError::UserError;
};

// Thrown on all ranks together after a collective agreed that some rank failed. The failing
// rank has already printed its own message, so this one is only printed by rank 0 if nobody spoke.
class AgreedFailure : public std::runtime_error {
 public:
  explicit AgreedFailure(const std::string& what, bool reported_elsewhere)
      : std::runtime_error(what), reported_elsewhere_(reported_elsewhere) {}
  bool reported_elsewhere() const { return reported_elsewhere_; }

 private:
  bool reported_elsewhere_;
};

// Thrown on every rank together after a SIGTERM/SIGINT stopped training and rank 0 wrote a
// checkpoint: the run can be resumed by running the same command again.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown on every rank together after a training finished and wrote its model, result.json and trace,
// but rank 0 could not write one or more of its checkpoints (it warned at each): the result is
// complete, a rerun would not find those checkpoints. Its own exit code (cli/commands.hpp).
class CheckpointWriteFailed : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace dlogit
