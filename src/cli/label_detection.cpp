#include "cli/label_detection.hpp"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

#include "common/errors.hpp"
#include "common/quoted_excerpt.hpp"
#include "data/input_files.hpp"
#include "data/line_error.hpp"
#include "data/line_source.hpp"

namespace dlogit::cli {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// A LIBSVM line without its comment, and a CSV line, hold data unless they are blank.
std::string_view data_part(std::string_view line, data::Format format) {
  if (format == data::Format::libsvm) line = line.substr(0, line.find('#'));
  const auto first = std::find_if_not(line.begin(), line.end(), is_blank);
  return line.substr(static_cast<std::size_t>(first - line.begin()));
}

struct FirstLine {
  std::string path;
  std::uint64_t offset = 0;
  std::string text;  // blanks before the data removed (and, for LIBSVM, the comment)
};

std::optional<FirstLine> first_data_line(const std::string& pattern, data::Format format) {
  try {
    const data::InputSet inputs = data::resolve_inputs(pattern);
    data::LineSource source(inputs, data::ByteRange{0, inputs.total_size});
    data::Line line;
    while (source.next(line)) {
      const std::string_view text = data_part(line.text, format);
      if (!text.empty()) return FirstLine{inputs.files[line.file].path, line.offset, std::string(text)};
    }
  } catch (const InputError&) {
    // The reader reports a missing or unreadable input, naming it.
  }
  return std::nullopt;
}

std::string plural(std::int64_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

}  // namespace

const NameTable<LabelPresence>& label_presence_names() {
  static const NameTable<LabelPresence> names{
      {LabelPresence::auto_detect, "auto"}, {LabelPresence::present, "yes"}, {LabelPresence::absent, "no"}};
  return names;
}

bool data_has_labels(const std::string& path, data::Format format, std::int64_t model_features,
                     LabelPresence presence, bool evaluating) {
  if (presence == LabelPresence::present) return true;
  if (presence == LabelPresence::absent) {
    if (evaluating) throw ConfigError("evaluate needs labeled data (--labels no is for dlogit predict)");
    return false;
  }
  const std::optional<FirstLine> first = first_data_line(path, format);
  if (!first) return true;
  const std::string_view text = first->text;
  if (format == data::Format::libsvm) {
    const std::string_view token = text.substr(0, static_cast<std::size_t>(
                                                      std::find_if(text.begin(), text.end(), is_blank) - text.begin()));
    if (token.find(':') == std::string_view::npos) return true;
    if (evaluating) {
      throw data::located_error(first->path, first->offset,
                                "evaluate needs labeled data, but the first line of the data has no label (it starts "
                                "with the feature '" + quoted_excerpt(token) +
                                    "'); dlogit predict scores data without labels");
    }
    return false;
  }
  const std::int64_t columns = 1 + static_cast<std::int64_t>(std::count(text.begin(), text.end(), ','));
  if (columns > model_features) return true;
  if (columns == model_features) {
    if (evaluating) {
      throw data::located_error(first->path, first->offset,
                                "evaluate needs labeled data, but the first line has " + plural(columns, "column") +
                                    ", one per feature of the model and none for a label; dlogit predict scores data "
                                    "without labels (say --labels yes if a column is a label and the model has more "
                                    "features than the file)");
    }
    return false;
  }
  if (evaluating) return true;
  throw data::located_error(first->path, first->offset,
                            plural(columns, "column") + " for a model of " + plural(model_features, "feature") +
                                ": cannot tell whether one of them is a label; say --labels yes or --labels no");
}

}  // namespace dlogit::cli
