#pragma once
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.hpp"

namespace dlogit::data {

// The distinct labels one rank has seen; a binary problem has at most two, so a shard can reject a
// third one at the line where it appears without waiting for the other ranks.
class LocalLabels {
 public:
  // False if `label` would be a third distinct value (it is then not added).
  bool add(double label) {
    if (count_ > 0 && label == values_[0]) return true;
    if (count_ > 1 && label == values_[1]) return true;
    if (count_ == 2) return false;
    values_[count_++] = label;
    return true;
  }
  int count() const { return count_; }
  // 0 or 1 for a label that was added (shards store this byte per row instead of the label).
  int index_of(double label) const { return count_ > 1 && label == values_[1] ? 1 : 0; }
  double operator[](int i) const { return values_[i]; }

 private:
  int count_ = 0;
  double values_[2] = {0.0, 0.0};
};

// A rank's labels as a fixed-size slot of an allgather: count, then two values (NaN if unused).
constexpr std::size_t label_slot_size = 3;
void pack_labels(const LocalLabels& labels, double* slot);

// Sorted distinct labels over all ranks' slots, found at `slots + k * stride` for k < ranks.
std::vector<double> union_labels(const double* slots, int ranks, std::size_t stride);

// Which label is class 1: `positive_label` if given, else the larger. Throws InputError (naming
// `path`) unless there are exactly two labels and `positive_label`, if given, is one of them.
LabelMapping choose_mapping(const std::vector<double>& labels, std::optional<double> positive_label,
                            const std::string& path);

// `known` (a trained model's mapping), after checking that every label is one of its two; otherwise throws
// InputError naming `path`. One label is enough (an evaluation file may hold a single class).
LabelMapping check_known_mapping(const std::vector<double>& labels, const LabelMapping& known, const std::string& path);

// "-1, 1, 2"
std::string format_labels(const std::vector<double>& labels);

}  // namespace dlogit::data
