#include "data/label_agreement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/errors.hpp"
#include "data/line_error.hpp"

namespace dlogit::data {

void pack_labels(const LocalLabels& labels, double* slot) {
  const double none = std::numeric_limits<double>::quiet_NaN();
  slot[0] = labels.count();
  slot[1] = labels.count() > 0 ? labels[0] : none;
  slot[2] = labels.count() > 1 ? labels[1] : none;
  slot[3] = labels.third().value_or(none);
}

void throw_line_error(const std::string& path, const LineRef& line, const std::string& detail, LocalLabels& labels) {
  InputError located = located_error(path, line.offset, detail);
  if (!labels.third()) throw located;
  labels.note_third_line(line);
  throw ThirdLabelError(located, labels);
}

std::optional<ExtraLabel> first_extra_label(const double* slots, int ranks, std::size_t stride,
                                            const std::optional<LabelMapping>& known) {
  std::vector<double> allowed;
  if (known) allowed = {known->negative, known->positive};
  for (int rank = 0; rank < ranks; ++rank) {
    const double* slot = slots + static_cast<std::size_t>(rank) * stride;
    // A rank's labels in the order they first appear in its shard: its two, then the third that stopped it.
    for (int i = 0; i < 3; ++i) {
      const double label = slot[1 + i];
      if (std::isnan(label)) continue;
      if (std::find(allowed.begin(), allowed.end(), label) != allowed.end()) continue;
      if (!known && allowed.size() < 2) {
        allowed.push_back(label);
        continue;
      }
      return ExtraLabel{rank, i, label, allowed};
    }
  }
  return std::nullopt;
}

std::string extra_label_detail(const ExtraLabel& extra, bool known) {
  if (known) {
    return "label " + format_number(extra.label) + " is not one of the model's labels (" +
           format_labels(extra.allowed) + ")";
  }
  return "third label '" + format_number(extra.label) + "' (the lines before it have labels " +
         format_number(extra.allowed[0]) + " and " + format_number(extra.allowed[1]) +
         "; logistic regression needs exactly two)";
}

std::vector<double> union_labels(const double* slots, int ranks, std::size_t stride) {
  std::vector<double> labels;
  for (int rank = 0; rank < ranks; ++rank) {
    const double* slot = slots + static_cast<std::size_t>(rank) * stride;
    for (int i = 0; i < 3; ++i) {  // the two labels, then a third that stopped the shard
      const double label = slot[1 + i];
      if (!std::isnan(label)) labels.push_back(label);
    }
  }
  std::sort(labels.begin(), labels.end());
  // == rather than bitwise equality, so -0 and 0 are one label, as they are within a shard.
  labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
  return labels;
}

std::string format_labels(const std::vector<double>& labels) {
  std::string text;
  for (double label : labels) {
    if (!text.empty()) text += ", ";
    text += format_number(label);
  }
  return text;
}

LabelMapping choose_mapping(const std::vector<double>& labels, std::optional<double> positive_label,
                            const std::string& path) {
  if (labels.size() > 2) {
    throw InputError("data file " + path + " has more than two labels: " + format_labels(labels) +
                     " (logistic regression needs exactly two classes)");
  }
  if (labels.size() < 2) {
    throw InputError("data file " + path + " has only one label (" + format_labels(labels) +
                     "); logistic regression needs two classes");
  }
  LabelMapping mapping{labels[0], labels[1]};  // sorted: the larger is class 1 by default
  if (positive_label) {
    if (*positive_label == labels[0]) {
      mapping = {labels[1], labels[0]};
    } else if (*positive_label != labels[1]) {
      throw InputError("positive_label " + format_number(*positive_label) + " is not one of the labels of " +
                       path + " (" + format_labels(labels) + ")");
    }
  }
  return mapping;
}

LabelMapping check_known_mapping(const std::vector<double>& labels, const LabelMapping& known,
                                 const std::string& path) {
  for (const double label : labels) {
    if (label != known.negative && label != known.positive) {
      throw InputError("data file " + path + " has label " + format_number(label) +
                       ", which is not one of the model's labels (" + format_labels({known.negative, known.positive}) +
                       "; labels of the file: " + format_labels(labels) + ")");
    }
  }
  return known;
}

}  // namespace dlogit::data
