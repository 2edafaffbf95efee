// libFuzzer target: the LIBSVM reader, through every layer that sees the bytes (one file or three part
// files, with or without a feature count: chosen by a hash of the input).
//   1. parse_libsvm_line on each line (split in memory as LineSource documents it): the reference.
//   2. read_libsvm_shard over real files (one file, three part files) for 1..3 ranks: with 1 rank it
//      must equal the reference, or fail with InputError at the reference's first bad line
//      ("path:LINE: ..."); if the reference succeeds, every split must too and the ranks' rows in
//      rank order must be the reference's rows.
//   3. load_dataset for 1..3 ranks (threads standing in for MPI ranks): all ranks succeed or all
//      fail (a UserError on some rank, AgreedFailure at most on the others), with the same outcome
//      for every rank count; on success the ranks' rows together are the reference's rows.
#include <climits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "comm/communicator.hpp"
#include "support/thread_ranks.hpp"
#include "data/dataset_loader.hpp"
#include "data/libsvm_parser.hpp"
#include "data/line_error.hpp"
#include "fuzz_support.hpp"

using namespace dlogit;

namespace {

struct Reference {
  data::SparseShard shard;
  std::optional<fuzz::RefLine> bad_line;  // the first line parse_libsvm_line rejected
};

Reference parse_reference(const std::vector<fuzz::RefLine>& lines, const data::LibsvmOptions& options) {
  Reference ref;
  for (const fuzz::RefLine& line : lines) {
    try {
      data::parse_libsvm_line(line.text, options, ref.shard);
    } catch (const data::LineError&) {
      ref.bad_line = line;
      break;
    }
  }
  return ref;
}

void check_shard_shape(const data::SparseShard& s, const std::optional<std::int64_t>& features, const std::string& where) {
  fuzz::check(s.row_starts.size() == static_cast<std::size_t>(s.rows()) + 1 && s.row_starts.front() == 0, "CSR outer index size: " + where);
  fuzz::check(s.indices.size() == s.values.size() && static_cast<std::size_t>(s.row_starts.back()) == s.indices.size(),
              "CSR sizes: " + where);
  for (std::size_t r = 0; r + 1 < s.row_starts.size(); ++r) {
    fuzz::check(s.row_starts[r] <= s.row_starts[r + 1], "CSR outer index decreases: " + where);
    for (int k = s.row_starts[r]; k < s.row_starts[r + 1]; ++k) {
      const int index = s.indices[static_cast<std::size_t>(k)];
      fuzz::check(index >= 0 && index < s.max_index, "feature index outside [0, max_index): " + where);
      if (features) fuzz::check(index < *features, "feature index above the configured count: " + where);
      if (k > s.row_starts[r]) fuzz::check(s.indices[static_cast<std::size_t>(k) - 1] < index, "indices not increasing: " + where);
    }
  }
}

// Rows [0, rows) of `whole` starting at row `first` equal `part`.
void check_rows_equal(const data::SparseShard& whole, std::size_t first, const data::SparseShard& part, const std::string& where) {
  fuzz::check(first + static_cast<std::size_t>(part.rows()) <= static_cast<std::size_t>(whole.rows()), "a split has more rows than the whole: " + where);
  const int base = whole.row_starts[first];
  for (std::size_t r = 0; r < static_cast<std::size_t>(part.rows()); ++r) {
    fuzz::check(part.label(r) == whole.label(first + r), "label differs from the reference: " + where);
    fuzz::check(part.row_starts[r + 1] - part.row_starts[r] == whole.row_starts[first + r + 1] - whole.row_starts[first + r],
                "row length differs from the reference: " + where);
  }
  for (std::size_t k = 0; k < part.indices.size(); ++k) {
    fuzz::check(part.indices[k] == whole.indices[static_cast<std::size_t>(base) + k] &&
                    part.values[k] == whole.values[static_cast<std::size_t>(base) + k],
                "nonzero differs from the reference: " + where);
  }
}

void check_shard_reader(const data::InputSet& inputs, const std::vector<fuzz::RefLine>& lines,
                        const data::LibsvmOptions& options) {
  const Reference ref = parse_reference(lines, options);
  if (!ref.bad_line) check_shard_shape(ref.shard, options.features, "reference, " + fuzz::describe(inputs));
  for (int ranks = 1; ranks <= 3; ++ranks) {
    std::size_t rows = 0;
    for (int rank = 0; rank < ranks; ++rank) {
      const std::string where = fuzz::describe(inputs) + ", rank " + std::to_string(rank) + " of " + std::to_string(ranks);
      data::SparseShard shard;
      std::string message;
      const bool ok = fuzz::user_errors_ok(
          [&] { shard = data::read_libsvm_shard(inputs, data::shard_range(inputs.total_size, rank, ranks), options); },
          &message);
      if (ranks == 1) {
        if (ref.bad_line) {
          fuzz::check(!ok, "reader accepted a line that parse_libsvm_line rejects: " + where);
          fuzz::check(fuzz::starts_with(message, fuzz::location_prefix(inputs, *ref.bad_line)),
                      "error '" + message + "' does not start with '" + fuzz::location_prefix(inputs, *ref.bad_line) +
                          "': " + where);
        } else {
          fuzz::check(ok, "reader failed (" + message + ") on lines parse_libsvm_line accepts: " + where);
          fuzz::check(shard.max_index == ref.shard.max_index, "max_index differs from the reference: " + where);
        }
      }
      if (ref.bad_line) continue;  // a split may or may not meet the bad line (or a third label)
      fuzz::check(ok, "a split failed (" + message + ") although the whole input parses: " + where);
      check_shard_shape(shard, options.features, where);
      check_rows_equal(ref.shard, rows, shard, where);
      rows += static_cast<std::size_t>(shard.rows());
    }
    if (!ref.bad_line) {
      fuzz::check(rows == static_cast<std::size_t>(ref.shard.rows()), "the ranks' rows are not all the rows: " + fuzz::describe(inputs) +
                                                        ", " + std::to_string(ranks) + " ranks");
    }
  }
}

struct LoadResult {
  bool ok = false;
  std::vector<data::Dataset> datasets;  // per rank, if ok
  std::string message;                  // a user error's message, if not ok
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
  const std::string where = options.path + ", " + std::to_string(ranks) + " ranks";
  fuzz::check(failed == 0 || failed == ranks, "some ranks loaded and some failed (" + result.message + "): " + where);
  fuzz::check(failed == 0 || user_errors > 0, "every rank threw AgreedFailure, nobody reported the error: " + where);
  result.ok = failed == 0;
  if (result.ok) result.datasets = std::move(datasets);
  return result;
}

void check_loader(const std::string& pattern, const Reference& ref, const std::optional<std::int64_t>& features) {
  data::LoadOptions options;
  options.path = pattern;
  options.format = data::Format::libsvm;
  options.features = features;
  const LoadResult one = load_all(options, 1);
  if (ref.bad_line) fuzz::check(!one.ok, "load_dataset accepted a line that parse_libsvm_line rejects: " + pattern);
  for (int ranks = 2; ranks <= 3; ++ranks) {
    const LoadResult many = load_all(options, ranks);
    const std::string where = pattern + ", " + std::to_string(ranks) + " ranks";
    fuzz::check(many.ok == one.ok, std::string("1 rank ") + (one.ok ? "loads" : "fails (" + one.message + ")") +
                                       " but " + std::to_string(ranks) + " ranks " +
                                       (many.ok ? "load" : "fail (" + many.message + ")") + ": " + where);
    if (!one.ok) continue;
    const data::Dataset& whole = one.datasets[0];
    Eigen::Index row = 0;
    for (const data::Dataset& part : many.datasets) {
      fuzz::check(part.is_sparse() && part.features() == whole.features(), "feature count differs: " + where);
      fuzz::check(part.global_rows == whole.global_rows && part.global_nonzeros == whole.global_nonzeros,
                  "global counts differ: " + where);
      fuzz::check(part.labels.negative == whole.labels.negative && part.labels.positive == whole.labels.positive,
                  "label mapping differs: " + where);
      fuzz::check(row + part.local_rows() <= whole.local_rows(), "ranks have more rows than one rank: " + where);
      fuzz::check(fuzz::same_rows(part.to_dense_matrix(), whole.to_dense_matrix(), row),
                  "rows differ from the 1-rank load: " + where);
      fuzz::check(part.targets() == whole.targets().segment(row, part.local_rows()), "targets differ: " + where);
      row += part.local_rows();
    }
    fuzz::check(row == whole.local_rows(), "the ranks' rows are not all the rows: " + where);
  }
  if (one.ok) {
    const data::Dataset& whole = one.datasets[0];
    fuzz::check(!ref.bad_line && whole.local_rows() == static_cast<Eigen::Index>(static_cast<std::size_t>(ref.shard.rows())) &&
                    whole.global_rows == whole.local_rows() &&
                    whole.local_nonzeros() == static_cast<std::int64_t>(ref.shard.indices.size()),
                "1-rank load differs from the reference rows: " + pattern);
    fuzz::check(whole.features() == features.value_or(ref.shard.max_index), "feature count: " + pattern);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::uint64_t hash = fuzz::input_hash(data, size);
  const fuzz::Layout layout = fuzz::write_layout(data, size, hash % 2 == 1);
  const std::optional<std::int64_t> features = (hash / 2) % 2 == 1 ? std::optional<std::int64_t>(5) : std::nullopt;
  const data::InputSet inputs = data::resolve_inputs(layout.pattern);
  if (fuzz::any_compressed(inputs)) return 0;
  const std::vector<fuzz::RefLine> lines = fuzz::reference_lines(layout.contents);
  const data::LibsvmOptions options{features};
  check_shard_reader(inputs, lines, options);
  check_loader(layout.pattern, parse_reference(lines, options), features);
  return 0;
}
