// launch/scale on a tiny synthetic config: a well-formed scaling.csv, an aligned table on the terminal and
// non-empty pictures, for strong and weak scaling; then --comm and --model on small messages; --binary in
// the help; the feature sweep (--features) on two feature counts and two rank counts.
#include <catch2/catch.hpp>
#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>
#include <fstream>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <utility>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

namespace {

dlogit::test::RunOutcome run_scale(const std::string& arguments) {
  const std::string command = "timeout -k 5 300 " + dlogit::test::source_dir() + "/launch/scale " + arguments +
                              " --binary " + dlogit::test::dlogit_binary() + " 2>&1";
  dlogit::test::RunOutcome outcome;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  for (size_t got = 0; (got = fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) outcome.out.append(buffer.data(), got);
  const int status = pclose(pipe);
  outcome.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return outcome;
}

std::vector<std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::stringstream text(line);
    for (std::string field; std::getline(text, field, ',');) fields.push_back(field);
    rows.push_back(fields);
  }
  return rows;
}

std::size_t column(const std::vector<std::string>& header, const std::string& name) {
  const auto found = std::find(header.begin(), header.end(), name);
  REQUIRE(found != header.end());
  return static_cast<std::size_t>(found - header.begin());
}

bool is_png(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[8] = {};
  in.read(magic, 8);
  return in && std::string(magic + 1, 3) == "PNG" && std::filesystem::file_size(path) > 5000;
}

}  // namespace

TEST_CASE("launch/scale writes scaling.csv and the pictures for strong and weak scaling") {
  const std::string dir = dlogit::test::temp_dir("e2e-scale");
  const std::string config = dlogit::test::write_file(
      dir, "tiny.toml",
      "[data.synthetic]\nrows = 4000\nfeatures = 300\ndensity = 0.02\n[optimizer]\nmethod = \"lbfgs\"\nmax_iter = 5\n"
      "tol = 0\n");
  for (const std::string mode : {"strong", "weak"}) {
    INFO(mode);
    const std::string out = dir + "/" + mode;
    const auto outcome = run_scale(config + " --ranks 1,2,3 --repeat 2 --mode " + mode + " --out " + out);
    INFO(outcome.out);
    REQUIRE(outcome.exit_code == 0);
    const auto rows = read_csv(out + "/scaling.csv");
    REQUIRE(rows.size() == 4);  // header and one row per rank count
    const auto& header = rows[0];
    for (const char* name : {"ranks", "rows", "rows_per_rank", "time_per_iteration_median", "time_per_iteration_min",
                             "time_per_iteration_max", "compute", "imbalance", "allreduce", "broadcast", "update",
                             "load", "speedup", "efficiency", "oversubscribed"})
      column(header, name);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto& row = rows[i];
      REQUIRE(row.size() == header.size());
      const int ranks = std::stoi(row[column(header, "ranks")]);
      CHECK(ranks == std::vector<int>{1, 2, 3}[i - 1]);
      const long data_rows = std::stol(row[column(header, "rows")]);
      CHECK(data_rows == (mode == "weak" ? 4000L * ranks : 4000L));
      CHECK(std::stol(row[column(header, "rows_per_rank")]) == data_rows / ranks);
      const double low = std::stod(row[column(header, "time_per_iteration_min")]);
      const double median = std::stod(row[column(header, "time_per_iteration_median")]);
      const double high = std::stod(row[column(header, "time_per_iteration_max")]);
      CHECK(0.0 < low);
      CHECK(low <= median);
      CHECK(median <= high);
      CHECK(std::stod(row[column(header, "compute")]) > 0.0);
      CHECK(std::stod(row[column(header, "efficiency")]) > 0.0);
      CHECK(row[column(header, "oversubscribed")] ==
            (ranks > static_cast<int>(std::thread::hardware_concurrency()) ? "yes" : "no"));
    }
    CHECK(std::stod(rows[1][column(header, "speedup")]) == Approx(1.0));
    // The terminal gets an aligned table, not the CSV: every line of it as wide as its header, the
    // columns right-aligned under their names.
    CHECK_THAT(outcome.out, !Catch::Contains("mode,ranks,"));
    CHECK_THAT(outcome.out, Catch::Contains(mode + " scaling: "));
    std::vector<std::string> table;
    std::istringstream lines(outcome.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("ranks  rows/rank", 0) == 0 || (!table.empty() && table.size() < 4)) table.push_back(line);
    }
    REQUIRE(table.size() == 4);
    for (std::size_t i = 1; i < table.size(); ++i) {
      INFO(table[i]);
      CHECK(table[i].size() == table[0].size());
      CHECK(std::count(table[i].begin(), table[i].end(), ',') <= 2);  // thousands separators, not CSV fields
      std::istringstream cells(table[i]);
      int ranks = 0;
      cells >> ranks;
      CHECK(ranks == static_cast<int>(i));
      CHECK(table[i].substr(0, 5) == std::string(4, ' ') + std::to_string(i));  // right-aligned under "ranks"
    }
    for (const char* picture : {"speedup.png", "efficiency.png", "breakdown.png"}) {
      INFO(picture);
      CHECK(is_png(out + "/" + picture));
    }
  }
}

