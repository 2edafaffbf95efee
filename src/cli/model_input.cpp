#include "cli/model_input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "comm/agreement.hpp"
#include "common/output_target.hpp"
#include "common/errors.hpp"
#include "train/checkpoint.hpp"

namespace dlogit::cli {

namespace {

const std::string& fingerprint_value(const train::Fingerprint& fingerprint, const std::string& name,
                                     const std::string& path) {
  for (const auto& [key, value] : fingerprint) {
    if (key == name) return value;
  }
  throw UserError("checkpoint " + path + " does not record its " + name + ", so it cannot be used as a model");
}

double exact_number(const std::string& text, const std::string& name, const std::string& path) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') throw UserError("checkpoint " + path + " records " + name + " '" + text + "', not a number");
  return value;
}

model::TrainedModel checkpoint_model(const std::string& path, std::string* note) {
  const train::Checkpoint checkpoint = train::read_checkpoint(path);
  const optim::OptimizerState& state = checkpoint.optimizer;
  const std::string& features_text = fingerprint_value(checkpoint.data_fingerprint, "features", path);
  const auto features = static_cast<Eigen::Index>(exact_number(features_text, "features", path));
  model::TrainedModel model;
  model.fit_intercept = fingerprint_value(checkpoint.config_fingerprint, "model.fit_intercept", path) == "true";
  model.labels.negative = exact_number(fingerprint_value(checkpoint.data_fingerprint, "negative label", path),
                                       "negative label", path);
  model.labels.positive = exact_number(fingerprint_value(checkpoint.data_fingerprint, "positive label", path),
                                       "positive label", path);
  if (features < 1 || state.x.size() != features + (model.fit_intercept ? 1 : 0)) {
    throw UserError("checkpoint " + path + " holds " + std::to_string(state.x.size()) + " parameters, which does not fit " +
                    features_text + " features" + (model.fit_intercept ? " and an intercept" : ""));
  }
  model.weights.assign(state.x.data(), state.x.data() + features);
  model.intercept = model.fit_intercept ? state.x[features] : 0.0;
  if (note != nullptr) {
    char objective[32];
    std::snprintf(objective, sizeof objective, "%.6e", state.objective);
    *note = "using the weights of checkpoint iteration " + std::to_string(state.iteration) + " of " + path + " (" +
            state.method + ", objective " + objective + "), not a finished model.bin";
  }
  return model;
}

}  // namespace

model::TrainedModel load_model_or_checkpoint(const std::string& path, std::string* note) {
  if (train::is_checkpoint_file(path)) return checkpoint_model(path, note);
  return model::load_model(path);
}

model::TrainedModel load_model_everywhere(const std::string& path, comm::Communicator& comm) {
  // Every rank reads the same file, so when rank 0 fails it speaks for everyone.
  std::string note;
  model::TrainedModel model = comm::on_every_rank(
      comm, "cannot read " + path + " on another rank", [&] { return load_model_or_checkpoint(path, &note); },
      comm::FailureVoice::root_if_failed);
  if (comm.is_root() && !note.empty()) std::fprintf(stderr, "dlogit: %s\n", note.c_str());
  return model;
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
