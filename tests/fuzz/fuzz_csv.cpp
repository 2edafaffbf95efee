// libFuzzer target: the CSV reader, through every layer that sees the bytes, for several option sets
// (label column 1..3, header detected / forced / absent; one file or three part files: chosen by a
// hash of the input).
//   1. read_csv_shard over real files (one file, three part files) for 1..3 ranks: errors are
//      InputError naming "path:LINE: "; if one rank reads the whole input cleanly (no error, no
//      column mismatch), every split must too, and the ranks' rows in rank order are its rows.
//   2. load_dataset for 1..3 ranks (threads standing in for MPI ranks): all ranks succeed or all
//      fail (a UserError on some rank, AgreedFailure at most on the others), with the same outcome
//      for every rank count; on success the ranks' rows together are the 1-rank rows.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "comm/communicator.hpp"
#include "data/csv_parser.hpp"
#include "support/thread_ranks.hpp"
#include "data/dataset_loader.hpp"
#include "fuzz_support.hpp"

using namespace dlogit;

namespace {

bool has_line_prefix(const data::InputSet& inputs, const std::vector<fuzz::RefLine>& lines, const std::string& message) {
  for (const fuzz::RefLine& line : lines) {
    if (fuzz::starts_with(message, fuzz::location_prefix(inputs, line))) return true;
  }
  return false;
}

void check_shard_reader(const data::InputSet& inputs, const std::vector<fuzz::RefLine>& lines,
                        const data::CsvOptions& options) {
  data::DenseShard whole;
  bool whole_clean = false;
  for (int ranks = 1; ranks <= 3; ++ranks) {
    std::size_t rows = 0;
    for (int rank = 0; rank < ranks; ++rank) {
      const std::string where = fuzz::describe(inputs) + ", label column " + std::to_string(options.label_column) +
                                ", rank " + std::to_string(rank) + " of " + std::to_string(ranks);
      data::DenseShard shard;
      std::string message;
      const bool ok = fuzz::user_errors_ok(
          [&] { shard = data::read_csv_shard(inputs, data::shard_range(inputs.total_size, rank, ranks), options); },
          &message);
      if (!ok) {
        fuzz::check(has_line_prefix(inputs, lines, message), "error '" + message + "' names no line: " + where);
        fuzz::check(ranks == 1 || !whole_clean, "a split failed (" + message + ") although 1 rank reads it cleanly: " + where);
        continue;
      }
      fuzz::check(shard.columns >= 0 && shard.values.size() == static_cast<std::size_t>(shard.rows()) * static_cast<std::size_t>(
                                                                  shard.columns > 0 ? shard.columns - 1 : 0),
                  "values are not rows x (columns - 1): " + where);
      fuzz::check(shard.columns == 0 || shard.columns >= options.label_column, "no label column: " + where);
      fuzz::check(shard.label_set.count() <= 2, "more than two labels: " + where);
      if (ranks == 1) {
        whole_clean = !shard.mismatch;
        whole = shard;
        continue;
      }
      if (!whole_clean) continue;
      fuzz::check(!shard.mismatch, "a split has a column mismatch the whole input has not: " + where);
      fuzz::check(shard.rows() == 0 || shard.columns == whole.columns, "a split has another column count: " + where);
      fuzz::check(rows + static_cast<std::size_t>(shard.rows()) <= static_cast<std::size_t>(whole.rows()), "a split has more rows than the whole: " + where);
      const std::size_t width = whole.columns > 0 ? static_cast<std::size_t>(whole.columns - 1) : 0;
      for (std::size_t r = 0; r < static_cast<std::size_t>(shard.rows()); ++r) {
        fuzz::check(shard.label(r) == whole.label(rows + r), "label differs from the 1-rank read: " + where);
        for (std::size_t c = 0; c < width; ++c) {
          fuzz::check(shard.values[r * width + c] == whole.values[(rows + r) * width + c],
                      "value differs from the 1-rank read: " + where);
        }
      }
      rows += static_cast<std::size_t>(shard.rows());
    }
    if (ranks > 1 && whole_clean) {
      fuzz::check(rows == static_cast<std::size_t>(whole.rows()), "the ranks' rows are not all the rows: " + fuzz::describe(inputs) +
                                                   ", " + std::to_string(ranks) + " ranks");
    }
  }
}

struct LoadResult {
  bool ok = false;
  std::vector<data::Dataset> datasets;
  std::string message;
};

LoadResult load_all(const data::LoadOptions& options, int ranks) {
  std::vector<data::Dataset> datasets(static_cast<std::size_t>(ranks));
  const auto errors = test::run_ranks(ranks, [&](int rank, comm::Communicator& comm) {
    datasets[static_cast<std::size_t>(rank)] = data::load_dataset(options, comm);
  });
  LoadResult result;
  int failed = 0;
  int user_errors = 0;
  for (const auto& error : errors) {
    std::string message;
    switch (fuzz::classify(error, &message)) {
      case fuzz::Outcome::ok: break;
      case fuzz::Outcome::user_error: ++failed; ++user_errors; result.message = message; break;
      case fuzz::Outcome::agreed_failure: ++failed; break;
    }
  }
  const std::string where = options.path + ", label column " + std::to_string(options.csv_label_column) + ", " +
                            std::to_string(ranks) + " ranks";
  fuzz::check(failed == 0 || failed == ranks, "some ranks loaded and some failed (" + result.message + "): " + where);
  fuzz::check(failed == 0 || user_errors > 0, "every rank threw AgreedFailure, nobody reported the error: " + where);
  result.ok = failed == 0;
  if (result.ok) result.datasets = std::move(datasets);
  return result;
}

void check_loader(const std::string& pattern, const data::CsvOptions& csv) {
  data::LoadOptions options;
  options.path = pattern;
  options.format = data::Format::csv;
  options.csv_label_column = csv.label_column;
  options.csv_header = csv.header;
  const LoadResult one = load_all(options, 1);
  for (int ranks = 2; ranks <= 3; ++ranks) {
    const LoadResult many = load_all(options, ranks);
    const std::string where = pattern + ", label column " + std::to_string(csv.label_column) + ", " +
                              std::to_string(ranks) + " ranks";
    fuzz::check(many.ok == one.ok, std::string("1 rank ") + (one.ok ? "loads" : "fails (" + one.message + ")") +
                                       " but " + std::to_string(ranks) + " ranks " +
                                       (many.ok ? "load" : "fail (" + many.message + ")") + ": " + where);
    if (!one.ok) continue;
    const data::Dataset& whole = one.datasets[0];
    Eigen::Index row = 0;
    for (const data::Dataset& part : many.datasets) {
      fuzz::check(!part.is_sparse() && part.features() == whole.features(), "feature count differs: " + where);
      fuzz::check(part.global_rows == whole.global_rows && part.global_nonzeros == whole.global_nonzeros,
                  "global counts differ: " + where);
      fuzz::check(part.labels.negative == whole.labels.negative && part.labels.positive == whole.labels.positive,
                  "label mapping differs: " + where);
      fuzz::check(row + part.local_rows() <= whole.local_rows(), "ranks have more rows than one rank: " + where);
      fuzz::check(fuzz::same_rows(part.to_dense_matrix(), whole.to_dense_matrix(), row), "rows differ: " + where);
      fuzz::check(part.targets() == whole.targets().segment(row, part.local_rows()), "targets differ: " + where);
      row += part.local_rows();
    }
    fuzz::check(row == whole.local_rows(), "the ranks' rows are not all the rows: " + where);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const data::CsvOptions option_sets[] = {{1, std::nullopt}, {2, std::nullopt}, {1, true}, {3, false}};
  const std::uint64_t hash = fuzz::input_hash(data, size);
  const fuzz::Layout layout = fuzz::write_layout(data, size, hash % 2 == 1);
  const data::CsvOptions& options = option_sets[(hash / 2) % 4];
  const data::InputSet inputs = data::resolve_inputs(layout.pattern);
  if (fuzz::any_compressed(inputs)) return 0;
  check_shard_reader(inputs, fuzz::reference_lines(layout.contents), options);
  check_loader(layout.pattern, options);
  return 0;
}
