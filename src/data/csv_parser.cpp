#include "data/csv_parser.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "common/quoted_excerpt.hpp"
#include "data/line_error.hpp"
#include "data/line_source.hpp"
#include "data/shard_extent.hpp"

namespace dlogit::data {
namespace {

inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

bool is_blank_line(std::string_view line) { return std::all_of(line.begin(), line.end(), is_blank); }

std::int64_t count_columns(std::string_view line) {
  return 1 + static_cast<std::int64_t>(std::count(line.begin(), line.end(), ','));
}

enum class Problem { none, empty, not_number, not_finite, negative_weight };

struct RowScan {
  std::int64_t columns = 0;
  Problem problem = Problem::none;
  std::int64_t bad_column = 0;  // 1-based
  std::string_view bad_text;
};

Problem parse_field(std::string_view field, double& value) {
  const char* p = field.data();
  const char* end = p + field.size();
  while (p != end && is_blank(*p)) ++p;
  while (end != p && is_blank(end[-1])) --end;
  if (p == end) return Problem::empty;
  // One-hot and indicator columns ("0", "1") are most fields of many files: skip the float parser.
  if (end - p == 1 && (*p == '0' || *p == '1')) {
    value = *p == '1' ? 1.0 : 0.0;
    return Problem::none;
  }
  if (*p == '+' && end - p > 1 && p[1] != '-' && p[1] != '+') ++p;
  const auto [next, ec] = std::from_chars(p, end, value);
  if (ec != std::errc() || next != end) return Problem::not_number;
  return std::isfinite(value) ? Problem::none : Problem::not_finite;
}

// Appends the row's feature values to `values` and sets `label` (and `weight` from weight_column, if
// not 0); stops parsing at the first bad field but still counts all columns.
RowScan scan_row(std::string_view line, int label_column, int weight_column, ParsedValues& values,
                 double& label, double& weight) {
  RowScan scan;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::string_view field = line.substr(start, comma == std::string_view::npos ? line.npos : comma - start);
    ++scan.columns;
    if (scan.problem == Problem::none) {
      double value = 0.0;
      const Problem problem = parse_field(field, value);
      if (problem != Problem::none) {
        scan.problem = problem;
        scan.bad_column = scan.columns;
        scan.bad_text = field;
      } else if (scan.columns == label_column) {
        label = value;
      } else if (scan.columns == weight_column) {
        weight = value;
        if (value < 0.0) {
          scan.problem = Problem::negative_weight;
          scan.bad_column = scan.columns;
          scan.bad_text = field;
        }
      } else {
        values.push(value);
      }
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return scan;
}

[[noreturn]] void throw_problem(const RowScan& scan, int label_column, int weight_column) {
  const bool is_label = scan.bad_column == label_column;
  const std::string what = is_label ? "label" : scan.bad_column == weight_column ? "weight" : "value";
  const std::string where = " in column " + std::to_string(scan.bad_column);
  switch (scan.problem) {
    case Problem::negative_weight:
      throw LineError{"weight '" + quoted_excerpt(scan.bad_text) + "'" + where + " is negative (weights must be >= 0)"};
    case Problem::empty:
      throw LineError{"empty " + what + where};
    case Problem::not_finite:
      throw LineError{what + " '" + quoted_excerpt(scan.bad_text) + "'" + where + " is not a finite number"};
    default:
      throw LineError{"bad " + what + " '" + quoted_excerpt(scan.bad_text) + "'" + where + " (expected a number)"};
  }
}

class CsvReader {
 public:
  CsvReader(const CsvOptions& options, DenseShard& shard) : options_(options), shard_(shard) {}

  // False once a column-count mismatch ends the shard.
  bool take(const Line& line) {
    if (is_blank_line(line.text)) return true;
    const LineRef ref{line.file, line.offset};
    const bool first_of_file = line.offset == 0;
    if (first_of_file && options_.header.value_or(false)) return note_columns(count_columns(line.text), ref);

    const std::size_t before = shard_.values.size();
    double label = 0.0;
    double weight = 1.0;
    const RowScan scan =
        scan_row(line.text, options_.label_column, options_.weight_column, shard_.values, label, weight);
    if (scan.problem != Problem::none) {
      shard_.values.truncate(before);
      const bool is_text = scan.problem == Problem::empty || scan.problem == Problem::not_number;
      if (first_of_file && !options_.header.has_value() && is_text) {
        return note_columns(scan.columns, ref);  // detected header
      }
    }
    if (!note_columns(scan.columns, ref)) {
      shard_.values.truncate(before);
      return false;
    }
    if (scan.problem != Problem::none) throw_problem(scan, options_.label_column, options_.weight_column);
    // Unlabeled (label column 0): every row has label id 0 and label_set stays empty.
    std::uint8_t label_id = 0;
    if (options_.label_column > 0) {
      if (!shard_.label_set.add(label)) {
        throw LineError{"third label '" + format_number(label) + "' in column " + std::to_string(options_.label_column) +
                        " (this part of the data already has labels " + format_number(shard_.label_set[0]) + " and " +
                        format_number(shard_.label_set[1]) + "; logistic regression needs exactly two)"};
      }
      label_id = static_cast<std::uint8_t>(shard_.label_set.index_of(label));
    }
    shard_.label_ids.push_back(label_id);
    if (options_.weight_column > 0) shard_.weights.push_back(weight);
    return true;
  }

 private:
  bool note_columns(std::int64_t columns, const LineRef& ref) {
    if (columns < options_.label_column) {
      throw LineError{"line has " + std::to_string(columns) + " column" + (columns == 1 ? "" : "s") +
                      ", so there is no label column " + std::to_string(options_.label_column)};
    }
    if (columns < options_.weight_column) {
      throw LineError{"line has " + std::to_string(columns) + " column" + (columns == 1 ? "" : "s") +
                      ", so there is no weight column " + std::to_string(options_.weight_column)};
    }
    if (shard_.columns == 0) {
      shard_.columns = columns;
      shard_.first_line = ref;
      return true;
    }
    if (columns == shard_.columns) return true;
    shard_.mismatch = ref;
    shard_.mismatch_columns = columns;
    return false;
  }

  const CsvOptions& options_;
  DenseShard& shard_;
};

}  // namespace

std::vector<double> DenseShard::labels() const {
  std::vector<double> out(label_ids.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = label(i);
  return out;
}

DenseShard read_csv_shard(const InputSet& inputs, ByteRange range, const CsvOptions& options) {
  DenseShard shard;
  shard.values = ParsedValues(options.storage, false);
  // A row of c columns has c - 1 commas and at most c - 1 values (the label is not one).
  const ShardExtent extent = measure_shard(inputs, range, ',');
  shard.values.reserve(extent.separators);
  shard.label_ids.reserve(extent.lines);
  if (options.weight_column > 0) shard.weights.reserve(extent.lines);
  CsvReader reader(options, shard);
  LineSource source(inputs, range);
  Line line;
  while (source.next(line)) {
    const int labels_before = shard.label_set.count();
    try {
      if (!reader.take(line)) break;
    } catch (const LineError& error) {
      throw_line_error(inputs.files[line.file].path, {line.file, line.offset}, error.detail, shard.label_set);
    }
    shard.label_set.note_line(labels_before, {line.file, line.offset});
  }
  return shard;
}

}  // namespace dlogit::data
