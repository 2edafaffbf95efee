#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "data/byte_range.hpp"
#include "data/input_files.hpp"
#include "data/label_agreement.hpp"
#include "data/parsed_values.hpp"

namespace dlogit::data {

struct CsvOptions {
  int label_column = 1;         // 1-based; 0: no label column (data to score: label ids 0, label_set empty)
  std::optional<bool> header;   // first line of each file; unset: a header if it is not all numbers
  int weight_column = 0;        // 1-based column of per-row sample weights (>= 0); 0: none
  StorageOptions storage{};     // how values are held while parsing (see ParsedValues)
};

// One rank's CSV rows, dense and row-major, label column (and weight column, if any) removed.
struct DenseShard {
  ParsedValues values{StorageOptions{}, false};  // rows() * (columns - 1)
  std::vector<std::uint8_t> label_ids;  // per row: which of label_set it has
  std::vector<double> weights; // per row, from the weight column; empty without one
  LocalLabels label_set;
  // Column count of the shard's first line (header or row); 0 for a shard without lines.
  std::int64_t columns = 0;
  std::optional<LineRef> first_line;
  // First line whose column count differs from `columns`; reading stopped there. Whether that line
  // or the shard's first line is at fault depends on the other ranks, so it is not thrown here.
  std::optional<LineRef> mismatch;
  std::int64_t mismatch_columns = 0;

  std::int64_t rows() const { return static_cast<std::int64_t>(label_ids.size()); }
  // The label of `row` as written in the file; labels() gives all of them (tests and tools).
  double label(std::size_t row) const { return label_set[label_ids[row]]; }
  std::vector<double> labels() const;
};

// Parses the lines of `range` (see LineSource), without collectives. Throws InputError naming the
// file, line and offending text for a bad value or label; column-count mismatches are recorded.
DenseShard read_csv_shard(const InputSet& inputs, ByteRange range, const CsvOptions& options);

}  // namespace dlogit::data
