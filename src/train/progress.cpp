#include "train/progress.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "data/shard_plan.hpp"
#include "data/input_files.hpp"

namespace dlogit::train {
namespace {

struct RankLoad {
  double rows = 0.0;
  double bytes = 0.0;
  double seconds = 0.0;
  double rows_per_second() const { return seconds > 0.0 ? rows / seconds : 0.0; }
  double megabytes_per_second() const { return seconds > 0.0 ? bytes / 1e6 / seconds : 0.0; }
};

}  // namespace

void report_load(comm::Communicator& comm, const std::string& what, const std::string& pattern,
                 const data::Dataset& shard, double local_seconds, double slowest_seconds, Verbosity verbosity) {
  // The files were read already, so resolving them again cannot fail for a reason loading did not.
  // The bytes are what the rank took from the files on disk: for compressed input the compressed
  // bytes (its text's size is not known without decompressing it again), said so in the line.
  const data::InputSet inputs = data::resolve_inputs(pattern);
  const bool compressed = std::any_of(inputs.files.begin(), inputs.files.end(),
                                      [](const data::InputFile& file) { return file.compressed(); });
  const std::vector<double> mine = {static_cast<double>(shard.local_rows()),
                                    static_cast<double>(data::expected_read_bytes(inputs, comm.rank(), comm.size())),
                                    local_seconds};
  const std::vector<double> all = comm.gather(mine, 0);
  if (!comm.is_root() || verbosity == Verbosity::quiet) return;

  std::vector<RankLoad> ranks;
  for (std::size_t i = 0; i + 2 < all.size(); i += 3) ranks.push_back({all[i], all[i + 1], all[i + 2]});
  const auto [slowest, fastest] = std::minmax_element(
      ranks.begin(), ranks.end(), [](const RankLoad& a, const RankLoad& b) { return a.rows_per_second() < b.rows_per_second(); });
  std::printf("loaded %s: %lld rows, %lld features, %lld nonzeros on %d rank%s in %.3fs; labels %g -> 0, %g -> 1\n",
              what.c_str(), static_cast<long long>(shard.global_rows), static_cast<long long>(shard.features()),
              static_cast<long long>(shard.global_nonzeros), comm.size(), comm.size() == 1 ? "" : "s",
              slowest_seconds, shard.labels.negative, shard.labels.positive);
  const char* unit = compressed ? "compressed MB/s" : "MB/s";
  if (ranks.size() == 1) {
    std::printf("  read %.0f rows/s, %.1f %s\n", slowest->rows_per_second(), slowest->megabytes_per_second(), unit);
  } else {
    std::printf("  per rank: %.0f to %.0f rows/s, %.1f to %.1f %s (slowest rank %ld, fastest %ld)\n",
                slowest->rows_per_second(), fastest->rows_per_second(), slowest->megabytes_per_second(),
                fastest->megabytes_per_second(), unit, static_cast<long>(slowest - ranks.begin()),
                static_cast<long>(fastest - ranks.begin()));
  }
  if (verbosity == Verbosity::verbose) {
    for (std::size_t r = 0; r < ranks.size(); ++r)
      std::printf("  rank %zu: %.0f rows, %.2f MB in %.3fs: %.0f rows/s, %.1f MB/s\n", r, ranks[r].rows,
                  ranks[r].bytes / 1e6, ranks[r].seconds, ranks[r].rows_per_second(), ranks[r].megabytes_per_second());
  }
  std::fflush(stdout);
}

std::string iteration_line(const TraceRow& row, double passes_per_second) {
  char gap[32] = "";
  if (std::isfinite(row.report.gap_bound)) std::snprintf(gap, sizeof gap, "  gap %.2e", row.report.gap_bound);
  char line[240];
  std::snprintf(line, sizeof line, "iter %4d  f %.10e  |g| %.3e%s  step %.2e  evals %ld+%ld  %.3fs  %.1f passes/s",
                row.report.iteration, row.report.objective, row.report.gradient_norm, gap, row.report.step,
                row.report.function_evals, row.report.hessian_evals, row.seconds,
                passes_per_second);
  return line;
}

}  // namespace dlogit::train
