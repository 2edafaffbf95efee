#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/errors.hpp"
#include "optim/optimizer_state.hpp"
#include "train/run_record.hpp"

namespace dlogit::train {

// Named values that identify what a checkpoint was trained on; resuming requires equal ones.
using Fingerprint = std::vector<std::pair<std::string, std::string>>;

// Everything rank 0 needs to continue a run: the optimizer's complete state (parameters, iteration,
// history, step sizes, counters), the trace so far, and what the run was trained on.
struct Checkpoint {
  optim::OptimizerState optimizer;
  std::vector<TraceRow> trace;
  Fingerprint config_fingerprint;  // training-relevant config keys
  Fingerprint data_fingerprint;    // rows, features, nonzeros, label mapping, row weights, content
  // The MPI ranks and threads per rank of the run that wrote it (0: not recorded, format 2). Another
  // count resumes to the same optimum, but not bitwise: sums are split differently.
  int ranks = 0;
  int threads = 0;
};

// What a checkpoint file holds, by reference: the driver writes one from the optimizer's live state
// (Optimizer::current_state()) and its own trace, so that no second copy of the state (the L-BFGS
// history: 2 m vectors of the model's size) exists while it is written. The file is the same as that of
// the Checkpoint with these values.
struct CheckpointView {
  const optim::OptimizerState& optimizer;
  const std::vector<TraceRow>& trace;
  const Fingerprint& config_fingerprint;
  const Fingerprint& data_fingerprint;
  int ranks = 0;
  int threads = 0;

  static CheckpointView of(const Checkpoint& checkpoint) {
    return {checkpoint.optimizer,        checkpoint.trace, checkpoint.config_fingerprint,
            checkpoint.data_fingerprint, checkpoint.ranks, checkpoint.threads};
  }
};

// 3: the rank and thread counts after the fields of 2. 2: the optimizer state as typed fields per
// method (optim/optimizer_state.hpp); 1 held it as maps of named scalars, vectors and sequences.
// This dlogit writes 3 and reads 2 and 3, so that checkpoints of the previous release still resume.
constexpr unsigned kCheckpointFormatVersion = 3;
constexpr unsigned kOldestCheckpointFormatVersion = 2;

// A checkpoint written in another format version, i.e. by another version of dlogit.
class CheckpointVersionError : public UserError {
 public:
  using UserError::UserError;
};

// A Boost.Serialization binary archive of Checkpoint in the checked envelope of common/checked_file.hpp
// (magic, format version, CRC-32; written crash-safe), as `dir`/ckpt-<iteration>.bin. Afterwards only
// the newest `keep` valid checkpoints are kept, with the files older than them: a file with a
// checkpoint's name that does not verify (truncated, corrupt, not a checkpoint, another format) takes
// no place (one newer than the kept ones is left alone). `verified`: paths already known to verify
// (this writer's own), which are not read again; updated. Throws UserError naming the file on any
// failure; earlier checkpoints stay valid.
std::string write_checkpoint(const CheckpointView& checkpoint, const std::string& dir, int keep,
                             std::set<std::string>* verified = nullptr);
inline std::string write_checkpoint(const Checkpoint& checkpoint, const std::string& dir, int keep,
                                    std::set<std::string>* verified = nullptr) {
  return write_checkpoint(CheckpointView::of(checkpoint), dir, keep, verified);
}

// Reads and verifies one checkpoint file. Throws UserError naming the file when it is missing,
// truncated or corrupt (checksum), CheckpointVersionError naming it and both versions when it is of
// another format version.
Checkpoint read_checkpoint(const std::string& path);

bool is_checkpoint_file(const std::string& path);

// Checkpoint files in `dir`, newest (highest iteration) first.
std::vector<std::string> list_checkpoints(const std::string& dir);

struct FoundCheckpoint {
  std::string path;
  Checkpoint checkpoint;
};
// The newest checkpoint in `dir` that verifies; each newer one that does not is reported through `warn`.
// A checkpoint of another format version is not skipped (the run would start over, and keeping the
// newest `keep` files would then delete the old ones): it throws CheckpointVersionError, which says how
// to start over deliberately.
std::optional<FoundCheckpoint> newest_valid_checkpoint(const std::string& dir,
                                                       const std::function<void(const std::string&)>& warn);

// The data fingerprint's entry of the rows' content (fingerprints.hpp); checkpoints written before it
// existed lack it, and are not refused for that.
inline constexpr const char* kContentKey = "rows' content hash (labels, indices, values)";

// The first difference between two fingerprints as "name is A in the checkpoint, B now", or "" if equal.
// An entry the checkpoint lacks differs, except kContentKey.
std::string fingerprint_difference(const Fingerprint& saved, const Fingerprint& current);

}  // namespace dlogit::train
