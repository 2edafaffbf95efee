#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "data/dataset.hpp"
#include "data/input_files.hpp"

namespace dlogit::data {

// The distinct labels one rank has seen; a binary problem has at most two, so a shard can reject a
// third one at the line where it appears without waiting for the other ranks. It also keeps where each
// label first appears and the third label that stopped the shard, so that the ranks together can name
// the data's first third label, which a rank's own view may not see (see first_extra_label).
class LocalLabels {
 public:
  // False if `label` would be a third distinct value (it is then not added, but kept as third()).
  bool add(double label) {
    if (count_ > 0 && label == values_[0]) return true;
    if (count_ > 1 && label == values_[1]) return true;
    if (count_ == 2) {
      third_ = label;
      return false;
    }
    values_[count_++] = label;
    return true;
  }
  int count() const { return count_; }
  // 0 or 1 for a label that was added (shards store this byte per row instead of the label).
  int index_of(double label) const { return count_ > 1 && label == values_[1] ? 1 : 0; }
  double operator[](int i) const { return values_[i]; }

  // The readers call this after each line that parsed: `before` is count() before the line.
  void note_line(int before, const LineRef& line) {
    if (count_ > before) lines_[before] = line;
  }
  // Where label i (0, 1) first appears, or with i = 2 the third label's line (note_third_line).
  const LineRef& line(int i) const { return lines_[i]; }
  std::optional<double> third() const { return third_; }
  void note_third_line(const LineRef& line) { lines_[2] = line; }

 private:
  int count_ = 0;
  double values_[2] = {0.0, 0.0};
  std::optional<double> third_;
  LineRef lines_[3];
};

// A reader's error on one line: ThirdLabelError (carrying `labels`) when that line's label was the
// shard's third, otherwise located_error.
[[noreturn]] void throw_line_error(const std::string& path, const LineRef& line, const std::string& detail,
                                   LocalLabels& labels);

// One rank's view of a third label: the located message, and the shard's labels for the agreement.
class ThirdLabelError : public InputError {
 public:
  ThirdLabelError(const InputError& located, const LocalLabels& labels) : InputError(located), labels_(labels) {}
  const LocalLabels& labels() const { return labels_; }

 private:
  LocalLabels labels_;
};

// A rank's labels as a fixed-size slot of an allgather: count, the two values and the third label that
// stopped the shard (NaN if unused), in the order they first appear in the shard.
constexpr std::size_t label_slot_size = 4;
void pack_labels(const LocalLabels& labels, double* slot);

// The first label in the order of the data (rank by rank, each rank's labels in the order they first
// appear) that is not one of `known` (a model's labels) or, without `known`, not one of the data's
// first two labels; `slot` is 0 or 1 for the rank's labels, 2 for its third.
struct ExtraLabel {
  int rank = 0;
  int slot = 0;
  double label = 0.0;
  std::vector<double> allowed;  // the labels it is not one of
};
std::optional<ExtraLabel> first_extra_label(const double* slots, int ranks, std::size_t stride,
                                            const std::optional<LabelMapping>& known);
// The message for `extra` (without the "path:line: " that the rank holding it puts before it).
std::string extra_label_detail(const ExtraLabel& extra, bool known);

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
