#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "common/errors.hpp"

namespace dlogit::data {

// A bad line as the parser sees it: what is wrong, but not yet where. The line number costs a
// re-read of the file up to the line, so it is only worked out when the error is reported.
struct LineError {
  std::string detail;
};

// 1-based number of the line starting at byte `offset` of the file at `path` (counts the '\n' before it;
// for a compressed file, `offset` is into its decompressed text). 0 if the file cannot be read to there.
std::int64_t line_number_at(const std::string& path, std::uint64_t offset);

// "path:line: detail", for the line starting at byte `offset` of `path`.
InputError located_error(const std::string& path, std::uint64_t offset, const std::string& detail);

// Shortest text that reads back as `value` ("1", "-1", "0.5").
std::string format_number(double value);

}  // namespace dlogit::data
