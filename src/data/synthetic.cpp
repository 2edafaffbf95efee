#include "data/synthetic.hpp"

#include <cmath>
#include <cstdio>
#include <vector>

#include "data/parsed_values.hpp"

namespace dlogit::data {
namespace {

// Independent streams of the counter-based generator: which quantity a draw is for.
enum class Stream : std::uint64_t { column = 1, value, second_value, label, noise, weight, second_weight };

constexpr double kTwoPi = 6.283185307179586476925286766559;

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A counter-based draw: the same (seed, stream, a, b) always gives the same 64 bits, with no state, so
// row i is generated identically by whichever rank owns it.
std::uint64_t draw(std::uint64_t seed, Stream stream, std::uint64_t a, std::uint64_t b) {
  return splitmix64(splitmix64(splitmix64(seed ^ (static_cast<std::uint64_t>(stream) * 0xd1b54a32d192ed03ULL)) + a) + b);
}

// Uniform in (0, 1]: never 0, so log() below is finite.
double uniform(std::uint64_t bits) { return (static_cast<double>(bits >> 11) + 1.0) * 0x1.0p-53; }

double gaussian(std::uint64_t seed, Stream first, Stream second, std::uint64_t a, std::uint64_t b) {
  const double radius = std::sqrt(-2.0 * std::log(uniform(draw(seed, first, a, b))));
  return radius * std::cos(kTwoPi * uniform(draw(seed, second, a, b)));
}

double sigmoid(double z) { return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z)); }

}  // namespace

std::int64_t SyntheticOptions::entries_per_row() const {
  if (dense) return features;
  const auto k = static_cast<std::int64_t>(std::llround(density * static_cast<double>(features)));
  return k < 1 ? 1 : (k > features ? features : k);
}

Eigen::VectorXd synthetic_true_weights(const SyntheticOptions& options) {
  const double scale = options.weight_scale / std::sqrt(static_cast<double>(options.entries_per_row()));
  Eigen::VectorXd weights(options.features);
  for (Eigen::Index j = 0; j < weights.size(); ++j)
    weights[j] = scale * gaussian(options.seed, Stream::weight, Stream::second_weight, static_cast<std::uint64_t>(j), 0);
  return weights;
}

Dataset synthetic_rows(const SyntheticOptions& options, std::int64_t begin, std::int64_t end) {
  const Eigen::VectorXd true_weights = synthetic_true_weights(options);
  const std::int64_t count = end - begin;
  const std::int64_t per_row = options.entries_per_row();
  const std::int64_t features = options.features;
  const std::uint64_t seed = options.seed;
  Eigen::VectorXd targets(count);

  // Sparse: one column in each of per_row equal buckets of [0, features), so the columns of a row are
  // distinct and already sorted without any per-row search.
  std::vector<int> columns(static_cast<std::size_t>(options.dense ? 0 : per_row));
  std::vector<double> values(static_cast<std::size_t>(per_row));
  // Built straight into the Dataset's own arrays in their final layout (no intermediate matrix, no
  // 8-byte copy of values that end up float32 or implicit), as a load does.
  DenseStorage dense_rows;
  SparseStorage sparse_rows;
  ParsedValues row_values(options.storage, !options.dense);
  const auto entries = static_cast<std::size_t>(count * per_row);
  row_values.reserve(entries);
  if (!options.dense) {
    sparse_rows.offsets.reserve(static_cast<std::size_t>(count) + 1);
    sparse_rows.columns.reserve(entries);
  }
  for (std::int64_t local = 0; local < count; ++local) {
    const auto row = static_cast<std::uint64_t>(options.first_row + begin + local);
    double margin = 0.0;
    for (std::int64_t k = 0; k < per_row; ++k) {
      std::int64_t col = k;
      if (!options.dense) {
        const std::int64_t low = k * features / per_row;
        const std::int64_t width = (k + 1) * features / per_row - low;
        col = low + static_cast<std::int64_t>(draw(seed, Stream::column, row, static_cast<std::uint64_t>(k)) %
                                              static_cast<std::uint64_t>(width));
        columns[static_cast<std::size_t>(k)] = static_cast<int>(col);
      }
      const double x = !options.dense && options.binary
                           ? 1.0
                           : gaussian(seed, Stream::value, Stream::second_value, row, static_cast<std::uint64_t>(k));
      values[static_cast<std::size_t>(k)] = x;
      margin += true_weights[col] * x;
    }
    bool positive = uniform(draw(seed, Stream::label, row, 0)) <= sigmoid(margin);
    if (options.label_noise > 0.0 && uniform(draw(seed, Stream::noise, row, 0)) <= options.label_noise) positive = !positive;
    targets[local] = positive ? 1.0 : 0.0;
    for (double x : values) row_values.push(x);
    if (!options.dense) {
      sparse_rows.columns.insert(sparse_rows.columns.end(), columns.begin(), columns.end());
      sparse_rows.offsets.push_back(static_cast<int>(sparse_rows.columns.size()));
    }
  }
  if (options.dense) {
    row_values.move_into(dense_rows.values64, dense_rows.values32);
  } else {
    row_values.move_into(sparse_rows.values64, sparse_rows.values32);
  }

  Dataset dataset = options.dense ? Dataset(std::move(dense_rows), features, std::move(targets))
                                  : Dataset(std::move(sparse_rows), features, std::move(targets));
  dataset.compact(options.storage);
  dataset.global_rows = options.rows;
  dataset.first_row = begin;
  dataset.global_nonzeros = options.rows * per_row;
  dataset.labels = LabelMapping{0.0, 1.0};
  return dataset;
}

Dataset generate_dataset(const SyntheticOptions& options, comm::Communicator& comm) {
  const std::int64_t ranks = comm.size();
  const std::int64_t rank = comm.rank();
  return synthetic_rows(options, rank * options.rows / ranks, (rank + 1) * options.rows / ranks);
}

std::string libsvm_lines(const Dataset& rows) {
  std::string text;
  char field[48];
  for (Eigen::Index i = 0; i < rows.local_rows(); ++i) {
    text += rows.targets()[i] > 0.5 ? "1" : "0";
    const auto add = [&](Eigen::Index col, double x) {
      std::snprintf(field, sizeof field, " %lld:%.17g", static_cast<long long>(col) + 1, x);
      text += field;
    };
    if (rows.is_sparse()) {
      const SparseStorage& x = rows.sparse_storage();
      for (int k = x.offsets[static_cast<std::size_t>(i)]; k < x.offsets[static_cast<std::size_t>(i) + 1]; ++k)
        add(x.columns[static_cast<std::size_t>(k)], rows.coeff(i, x.columns[static_cast<std::size_t>(k)]));
    } else {
      for (Eigen::Index j = 0; j < rows.features(); ++j) add(j, rows.coeff(i, j));
    }
    text += '\n';
  }
  return text;
}

}  // namespace dlogit::data
