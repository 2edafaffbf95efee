#include "data/libsvm_parser.hpp"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <string>

#include "common/quoted_excerpt.hpp"
#include "data/line_error.hpp"
#include "data/line_source.hpp"
#include "data/shard_extent.hpp"

namespace dlogit::data {
namespace {

inline bool is_blank(char c) { return c == ' ' || c == '\t'; }

const char* skip_blanks(const char* p, const char* end) {
  while (p != end && is_blank(*p)) ++p;
  return p;
}

const char* token_end(const char* p, const char* end) {
  while (p != end && !is_blank(*p)) ++p;
  return p;
}

// from_chars does not take the leading '+' that some writers put on labels ("+1").
std::from_chars_result parse_double(const char* p, const char* end, double& value) {
  auto result = std::from_chars(p, end, value);
  if (result.ec != std::errc() && p != end && *p == '+' && p + 1 != end && p[1] != '-' && p[1] != '+') {
    result = std::from_chars(p + 1, end, value);
  }
  return result;
}

std::string quoted(const char* begin, const char* end) {
  return quoted_excerpt(std::string_view(begin, static_cast<std::size_t>(end - begin)));
}

[[noreturn]] void bad_label(const char* begin, const char* end) {
  throw LineError{"bad label '" + quoted(begin, end) + "' (expected a number)"};
}

}  // namespace

void parse_libsvm_line(std::string_view line, const LibsvmOptions& options, SparseShard& shard) {
  const char* p = line.data();
  const char* end = p + line.size();
  if (const void* hash = std::memchr(p, '#', line.size())) end = static_cast<const char*>(hash);
  p = skip_blanks(p, end);
  if (p == end && options.labeled) return;

  double label = 0.0;
  if (options.labeled) {
    const char* label_begin = p;
    const char* label_end = token_end(p, end);
    if (std::memchr(label_begin, ':', static_cast<std::size_t>(label_end - label_begin)) != nullptr) {
      throw LineError{"no label: the line starts with the feature '" + quoted(label_begin, label_end) +
                      "' (dlogit predict reads data without labels; training and evaluate need a label on every line)"};
    }
    const auto [next, ec] = parse_double(p, end, label);
    if (ec != std::errc() || (next != end && !is_blank(*next))) bad_label(label_begin, token_end(p, end));
    if (!std::isfinite(label)) {
      throw LineError{"label '" + quoted(label_begin, next) + "' is not a finite number"};
    }
    if (!shard.label_set.add(label)) {
      throw LineError{"third label '" + quoted(label_begin, next) + "' (this part of the data already has labels " +
                      format_number(shard.label_set[0]) + " and " + format_number(shard.label_set[1]) +
                      "; logistic regression needs exactly two)"};
    }
    p = next;
  }

  // The written index of the first feature and of the last one within the width; detect allows the
  // 1-based range until the ranks know whether the data is 0-based (the loader checks the width then).
  const std::int64_t lowest = options.index_base == IndexBase::one ? 1 : 0;
  const std::int64_t max_index = options.features.value_or(INT_MAX) - (options.index_base == IndexBase::zero ? 1 : 0);
  const std::int64_t first_previous = lowest - 1;
  std::int64_t previous = first_previous;
  while (true) {
    p = skip_blanks(p, end);
    if (p == end) break;
    const char* token = p;

    std::int64_t index = 0;
    auto [after_index, index_ec] = std::from_chars(p, end, index);
    if (index_ec != std::errc() || after_index == end || *after_index != ':') {
      const char* stop = token_end(token, end);
      if (stop - token >= 4 && std::memcmp(token, "qid:", 4) == 0) {  // ranking query id: not a feature
        p = stop;
        continue;
      }
      const void* colon = std::memchr(token, ':', static_cast<std::size_t>(stop - token));
      if (colon == nullptr && !options.labeled && previous == first_previous) {
        throw LineError{"bad feature '" + quoted(token, stop) +
                        "' (expected index:value; a label? this data is read as unlabeled)"};
      }
      if (colon == nullptr) {
        throw LineError{"bad feature '" + quoted(token, stop) + "' (expected index:value)"};
      }
      throw LineError{"bad feature index '" + quoted(token, static_cast<const char*>(colon)) + "' in \"" +
                      quoted(token, stop) + "\""};
    }
    if (index < lowest) {
      throw LineError{"bad feature index '" + quoted(token, after_index) + "' in \"" +
                      quoted(token, token_end(token, end)) + "\"" +
                      (lowest == 1 ? " (indices are 1-based); data.zero_based = true or \"auto\" reads 0-based data"
                                   : "")};
    }
    if (index <= previous) {
      throw LineError{"feature index " + std::to_string(index) + " in \"" + quoted(token, token_end(token, end)) +
                      "\" does not follow " + std::to_string(previous) + " (indices must increase along a line)"};
    }
    if (index > max_index) {
      throw LineError{"feature index " + std::to_string(index) + " in \"" + quoted(token, token_end(token, end)) +
                      "\" is above the feature count " + std::to_string(options.features.value_or(INT_MAX)) +
                      (options.index_base == IndexBase::zero ? " (indices are 0-based)" : "") +
                      "; a model has the width it was trained with: train with data.features >= " +
                      std::to_string(index + (options.index_base == IndexBase::zero ? 1 : 0)) + " to cover this data"};
    }
    previous = index;

    const char* value_begin = after_index + 1;
    double value = 1.0;
    // Binary features ("j:1", all of a9a's and url's) are most of some files: skip the float parser.
    const bool plain_one = value_begin != end && *value_begin == '1' && (value_begin + 1 == end || is_blank(value_begin[1]));
    const auto [after_value, value_ec] =
        plain_one ? std::from_chars_result{value_begin + 1, std::errc()} : parse_double(value_begin, end, value);
    if (value_ec != std::errc() || (after_value != end && !is_blank(*after_value))) {
      const char* stop = token_end(token, end);
      throw LineError{"bad feature value '" + quoted(value_begin, stop) + "' in \"" + quoted(token, stop) + "\""};
    }
    if (!std::isfinite(value)) {
      throw LineError{"feature value '" + quoted(value_begin, after_value) + "' in \"" +
                      quoted(token, after_value) + "\" is not a finite number"};
    }
    shard.indices.push_back(static_cast<int>(index - lowest));
    shard.values.push(value);
    p = after_value;
  }

  if (shard.indices.size() > static_cast<std::size_t>(INT_MAX)) {
    throw LineError{"more than 2^31-1 nonzeros in one rank's part of the data; use more ranks"};
  }
  const std::int64_t width = previous - lowest + 1;  // the features this row needs
  if (width > shard.max_index) shard.max_index = width;
  // Indices increase along a line, so an index 0 can only be a row's first.
  const auto row_start = static_cast<std::size_t>(shard.row_starts.back());
  if (lowest == 0 && shard.indices.size() > row_start && shard.indices[row_start] == 0) shard.has_index_zero = true;
  shard.label_ids.push_back(options.labeled ? static_cast<std::uint8_t>(shard.label_set.index_of(label)) : 0);
  shard.row_starts.push_back(static_cast<int>(shard.indices.size()));
}

std::vector<double> SparseShard::labels() const {
  std::vector<double> out(label_ids.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = label(i);
  return out;
}

SparseShard read_libsvm_shard(const InputSet& inputs, ByteRange range, const LibsvmOptions& options) {
  SparseShard shard;
  shard.values = ParsedValues(options.storage, true);
  // Every nonzero has a ':' and every row a line; more than INT_MAX nonzeros is refused while parsing.
  const ShardExtent extent = measure_shard(inputs, range, ':');
  const std::size_t nonzeros = std::min<std::size_t>(extent.separators, INT_MAX);
  shard.indices.reserve(nonzeros);
  shard.values.reserve(nonzeros);
  shard.row_starts.reserve(extent.lines + 1);
  shard.label_ids.reserve(extent.lines);

  LineSource source(inputs, range);
  Line line;
  while (source.next(line)) {
    const int labels_before = shard.label_set.count();
    try {
      parse_libsvm_line(line.text, options, shard);
    } catch (const LineError& error) {
      throw_line_error(inputs.files[line.file].path, {line.file, line.offset}, error.detail, shard.label_set);
    }
    shard.label_set.note_line(labels_before, {line.file, line.offset});
  }
  return shard;
}

}  // namespace dlogit::data
