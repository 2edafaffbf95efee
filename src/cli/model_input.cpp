#include "cli/model_input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "comm/agreement.hpp"
#include "common/output_target.hpp"
#include "common/errors.hpp"

namespace dlogit::cli {

model::TrainedModel load_model_everywhere(const std::string& path, comm::Communicator& comm) {
  // Every rank reads the same file, so when rank 0 fails it speaks for everyone.
  return comm::on_every_rank(comm, "cannot read " + path + " on another rank", [&] { return model::load_model(path); },
                             comm::FailureVoice::root_if_failed);
}

data::LoadOptions model_data_options(const std::string& path, const std::optional<data::Format>& format,
                                     int csv_label_column, bool labeled, const model::TrainedModel& model) {
  data::LoadOptions options;
  options.path = path;
  options.format = format ? *format : data::format_from_extension(path);
  options.features = model.features();
  options.positive_label = model.labels.positive;
  options.known_labels = model.labels;
  options.csv_label_column = csv_label_column;
  options.labeled = labeled;
  return options;
}

void write_on_root(const std::string& path, const std::string& text, comm::Communicator& comm) {
  comm::on_root(comm, "rank 0 could not write " + path, [&] { write_text(path, text); });
}

void write_text(const std::string& path, const std::string& text) { write_output(path, text); }

std::FILE* message_stream(const std::string& output) { return is_standard_output(output) ? stderr : stdout; }

}  // namespace dlogit::cli