TEST_CASE("launch/scale --comm fits the collectives and --model predicts from them") {
  const std::string dir = dlogit::test::temp_dir("e2e-scale-model");
  const std::string config = dlogit::test::write_file(
      dir, "tiny.toml", "[data.synthetic]\nrows = 4000\nfeatures = 300\n[optimizer]\nmethod = \"lbfgs\"\nmax_iter = 4\ntol = 0\n");
  const auto strong = run_scale(config + " --ranks 1,2 --repeat 1 --out " + dir);
  INFO(strong.out);
  REQUIRE(strong.exit_code == 0);
  const auto comm = run_scale("--comm --ranks 2 --max-bytes 65536 --budget 0.01 --out " + dir);
  INFO(comm.out);
  REQUIRE(comm.exit_code == 0);
  const auto measured = read_csv(dir + "/comm.csv");
  CHECK(measured.size() == 1 + 2 * 14);  // 8 B .. 64 KiB, both collectives
  CHECK(dlogit::test::read_text(dir + "/comm_fit.json").find("\"alpha_s\"") != std::string::npos);
  CHECK(is_png(dir + "/comm.png"));

  const auto predicted = run_scale("--model --out " + dir + " --latency-us 2 --bandwidth-gbs 100");
  INFO(predicted.out);
  REQUIRE(predicted.exit_code == 0);
  const auto rows = read_csv(dir + "/model.csv");
  const auto& header = rows[0];
  const std::size_t ranks = column(header, "ranks"), total = column(header, "time_per_iteration_s");
  const std::size_t compute = column(header, "compute_s"), features = column(header, "features");
  int at_1024 = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][ranks] != "1024" || rows[i][0] != "cluster") continue;
    ++at_1024;
    CHECK(std::stod(rows[i][total]) >= std::stod(rows[i][compute]));
  }
  CHECK(at_1024 == 5);  // 1e3 .. 1e7 features
  (void)features;
  CHECK(is_png(dir + "/model.png"));
  // Missing inputs are named.
  const auto missing = run_scale("--model --out " + dir + "/nothing");
  CHECK(missing.exit_code != 0);
  CHECK_THAT(missing.out, Catch::Contains("scaling.csv"));
}

