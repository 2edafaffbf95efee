#include "cli/inspect.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

#include "model/trained_model.hpp"
#include "train/checkpoint.hpp"

namespace dlogit::cli {
namespace {

void print_largest(const double* weights, std::size_t count, int top) {
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  const std::size_t shown = std::min(order.size(), static_cast<std::size_t>(std::max(top, 0)));
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(shown), order.end(),
                    [&](std::size_t a, std::size_t b) { return std::abs(weights[a]) > std::abs(weights[b]); });
  if (shown > 0) std::printf("largest weights (feature index is 1-based, as in LIBSVM):\n");
  for (std::size_t i = 0; i < shown; ++i) std::printf("  %8zu  % .10g\n", order[i] + 1, weights[order[i]]);
}

std::size_t count_nonzero(const double* weights, std::size_t count) {
  return static_cast<std::size_t>(std::count_if(weights, weights + count, [](double w) { return w != 0.0; }));
}

}  // namespace

void inspect_file(const std::string& path, int top_weights) {
  if (train::is_checkpoint_file(path)) {
    const train::Checkpoint checkpoint = train::read_checkpoint(path);
    const auto& state = checkpoint.optimizer;
    std::printf("%s: dlogit checkpoint, format version %u, checksum ok\n", path.c_str(), train::kCheckpointFormatVersion);
    std::printf("method %s, iteration %d, %ld function evaluations, %ld Hessian-vector products\n",
                state.method.c_str(), state.iteration, state.function_evals, state.hessian_evals);
    if (!checkpoint.trace.empty())
      std::printf("objective %.12e, gradient norm %.3e\n", checkpoint.trace.back().report.objective,
                  checkpoint.trace.back().report.gradient_norm);
    std::printf("fingerprints:\n");
    for (const auto& [name, value] : checkpoint.config_fingerprint) std::printf("  %s = %s\n", name.c_str(), value.c_str());
    for (const auto& [name, value] : checkpoint.data_fingerprint) std::printf("  data %s = %s\n", name.c_str(), value.c_str());
    std::printf("parameters %lld (weights and, with an intercept, the intercept last), %zu nonzero\n",
                static_cast<long long>(state.x.size()), count_nonzero(state.x.data(), static_cast<std::size_t>(state.x.size())));
    return;
  }
  const model::LoadedModel loaded = model::load_model_format(path);
  const model::TrainedModel& model = loaded.model;
  // load_model verified the checksum (it throws on a mismatch), as read_checkpoint does for checkpoints.
  std::printf("%s: dlogit model, format version %u, checksum ok\n", path.c_str(), loaded.format);
  if (loaded.format >= 2) {
    const model::ModelProvenance& provenance = model.provenance;
    std::printf("made by dlogit %s, commit %s\n", provenance.version.c_str(), provenance.commit.c_str());
    std::printf("config hash (SHA-256 of its model keys, result.json's provenance.model_config_sha256): %s\n",
                provenance.config_sha256.c_str());
  } else {
    std::printf("no provenance (model format 1 did not record the version, commit and config hash)\n");
  }
  std::printf("features %lld, nonzero weights %zu, intercept %.10g%s\n", static_cast<long long>(model.features()),
              count_nonzero(model.weights.data(), model.weights.size()), model.intercept,
              model.fit_intercept ? "" : " (not fitted)");
  std::printf("labels: %g -> class 0, %g -> class 1\n", model.labels.negative, model.labels.positive);
  print_largest(model.weights.data(), model.weights.size(), top_weights);
}

}  // namespace dlogit::cli
