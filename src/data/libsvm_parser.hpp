#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "data/byte_range.hpp"
#include "data/input_files.hpp"
#include "data/label_agreement.hpp"
#include "data/parsed_values.hpp"

namespace dlogit::data {

// How the feature indices of a LIBSVM file are numbered (data.zero_based): from 1 (the LIBSVM convention),
// from 0 (scikit-learn's dump_svmlight_file), or detected as scikit-learn's load_svmlight_file does:
// 0-based if an index 0 appears anywhere in the input (all ranks agree, see dataset_loader.cpp).
enum class IndexBase { one, zero, detect };

// One rank's LIBSVM rows in CSR form, before the feature count is agreed.
struct SparseShard {
  std::vector<int> row_starts{0};  // CSR outer index: row i is [row_starts[i], row_starts[i+1])
  // 0-based feature indices, increasing within a row. With IndexBase::detect they are stored as written
  // (0-based), and the loader subtracts 1 from all once the ranks agree that no index 0 appears.
  std::vector<int> indices;
  ParsedValues values;             // explicit zeros are kept, as written
  std::vector<std::uint8_t> label_ids;  // per row: which of label_set it has (one byte, not eight)
  LocalLabels label_set;
  std::int64_t max_index = 0;      // the feature count the indices imply (largest stored index + 1), 0 if none
  bool has_index_zero = false;     // an index 0 was written (IndexBase zero or detect)

  std::int64_t rows() const { return static_cast<std::int64_t>(label_ids.size()); }
  std::int64_t nonzeros() const { return static_cast<std::int64_t>(indices.size()); }
  // The label of `row` as written in the file; labels() gives all of them (tests and tools).
  double label(std::size_t row) const { return label_set[label_ids[row]]; }
  std::vector<double> labels() const;
};

struct LibsvmOptions {
  std::optional<std::int64_t> features;  // an index beyond this width is an error (detect: above it)
  StorageOptions storage{};              // how values are held while parsing (see ParsedValues)
  // False: no line has a label (data to score). Every line is then a row, so that rows and lines stay
  // in step: a blank or comment-only line is an all-zero row. Its label id is 0 and label_set stays empty.
  bool labeled = true;
  IndexBase index_base = IndexBase::one;
};

// Appends the row on `line` (without its newline) to `shard`; with labels, blank and comment-only lines
// add nothing. `qid:` tokens and "# ..." comments are ignored. Throws LineError on bad input.
void parse_libsvm_line(std::string_view line, const LibsvmOptions& options, SparseShard& shard);

// Parses the lines of `range` (see LineSource), without collectives. Throws InputError naming the
// file, line and offending text.
SparseShard read_libsvm_shard(const InputSet& inputs, ByteRange range, const LibsvmOptions& options);

}  // namespace dlogit::data