TEST_CASE("launch/scale --features sweeps the feature count and writes features.csv and features.png") {
  const std::string dir = dlogit::test::temp_dir("e2e-scale-features");
  const std::string config = dlogit::test::write_file(
      dir, "tiny.toml",
      "[data.synthetic]\nrows = 2000\nfeatures = 500\ndensity = 0.02\n[optimizer]\nmethod = \"lbfgs\"\nmax_iter = 3\n"
      "tol = 0\n");
  const std::string out = dir + "/sweep";
  const auto outcome = run_scale(config + " --features 1e4,1e3 --ranks 1,2 --repeat 1 --out " + out);
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  const auto rows = read_csv(out + "/features.csv");
  REQUIRE(rows.size() == 5);  // header, then (1e3, 1 rank), (1e3, 2), (1e4, 1), (1e4, 2): sorted by features
  const auto& header = rows[0];
  for (const char* name : {"features", "ranks", "rows", "row_nonzeros", "nonzeros", "evaluations_per_iteration", "wall",
                           "passes", "exchange", "update", "output", "other", "non_pass_percent",
                           "pass_ns_per_nonzero", "after_loop", "final_checkpoint", "final_checkpoint_bytes",
                           "model_write", "rank0_peak_rss_mb", "rank0_loop_peak_rss_mb", "rank0_bound_mb",
                           "others_peak_rss_mb", "shard_mb", "speedup_vs_1_rank"})
    column(header, name);
  const std::vector<std::pair<long, int>> points{{1000, 1}, {1000, 2}, {10000, 1}, {10000, 2}};
  for (std::size_t i = 1; i < rows.size(); ++i) {
    // read_csv drops a trailing empty field; the optional after-the-loop columns may be empty.
    const auto& row = rows[i];
    INFO(i);
    REQUIRE(row.size() >= column(header, "speedup_vs_1_rank"));
    CHECK(std::stol(row[column(header, "features")]) == points[i - 1].first);
    CHECK(std::stoi(row[column(header, "ranks")]) == points[i - 1].second);
    CHECK(std::stol(row[column(header, "rows")]) == 2000);
    // The nonzeros per row stay the config's 0.02 x 500 at every feature count.
    CHECK(std::stol(row[column(header, "row_nonzeros")]) == 10);
    CHECK(std::stol(row[column(header, "nonzeros")]) == 20000);
    const double wall = std::stod(row[column(header, "wall")]);
    const double passes = std::stod(row[column(header, "passes")]);
    double parts = 0.0;
    for (const char* part : {"passes", "exchange", "update", "output", "other"})
      parts += std::stod(row[column(header, part)]);
    CHECK(passes > 0.0);
    CHECK(parts == Approx(wall).epsilon(1e-4));
    CHECK(std::stod(row[column(header, "non_pass_percent")]) == Approx(100.0 * (wall - passes) / wall).epsilon(1e-3));
    CHECK(std::stod(row[column(header, "pass_ns_per_nonzero")]) > 0.0);
    CHECK(std::stod(row[column(header, "rank0_peak_rss_mb")]) > std::stod(row[column(header, "shard_mb")]));
    CHECK(std::stod(row[column(header, "rank0_bound_mb")]) > 0.0);
    CHECK(row[column(header, "others_peak_rss_mb")].empty() == (points[i - 1].second == 1));
    if (points[i - 1].second == 1) CHECK(std::stod(row[column(header, "speedup_vs_1_rank")]) == Approx(1.0));
  }
  CHECK_THAT(outcome.out, Catch::Contains("feature sweep: 2,000 rows, 10 nonzeros per row"));
  CHECK_THAT(outcome.out, Catch::Contains("10,000      2"));
  CHECK(is_png(out + "/features.png"));

  // Nonsense feature counts are refused before anything runs, with the reason.
  for (const auto& [features, reason] : std::vector<std::pair<std::string, std::string>>{
           {"1e3,abc", "'abc' is not a number"}, {"0", "'0' is outside"}, {"1e3,1000", "given twice"},
           {"12.5", "not a whole number"}}) {
    INFO(features);
    const auto refused = run_scale(config + " --features " + features + " --out " + dir + "/refused");
    CHECK(refused.exit_code == 2);
    CHECK_THAT(refused.out, Catch::Contains(reason));
  }
  CHECK_FALSE(std::filesystem::exists(dir + "/refused/features.csv"));
}

TEST_CASE("launch/scale --help documents --binary") {
  const auto help = run_scale("--help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--binary PATH") && Catch::Contains("launch/setup is not"));
  CHECK_THAT(help.out, Catch::Contains("--binary build/dlogit   # a build of your own, no setup"));
  CHECK_THAT(help.out, Catch::Contains("--features N,N,...") && Catch::Contains("--row-nonzeros K"));
}
