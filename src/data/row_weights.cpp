#include "data/row_weights.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>

#include "comm/agreement.hpp"
#include "comm/summed_fingerprint.hpp"
#include "common/errors.hpp"
#include "common/quoted_excerpt.hpp"
#include "data/input_files.hpp"
#include "data/line_error.hpp"
#include "data/line_source.hpp"

namespace dlogit::data {
namespace {

inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// Rank-count independent: each row contributes a hash of (global index, weight bits), and the
// contributions are summed modulo 2^32, which is exact in a double allreduce for any rank count.
std::uint32_t row_hash(std::uint64_t index, double weight, std::uint64_t salt) {
  std::uint64_t bits = 0;
  static_assert(sizeof bits == sizeof weight);
  std::memcpy(&bits, &weight, sizeof bits);
  std::uint64_t h = (index + 1) * 0x9E3779B97F4A7C15ULL ^ (bits + salt);
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDULL;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ULL;
  h ^= h >> 33;
  return static_cast<std::uint32_t>(h);
}

}  // namespace

std::string parse_weight(std::string_view text, double& weight) {
  const std::string_view field = trimmed(text);
  if (field.empty()) return "empty line (expected a weight)";
  const char* begin = field.data();
  const char* end = begin + field.size();
  if (*begin == '+' && end - begin > 1 && begin[1] != '-' && begin[1] != '+') ++begin;
  const auto [next, ec] = std::from_chars(begin, end, weight);
  if (ec != std::errc() || next != end) return "bad weight '" + quoted_excerpt(field) + "' (expected a number)";
  if (!std::isfinite(weight)) return "weight '" + quoted_excerpt(field) + "' is not a finite number";
  if (weight < 0.0) return "weight '" + quoted_excerpt(field) + "' is negative (weights must be >= 0)";
  return "";
}

WeightSlice read_weight_slice(const std::string& path, std::int64_t first_row, std::int64_t count) {
  const InputSet inputs = resolve_inputs(path);
  WeightSlice slice;
  slice.weights.reserve(static_cast<std::size_t>(count));
  LineSource source(inputs, ByteRange{0, inputs.total_size});
  Line line;
  const std::int64_t end_row = first_row + count;
  for (std::int64_t index = 0; source.next(line); ++index) {
    slice.total_lines = index + 1;
    if (index < first_row || index >= end_row) continue;
    double weight = 0.0;
    const std::string problem = parse_weight(line.text, weight);
    if (!problem.empty()) throw located_error(inputs.files[line.file].path, line.offset, problem);
    slice.weights.push_back(weight);
  }
  return slice;
}

std::pair<double, double> class_weight_pair(const ClassWeights& spec, const LabelMapping& labels,
                                            std::int64_t global_rows, std::int64_t global_positives,
                                            const std::string& data_path) {
  if (spec.balanced) {
    const auto m = static_cast<double>(global_rows);
    const auto positives = static_cast<double>(global_positives);
    // Both classes have rows (the loader requires two labels), so neither count is zero.
    return {m / (2.0 * (m - positives)), m / (2.0 * positives)};
  }
  const std::string data_labels = format_number(labels.negative) + " and " + format_number(labels.positive);
  std::optional<double> negative, positive;
  for (const auto& [label, weight] : spec.by_label) {
    if (label == labels.negative) {
      negative = weight;
    } else if (label == labels.positive) {
      positive = weight;
    } else {
      throw ConfigError(spec.origin + " names label " + format_number(label) + ", but the labels of " + data_path +
                        " are " + data_labels);
    }
  }
  if (!negative || !positive) {
    throw ConfigError(spec.origin + " must give a weight for each label of " + data_path + " (" + data_labels +
                      ")");
  }
  return {*negative, *positive};
}

Eigen::VectorXd row_weights(const WeightingOptions& options, std::vector<double> column_weights,
                            const Eigen::VectorXd& targets, const LabelMapping& labels, std::int64_t first_row,
                            std::int64_t global_rows, const std::string& data_path, comm::Communicator& comm) {
  const Eigen::Index rows = targets.size();
  Eigen::VectorXd weights = Eigen::VectorXd::Ones(rows);
  if (!column_weights.empty()) weights = Eigen::Map<const Eigen::VectorXd>(column_weights.data(), rows);

  if (options.weights_file) {
    // Collectives on every path: one failure agreement, so no rank waits for one that threw.
    comm::on_every_rank(comm, "reading the weights failed on another rank", [&] {
      WeightSlice slice = read_weight_slice(*options.weights_file, first_row, rows);
      if (slice.total_lines != global_rows && comm.is_root()) {
        const std::string& file = *options.weights_file;
        throw InputError(slice.total_lines > global_rows
                             ? file + ":" + std::to_string(global_rows + 1) + ": more weights than the " +
                                   std::to_string(global_rows) + " rows of " + data_path + " (the file has " +
                                   std::to_string(slice.total_lines) + " lines; one weight per row)"
                             : file + ":" + std::to_string(slice.total_lines + 1) + ": missing weight: the file has " +
                                   std::to_string(slice.total_lines) + " lines but " + data_path + " has " +
                                   std::to_string(global_rows) + " rows (one weight per row)");
      }
      if (static_cast<Eigen::Index>(slice.weights.size()) == rows)
        weights = weights.cwiseProduct(Eigen::Map<const Eigen::VectorXd>(slice.weights.data(), rows));
    });
  }

  if (options.class_weights) {
    const double positives = comm.allreduce_sum(targets.sum());
    const auto [negative_weight, positive_weight] =
        class_weight_pair(*options.class_weights, labels, global_rows, static_cast<std::int64_t>(positives), data_path);
    for (Eigen::Index i = 0; i < rows; ++i) weights[i] *= targets[i] == 1.0 ? positive_weight : negative_weight;
  }
  return weights;
}

std::string weights_fingerprint(const Eigen::VectorXd& weights, std::int64_t first_row, comm::Communicator& comm) {
  std::uint64_t sums[2] = {0, 0};
  for (Eigen::Index i = 0; i < weights.size(); ++i) {
    const auto index = static_cast<std::uint64_t>(first_row + i);
    sums[0] += row_hash(index, weights[i], 0x243F6A8885A308D3ULL);
    sums[1] += row_hash(index, weights[i], 0x13198A2E03707344ULL);
  }
  return comm::summed_fingerprint(comm, sums);
}

}  // namespace dlogit::data
