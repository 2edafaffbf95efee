#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace dlogit::data {

enum class Format { libsvm, csv };

struct LoadOptions {
  // A file, or a glob of part files (e.g. "data/part-*"), shared among ranks by size.
  std::string path;
  Format format = Format::libsvm;
  // Feature count; when unset the largest index seen on any rank (LIBSVM) or the column count (CSV).
  std::optional<std::int64_t> features;
  // Original label value of class 1; when unset the larger of the two labels.
  std::optional<double> positive_label;
  // CSV only: 1-based label column, and whether the first line is a header (unset: detected).
  int csv_label_column = 1;
  std::optional<bool> csv_header;
};

// Format implied by the file name: .csv (also .csv.* / part files of a .csv glob) -> csv, else libsvm.
Format format_from_extension(const std::string& path);

}  // namespace dlogit::data
