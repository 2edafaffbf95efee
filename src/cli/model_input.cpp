#include "cli/model_input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/checked_file.hpp"
#include "common/errors.hpp"

namespace dlogit::cli {

model::TrainedModel load_model_everywhere(const std::string& path, comm::Communicator& comm) {
  model::TrainedModel model;
  std::optional<UserError> error;
  try {
    model = model::load_model(path);
  } catch (const UserError& e) {
    error = e;
  }
  double failed[2] = {error ? 1.0 : 0.0, error && comm.is_root() ? 1.0 : 0.0};
  comm.allreduce_max(failed, 2);
  if (failed[0] == 0.0) return model;
  if (failed[1] != 0.0) {  // rank 0 speaks for everyone
    if (comm.is_root()) throw *error;
    throw AgreedFailure("cannot read " + path, true);
  }
  if (error) throw *error;
  throw AgreedFailure("cannot read " + path + " on another rank", true);
}

data::LoadOptions model_data_options(const std::string& path, const std::string& format, int csv_label_column,
                                     const model::TrainedModel& model) {
  data::LoadOptions options;
  options.path = path;
  options.format = format.empty() ? data::format_from_extension(path)
                                  : (format == "csv" ? data::Format::csv : data::Format::libsvm);
  options.features = model.features();
  options.positive_label = model.labels.positive;
  options.known_labels = model.labels;
  options.csv_label_column = csv_label_column;
  return options;
}

void write_on_root(const std::string& path, const std::string& text, comm::Communicator& comm) {
  std::optional<UserError> error;
  if (comm.is_root()) {
    try {
      write_text(path, text);
    } catch (const UserError& e) {
      error = e;
    }
  }
  double failed = error ? 1.0 : 0.0;
  comm.broadcast(&failed, 1, 0);
  if (failed == 0.0) return;
  if (comm.is_root()) throw *error;
  throw AgreedFailure("rank 0 could not write " + path, true);
}

void write_text(const std::string& path, const std::string& text) {
  if (path.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    return;
  }
  write_file_atomically(path, text);
}

}  // namespace dlogit::cli
