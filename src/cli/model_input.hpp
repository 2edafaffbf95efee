#pragma once
#include <cstdio>
#include <optional>
#include <string>

#include "comm/communicator.hpp"
#include "data/load_options.hpp"
#include "model/trained_model.hpp"

namespace dlogit::cli {

// A model.bin, or a checkpoint (ckpt-*.bin) as the model of its iteration: its weights and intercept, with
// the feature count, intercept setting and label mapping of its fingerprints. For a checkpoint, `note`
// (if given) gets "using the weights of checkpoint iteration N of PATH ..." for the user.
model::TrainedModel load_model_or_checkpoint(const std::string& path, std::string* note = nullptr);

// Collective: every rank reads model.bin (or a checkpoint, which rank 0 then announces on standard
// error). If any rank fails, rank 0's message is printed once (every rank usually fails the same way),
// or the failing rank's own if rank 0 succeeded.
model::TrainedModel load_model_everywhere(const std::string& path, comm::Communicator& comm);

// How evaluate and predict read a data file for `model`: its width (an index beyond it is an error
// naming the line) and its label mapping (a label that is not one of the model's two is an error).
// Without a `format`, the file name gives it, by the same rule as data.format in a training config.
// Unless `labeled`, the file has no labels (LIBSVM lines start with a feature, CSV has no label column).
data::LoadOptions model_data_options(const std::string& path, const std::optional<data::Format>& format,
                                     int csv_label_column, bool labeled, const model::TrainedModel& model);

// Collective: rank 0 writes `text` to `path` as write_text does; every rank learns whether it failed
// (rank 0 throws UserError naming the file, the others AgreedFailure). The folder of a new file is created.
void write_on_root(const std::string& path, const std::string& text, comm::Communicator& comm);

// Rank 0 only: writes `text` to `path`, "-" being standard output (common/output_target.hpp: a regular file
// crash-safe, a device or FIFO in place).
void write_text(const std::string& path, const std::string& text);

// Where a command prints what it did ("wrote ..."): standard error when its output goes to standard
// output, so that standard output holds the output alone.
std::FILE* message_stream(const std::string& output);

}  // namespace dlogit::cli
