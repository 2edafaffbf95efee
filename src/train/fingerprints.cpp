#include "train/fingerprints.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "comm/summed_fingerprint.hpp"

namespace dlogit::train {
namespace {

std::uint64_t bits_of(double value) {
  std::uint64_t bits = 0;
  static_assert(sizeof bits == sizeof value);
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

// One entry (column, value as double) added to its row's hash. Columns increase within a row, so a sum
// loses no order; its terms do not depend on each other, so the multiplies overlap (no serial chain).
std::uint64_t fold(std::uint64_t h, std::uint64_t column, double value) {
  return h + (((column + 1) * 0x9E3779B97F4A7C15ULL) ^ bits_of(value)) * 0xBF58476D1CE4E5B9ULL;
}

// The row's hash with its global index and 0/1 target, finished (splitmix64's finalizer).
std::uint64_t finish(std::uint64_t h, std::uint64_t index, double target) {
  h ^= index * 0xD6E8FEB86659FD93ULL + (target == 1.0 ? 0x94D049BB133111EBULL : 0);
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ULL;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBULL;
  h ^= h >> 31;
  return h;
}

// Σ row hashes over this rank's rows, in two 32-bit halves (each summed mod 2^32 by the caller).
template <class EntryValue>
void sum_sparse_rows(const data::Dataset& shard, EntryValue value, std::uint64_t sums[2]) {
  const data::SparseStorage& rows = shard.sparse_storage();
  for (Eigen::Index i = 0; i < shard.local_rows(); ++i) {
    std::uint64_t h = 0;
    for (int k = rows.offsets[static_cast<std::size_t>(i)]; k < rows.offsets[static_cast<std::size_t>(i) + 1]; ++k)
      h = fold(h, static_cast<std::uint64_t>(rows.columns[static_cast<std::size_t>(k)]), value(k));
    h = finish(h, static_cast<std::uint64_t>(shard.first_row + i), shard.targets()[i]);
    sums[0] += h & 0xFFFFFFFFULL;
    sums[1] += h >> 32;
  }
}

template <class Value>
void sum_dense_rows(const data::Dataset& shard, const std::vector<Value>& values, std::uint64_t sums[2]) {
  const auto width = static_cast<std::size_t>(shard.features());
  for (Eigen::Index i = 0; i < shard.local_rows(); ++i) {
    std::uint64_t h = 0;
    const Value* row = values.data() + static_cast<std::size_t>(i) * width;
    for (std::size_t j = 0; j < width; ++j) h = fold(h, j, static_cast<double>(row[j]));
    h = finish(h, static_cast<std::uint64_t>(shard.first_row + i), shard.targets()[i]);
    sums[0] += h & 0xFFFFFFFFULL;
    sums[1] += h >> 32;
  }
}

std::string exact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

Fingerprint config_fingerprint(const config::Config& config, double lambda) {
  return {{"optimizer.method", config::method_names().name(config.resolved_method())},
          {"optimizer.history", std::to_string(config.optimizer.history)},
          {"optimizer.preconditioner", config.optimizer.preconditioner ? "true" : "false"},
          {"regularization.penalty", model::penalty_names().name(config.regularization.penalty)},
          {"regularization.lambda", exact(lambda)},
          {"regularization.l1_ratio", exact(config.regularization.l1_ratio)},
          {"model.fit_intercept", config.model.fit_intercept ? "true" : "false"},
          {"model.class_weight", config::class_weight_text(config.model.class_weight)}};
}

std::string content_fingerprint(const data::Dataset& shard, comm::Communicator& comm) {
  std::uint64_t sums[2] = {0, 0};
  if (shard.is_sparse()) {
    const data::SparseStorage& rows = shard.sparse_storage();
    switch (shard.value_type()) {
      case data::ValueType::float64:
        sum_sparse_rows(shard, [&](int k) { return rows.values64[static_cast<std::size_t>(k)]; }, sums);
        break;
      case data::ValueType::float32:
        sum_sparse_rows(shard, [&](int k) { return static_cast<double>(rows.values32[static_cast<std::size_t>(k)]); },
                        sums);
        break;
      case data::ValueType::implicit_ones:
        sum_sparse_rows(shard, [](int) { return 1.0; }, sums);
        break;
    }
  } else if (shard.value_type() == data::ValueType::float32) {
    sum_dense_rows(shard, shard.dense_storage().values32, sums);
  } else {
    sum_dense_rows(shard, shard.dense_storage().values64, sums);
  }
  return comm::summed_fingerprint(comm, sums);
}

Fingerprint data_fingerprint(const data::Dataset& shard, const std::string& row_weights, const std::string& content,
                             const config::Config& config) {
  Fingerprint fingerprint = {{"rows", std::to_string(shard.global_rows)},
                             {"features", std::to_string(shard.features())},
                             {"nonzeros", std::to_string(shard.global_nonzeros)},
                             {"negative label", exact(shard.labels.negative)},
                             {"positive label", exact(shard.labels.positive)},
                             {"row weights", row_weights},
                             {kContentKey, content}};
  // Two synthetic sets of the same shape differ only in these.
  if (config.synthetic.rows) {
    const config::SyntheticConfig& synthetic = config.synthetic;
    fingerprint.push_back({"synthetic", "seed " + std::to_string(synthetic.seed) + " weight_scale " +
                                            exact(synthetic.weight_scale) + " label_noise " +
                                            exact(synthetic.label_noise) + (synthetic.binary ? " binary" : "")});
  }
  return fingerprint;
}

}  // namespace dlogit::train
