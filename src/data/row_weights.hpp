#pragma once
#include <Eigen/Dense>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "comm/communicator.hpp"
#include "data/class_weights.hpp"
#include "data/dataset.hpp"

namespace dlogit::data {

// How the training rows are weighted; all unset means unweighted (the fast passes, no weight vector).
struct WeightingOptions {
  std::optional<std::string> weights_file;  // one weight per line, line i <-> training row i (global order)
  std::optional<ClassWeights> class_weights;

  bool any() const { return weights_file.has_value() || class_weights.has_value(); }
};

// Lines [first_row, first_row + count) of a weights file, parsed, plus how many lines the whole file has
// (a final line without '\n' counts; the empty text after a final '\n' does not). Every line must hold
// one finite number >= 0 (blanks and a trailing '\r' around it are fine). Throws InputError naming the
// file and line for a bad weight in the slice, or when the file cannot be read. No collectives.
struct WeightSlice {
  std::vector<double> weights;
  std::int64_t total_lines = 0;
};
WeightSlice read_weight_slice(const std::string& path, std::int64_t first_row, std::int64_t count);

// Parses one weight ("2.5"); returns "" or what is wrong with it ("'-1' is negative").
std::string parse_weight(std::string_view text, double& weight);

// The weight of each class (negative, positive) that `spec` gives for `labels`. For "balanced", from
// the global row count and the global number of positive rows. Throws ConfigError (starting with
// spec.origin) unless an explicit spec names exactly the two labels of the data.
std::pair<double, double> class_weight_pair(const ClassWeights& spec, const LabelMapping& labels,
                                            std::int64_t global_rows, std::int64_t global_positives,
                                            const std::string& data_path);

// Collective. The per-row weights s_i = sample_weight_i × class_weight[y_i] of this rank's rows, whose
// global index starts at first_row. `column_weights` are the sample weights read from a CSV weight
// column (empty when there is none); a weights file is read here. A bad weight throws InputError on the
// rank that read it, AgreedFailure on the others; a weights file with a line count other than
// global_rows throws InputError on rank 0 and AgreedFailure elsewhere.
Eigen::VectorXd row_weights(const WeightingOptions& options, std::vector<double> column_weights,
                            const Eigen::VectorXd& targets, const LabelMapping& labels, std::int64_t first_row,
                            std::int64_t global_rows, const std::string& data_path, comm::Communicator& comm);

// A fingerprint of the weights in global row order that is the same on any number of ranks (a sum of
// per-row hashes modulo 2^32, twice with different mixing), as 16 hex digits. Collective.
std::string weights_fingerprint(const Eigen::VectorXd& weights, std::int64_t first_row, comm::Communicator& comm);

}  // namespace dlogit::data
