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
  if (p == end) return;

  double label = 0.0;
  {
    const char* label_begin = p;
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

  const std::int64_t max_index = options.features.value_or(INT_MAX);
  std::int64_t previous = 0;
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
      if (colon == nullptr) {
        throw LineError{"bad feature '" + quoted(token, stop) + "' (expected index:value)"};
      }
      throw LineError{"bad feature index '" + quoted(token, static_cast<const char*>(colon)) + "' in \"" +
                      quoted(token, stop) + "\""};
    }
    if (index <= 0) {
      throw LineError{"bad feature index '" + quoted(token, after_index) + "' in \"" +
                      quoted(token, token_end(token, end)) + "\" (indices are 1-based)"};
    }
    if (index <= previous) {
      throw LineError{"feature index " + std::to_string(index) + " in \"" + quoted(token, token_end(token, end)) +
                      "\" does not follow " + std::to_string(previous) + " (indices must increase along a line)"};
    }
    if (index > max_index) {
      throw LineError{"feature index " + std::to_string(index) + " in \"" + quoted(token, token_end(token, end)) +
                      "\" is above the feature count " + std::to_string(max_index)};
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
    shard.indices.push_back(static_cast<int>(index - 1));
    shard.values.push(value);
    p = after_value;
  }

  if (shard.indices.size() > static_cast<std::size_t>(INT_MAX)) {
    throw LineError{"more than 2^31-1 nonzeros in one rank's part of the data; use more ranks"};
  }
  if (previous > shard.max_index) shard.max_index = previous;
  shard.label_ids.push_back(static_cast<std::uint8_t>(shard.label_set.index_of(label)));
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
