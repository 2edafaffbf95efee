#include "data/dataset_loader.hpp"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <optional>
#include <cmath>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "comm/agreement.hpp"
#include "common/errors.hpp"
#include "data/byte_range.hpp"
#include "data/csv_parser.hpp"
#include "data/input_files.hpp"
#include "data/label_agreement.hpp"
#include "data/libsvm_parser.hpp"
#include "data/load_progress.hpp"
#include "data/shard_cache.hpp"
#include "data/shard_plan.hpp"
#include "data/line_error.hpp"
#include "data/row_weights.hpp"

namespace dlogit::data {
namespace {

// What each rank contributes to the one allgather that settles the global facts.
enum Fact : std::size_t {
  rows, nonzeros, max_index, index_zero, columns, column_mismatch, labels, fact_count = labels + label_slot_size
};

struct Shard {
  InputSet inputs;
  SparseShard sparse;
  DenseShard dense;
};

void check_options(const LoadOptions& options) {
  if (options.features && (*options.features < 1 || *options.features > INT_MAX)) {
    throw ConfigError("features must be between 1 and " + std::to_string(INT_MAX) + ", not " +
                      std::to_string(*options.features));
  }
  if (!options.labeled && !options.known_labels) throw ConfigError("unlabeled data needs a model's label mapping");
  if (options.format == Format::csv && options.labeled && options.csv_label_column < 1) {
    throw ConfigError("the CSV label column is 1-based, not " + std::to_string(options.csv_label_column));
  }
  if (options.csv_weight_column != 0) {
    if (options.format != Format::csv) throw ConfigError("a weight column needs CSV data");
    if (options.csv_weight_column < 1 || options.csv_weight_column == options.csv_label_column) {
      throw ConfigError("the CSV weight column is 1-based and differs from the label column, not " +
                        std::to_string(options.csv_weight_column));
    }
    if (options.weighting.weights_file) throw ConfigError("give sample weights as a file or as a column, not both");
  }
  if (options.positive_label && !std::isfinite(*options.positive_label)) {
    throw ConfigError("positive_label must be a finite number");
  }
}

// A third label only stops the shard: whether it is the data's first third label depends on the ranks
// before, which refuse_extra_labels decides with all of them (the shard then goes unused).
Shard read_shard(const LoadOptions& options, int rank, int ranks) {
  check_options(options);
  Shard shard;
  shard.inputs = resolve_inputs(options.path);
  LoadProgress progress(options.path, expected_read_bytes(shard.inputs, rank, ranks),
                        options.progress && rank == 0);
  const ByteRange range = plan_shard(shard.inputs, rank, ranks);
  try {
    if (options.format == Format::libsvm) {
      shard.sparse = read_libsvm_shard(shard.inputs, range,
                                       {options.features, options.storage, options.labeled, options.index_base});
    } else {
      shard.dense = read_csv_shard(shard.inputs, range,
                                   {options.labeled ? options.csv_label_column : 0, options.csv_header,
                                    options.csv_weight_column, options.storage});
    }
  } catch (const ThirdLabelError& error) {
    (options.format == Format::libsvm ? shard.sparse.label_set : shard.dense.label_set) = error.labels();
  }
  return shard;
}

// A label outside the data's first two (or the model's) is reported by the rank whose shard holds its
// first line; every rank reaches the same verdict from the gathered slots.
void refuse_extra_labels(const LoadOptions& options, const std::vector<double>& all, int rank, int ranks,
                         const Shard& shard) {
  const auto extra = first_extra_label(&all[labels], ranks, fact_count, options.known_labels);
  if (!extra) return;
  if (extra->rank != rank) throw AgreedFailure("a label on another rank is not allowed", true);
  const LocalLabels& own = options.format == Format::libsvm ? shard.sparse.label_set : shard.dense.label_set;
  const LineRef& line = own.line(extra->slot);
  throw located_error(shard.inputs.files[line.file].path, line.offset,
                      extra_label_detail(*extra, options.known_labels.has_value()));
}

std::vector<double> local_facts(const LoadOptions& options, const Shard& shard) {
  std::vector<double> facts(fact_count, 0.0);
  if (options.format == Format::libsvm) {
    facts[rows] = static_cast<double>(shard.sparse.rows());
    facts[nonzeros] = static_cast<double>(shard.sparse.nonzeros());
    facts[max_index] = static_cast<double>(shard.sparse.max_index);
    facts[index_zero] = shard.sparse.has_index_zero ? 1.0 : 0.0;
    pack_labels(shard.sparse.label_set, &facts[labels]);
  } else {
    facts[rows] = static_cast<double>(shard.dense.rows());
    facts[columns] = static_cast<double>(shard.dense.columns);
    facts[column_mismatch] = shard.dense.mismatch ? 1.0 : 0.0;
    pack_labels(shard.dense.label_set, &facts[labels]);
  }
  return facts;
}

// The column count of the data is that of its first line, which the first rank with any lines has.
// A rank whose own first line disagrees is at fault there; a rank that agrees but stopped at a
// mismatch is at fault at that line. Every rank sees all facts, so all reach the same verdict.
std::int64_t agree_columns(const std::vector<double>& all, int ranks, const Shard& shard) {
  std::int64_t reference = 0;
  for (int r = 0; r < ranks && reference == 0; ++r) {
    reference = static_cast<std::int64_t>(all[static_cast<std::size_t>(r) * fact_count + columns]);
  }
  bool any_fault = false;
  for (int r = 0; r < ranks; ++r) {
    const double* facts = &all[static_cast<std::size_t>(r) * fact_count];
    const auto own = static_cast<std::int64_t>(facts[columns]);
    if ((own != 0 && own != reference) || facts[column_mismatch] != 0.0) any_fault = true;
  }
  if (!any_fault) return reference;

  const DenseShard& dense = shard.dense;
  if (dense.columns != 0 && dense.columns != reference) {
    throw located_error(shard.inputs.files[dense.first_line->file].path, dense.first_line->offset,
                        "line has " + std::to_string(dense.columns) + " columns but the first line of the data has " +
                            std::to_string(reference));
  }
  if (dense.mismatch) {
    throw located_error(shard.inputs.files[dense.mismatch->file].path, dense.mismatch->offset,
                        "line has " + std::to_string(dense.mismatch_columns) +
                            " columns but the lines before it have " + std::to_string(reference));
  }
  throw AgreedFailure("loading failed on another rank", true);
}

// data.zero_based = "auto": the shard was read as 0-based; with no index 0 on any rank the data is 1-based
// after all and every index moves down by one. Returns the agreed feature count the indices imply. With a
// width given, a 0-based index at the width (which the 1-based reading allowed) is an error on the ranks
// that hold one, the others failing quietly: every rank decides from the same gathered facts.
double settle_index_base(Shard& shard, const std::vector<double>& all, int ranks, bool zero_based,
                         const LoadOptions& options) {
  double largest = 0.0;
  for (int r = 0; r < ranks; ++r) largest = std::max(largest, all[static_cast<std::size_t>(r) * fact_count + max_index]);
  if (!zero_based) {
    for (int& index : shard.sparse.indices) --index;
    return std::max(largest - 1.0, 0.0);
  }
  if (options.features && largest > static_cast<double>(*options.features)) {
    if (shard.sparse.max_index > *options.features) {
      throw InputError("data file " + options.path + " holds feature index " +
                       std::to_string(shard.sparse.max_index - 1) + ", beyond the feature count " +
                       std::to_string(*options.features) +
                       " (indices are 0-based, as an index 0 appears in the data); a model has the width it was "
                       "trained with: train with data.features >= " + std::to_string(shard.sparse.max_index) +
                       " to cover this data, or say that the data is 1-based (data.zero_based = false, "
                       "--zero-based false)");
    }
    throw AgreedFailure("loading failed on another rank", true);
  }
  return largest;
}

// The parser's arrays become the shard's: moved, not copied.
SparseStorage build_sparse(SparseShard& shard) {
  SparseStorage rows;
  rows.offsets = std::move(shard.row_starts);
  rows.columns = std::move(shard.indices);
  shard.values.move_into(rows.values64, rows.values32);
  return rows;
}

// Rows of `file_width` values placed in rows of `width` (>= file_width), zero-padded.
template <typename Value>
std::vector<Value> widen_rows(const std::vector<Value>& values, std::size_t row_count, std::size_t file_width,
                              std::size_t width) {
  std::vector<Value> out(row_count * width, Value(0));
  for (std::size_t i = 0; i < row_count; ++i) {
    std::copy_n(values.begin() + static_cast<std::ptrdiff_t>(i * file_width), file_width,
                out.begin() + static_cast<std::ptrdiff_t>(i * width));
  }
  return out;
}

DenseStorage build_dense(DenseShard& shard, std::int64_t file_features, std::int64_t features) {
  DenseStorage rows;
  shard.values.move_into(rows.values64, rows.values32);
  if (file_features == features) return rows;
  const auto row_count = static_cast<std::size_t>(shard.rows());
  const auto width = static_cast<std::size_t>(features);
  const auto file_width = static_cast<std::size_t>(file_features);
  if (!rows.values64.empty()) rows.values64 = widen_rows(rows.values64, row_count, file_width, width);
  if (!rows.values32.empty()) rows.values32 = widen_rows(rows.values32, row_count, file_width, width);
  return rows;
}

Eigen::VectorXd map_targets(const std::vector<std::uint8_t>& label_ids, const LocalLabels& label_set,
                            const LabelMapping& mapping) {
  const double id_target[2] = {label_set.count() > 0 && label_set[0] == mapping.positive ? 1.0 : 0.0,
                               label_set.count() > 1 && label_set[1] == mapping.positive ? 1.0 : 0.0};
  Eigen::VectorXd targets(static_cast<Eigen::Index>(label_ids.size()));
  for (std::size_t i = 0; i < label_ids.size(); ++i) targets[static_cast<Eigen::Index>(i)] = id_target[label_ids[i]];
  return targets;
}

}  // namespace

namespace {

Dataset parse_dataset(const LoadOptions& options, comm::Communicator& comm);

void warn(const comm::Communicator& comm, const std::string& message) {
  std::fprintf(stderr, "dlogit: warning (rank %d): %s\n", comm.rank(), message.c_str());
}

}  // namespace

// With a cache folder: every rank tries its cached shard; only when all of them have one is it used
// (one allreduce decides), otherwise all ranks parse and rewrite their files.
Dataset load_dataset(const LoadOptions& options, comm::Communicator& comm) {
  // Row weights come from their own file and class counts, which the cache key does not cover: a
  // weighted load always parses.
  const bool weighted = options.weighting.any() || options.csv_weight_column != 0;
  if (!options.cache_dir || weighted) return parse_dataset(options, comm);
  std::string path;
  std::string key;
  std::optional<Dataset> cached;
  std::string problem;
  try {
    path = shard_cache_path(*options.cache_dir, options.path, comm.rank(), comm.size());
    key = shard_cache_key(options, resolve_inputs(options.path), comm.rank(), comm.size());
    cached = read_shard_cache(path, key, problem);
  } catch (const std::exception&) {
    // A missing or unreadable source: parsing reports it, on every rank alike.
    key.clear();
  }
  const double misses = comm.allreduce_max(cached ? 0.0 : 1.0);
  if (misses == 0.0) return std::move(*cached);
  if (!problem.empty()) warn(comm, "shard cache " + path + " " + problem + "; parsing the data again");
  Dataset dataset = parse_dataset(options, comm);
  if (!key.empty() && !cached) {
    try {
      write_shard_cache(path, key, dataset);
    } catch (const UserError& error) {
      warn(comm, std::string(error.what()) + " (the run goes on without it)");
    }
  }
  return dataset;
}

namespace {

Dataset parse_dataset(const LoadOptions& options, comm::Communicator& comm) {
  const int rank = comm.rank();
  const int ranks = comm.size();

  // Collectives, in this order on every rank and every path: the failure agreement, allgather(facts).
  // Anything a rank throws while reading is held until all ranks know whether any failed, so a rank
  // never waits in a collective that a failed rank will not join.
  Shard shard = comm::on_every_rank(comm, "loading failed on another rank",
                                    [&] { return read_shard(options, rank, ranks); });

  const std::vector<double> mine = local_facts(options, shard);
  std::vector<double> all(fact_count * static_cast<std::size_t>(ranks));
  comm.allgather(mine.data(), fact_count, all.data());
  refuse_extra_labels(options, all, rank, ranks, shard);

  // From here every rank decides from the same gathered facts, so errors need no further agreement.
  std::int64_t file_features = 0;
  if (options.format == Format::csv) {
    file_features = agree_columns(all, ranks, shard) - (options.labeled ? 1 : 0) - (options.csv_weight_column != 0 ? 1 : 0);
  }
  double global_rows = 0.0;
  double global_nonzeros = 0.0;
  double largest_index = 0.0;
  bool any_index_zero = false;
  double first_row = 0.0;
  for (int r = 0; r < ranks; ++r) {
    const double* facts = &all[static_cast<std::size_t>(r) * fact_count];
    if (r < rank) first_row += facts[rows];
    global_rows += facts[rows];
    global_nonzeros += facts[nonzeros];
    largest_index = std::max(largest_index, facts[max_index]);
    any_index_zero = any_index_zero || facts[index_zero] != 0.0;
  }
  if (global_rows == 0.0) {
    throw InputError(shard.inputs.total_size == 0 ? "data file " + options.path + " is empty"
                                                  : "data file " + options.path + " has no data rows");
  }
  const std::vector<double> seen = union_labels(&all[labels], ranks, fact_count);
  const LabelMapping mapping = !options.labeled        ? *options.known_labels
                               : options.known_labels ? check_known_mapping(seen, *options.known_labels, options.path)
                                                    : choose_mapping(seen, options.positive_label, options.path);

  std::int64_t features = 0;
  Dataset dataset;
  if (options.format == Format::libsvm) {
    if (options.index_base == IndexBase::detect) {
      largest_index = settle_index_base(shard, all, ranks, any_index_zero, options);
    }
    features = options.features.value_or(static_cast<std::int64_t>(largest_index));
    Eigen::VectorXd targets = map_targets(shard.sparse.label_ids, shard.sparse.label_set, mapping);
    dataset = Dataset(build_sparse(shard.sparse), features, std::move(targets));
  } else {
    features = options.features.value_or(file_features);
    if (features < file_features) {
      throw InputError("data file " + options.path + " has " + std::to_string(file_features) +
                       " feature columns, more than the " + std::to_string(features) +
                       " features configured (or of the model); train with data.features >= " +
                       std::to_string(file_features) + " to cover this data");
    }
    global_nonzeros = global_rows * static_cast<double>(features);
    Eigen::VectorXd targets = map_targets(shard.dense.label_ids, shard.dense.label_set, mapping);
    dataset = Dataset(build_dense(shard.dense, file_features, features), features, std::move(targets));
  }
  dataset.compact(options.storage);
  dataset.global_rows = static_cast<std::int64_t>(global_rows);
  dataset.global_nonzeros = static_cast<std::int64_t>(global_nonzeros);
  dataset.first_row = static_cast<std::int64_t>(first_row);
  dataset.labels = mapping;
  if (options.weighting.any() || options.csv_weight_column != 0) {
    dataset.set_row_weights(row_weights(options.weighting, std::move(shard.dense.weights), dataset.targets(), mapping,
                                        dataset.first_row, dataset.global_rows, options.path, comm));
  }
  return dataset;
}

}  // namespace

}  // namespace dlogit::data
