#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "data/dataset.hpp"
#include "data/format.hpp"
#include "data/libsvm_parser.hpp"
#include "data/row_weights.hpp"

namespace dlogit::data {

struct LoadOptions {
  // A file, or a glob of part files (e.g. "data/part-*"), shared among ranks by size; plain or
  // compressed (gzip, bzip2, xz, told by content; see shard_plan.hpp for how ranks share those).
  std::string path;
  Format format = Format::libsvm;
  // Feature count; when unset the largest index seen on any rank (LIBSVM) or the column count (CSV).
  std::optional<std::int64_t> features;
  // Original label value of class 1; when unset the larger of the two labels.
  std::optional<double> positive_label;
  // The label mapping of a trained model (evaluate, predict): the file may hold one or both of these two
  // labels and no other; it is used as is (positive_label is then ignored), so even a one-class file loads.
  std::optional<LabelMapping> known_labels;
  // False: the data has no labels (dlogit predict): LIBSVM lines start with a feature and every line,
  // even a blank one, is a row; CSV has no label column. Needs known_labels, which are then the mapping.
  bool labeled = true;
  // LIBSVM only: how feature indices are numbered (data.zero_based; see IndexBase in libsvm_parser.hpp).
  IndexBase index_base = IndexBase::one;
  // CSV only: 1-based label column, and whether the first line is a header (unset: detected).
  int csv_label_column = 1;
  std::optional<bool> csv_header;
  // CSV only: 1-based column of per-row sample weights, removed from the features; 0: none.
  int csv_weight_column = 0;
  // Row weights of the objective (training data only); unset: unweighted.
  WeightingOptions weighting;
  // The in-memory layout of the values (the leanest lossless one unless told otherwise).
  StorageOptions storage;
  // Set: keep each rank's parsed shard in this folder and read it from there on later runs (see shard_cache.hpp).
  std::optional<std::string> cache_dir;
  // Rank 0 prints a progress line every few seconds of a long load, on stderr (see LoadProgress).
  bool progress = true;
};

}  // namespace dlogit::data
