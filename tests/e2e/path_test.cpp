// End-to-end regularization paths on a9a: lambda_max, monotone sparsity, warm starts, resume, progress output.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::json_number;
using dlogit::test::run_dlogit;

namespace {

std::string l1_config(const std::string& dir, const std::string& regularization_extra) {
  return dlogit::test::write_file(dir, "l1.toml",
                                  "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") + "\"\ntest = \"" +
                                      dlogit::test::dataset("a9a.t.svm") +
                                      "\"\n[regularization]\npenalty = \"l1\"\n" + regularization_extra +
                                      "[output]\ndir = \"" + dir + "/out\"\n");
}

// path.csv as one map (column name -> text) per row.
std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  std::istringstream text(dlogit::test::read_text(path));
  std::vector<std::string> header;
  std::vector<std::map<std::string, std::string>> rows;
  for (std::string line; std::getline(text, line);) {
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    if (!line.empty() && line.back() == ',') cells.emplace_back();
    if (header.empty()) {
      header = cells;
      continue;
    }
    REQUIRE(cells.size() == header.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

double number(const std::map<std::string, std::string>& row, const std::string& column) {
  return std::stod(row.at(column));
}

// Whether some line of `text` matches `pattern` as a whole (one line at a time: a regex over the whole
// output would recurse once per character).
bool has_line(const std::string& text, const std::string& pattern) {
  const std::regex line_pattern(pattern);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (std::regex_match(line, line_pattern)) return true;
  return false;
}

std::string exact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

TEST_CASE("an l1 path from lambda_max: every point written, nonzeros never grow with lambda") {
  const std::string dir = dlogit::test::temp_dir("e2e-path");
  const auto config = l1_config(dir, "path = { count = 8, min_ratio = 0.003 }\n");
  const auto outcome = run_dlogit(2, "train " + config, 300);
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  const auto rows = read_csv(dir + "/out/path.csv");
  REQUIRE(rows.size() == 8);
  CHECK(number(rows.front(), "nonzeros") == 0);  // lambda_max zeroes every weight
  CHECK(number(rows.back(), "nonzeros") > 10);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    INFO("point " << i);
    CHECK(number(rows[i], "converged") == 1);
    CHECK(number(rows[i], "test_auc") > 0.0);
    const std::string folder = dir + "/out/" + rows[i].at("folder");
    for (const char* file : {"model.bin", "result.json", "trace.csv", "roc.csv"})
      CHECK(std::filesystem::file_size(folder + "/" + file) > 0);
    CHECK(json_number(folder + "/result.json", "lambda") == Approx(number(rows[i], "lambda")).epsilon(1e-15));
    CHECK(json_number(folder + "/result.json", "nnz_weights") == number(rows[i], "nonzeros"));
    if (i == 0) continue;
    CHECK(number(rows[i], "lambda") < number(rows[i - 1], "lambda"));
    CHECK(number(rows[i], "nonzeros") >= number(rows[i - 1], "nonzeros"));
  }
  CHECK_THAT(outcome.out, Catch::Contains("path of 8 lambdas"));
}

TEST_CASE("lambda_max is exact: just above it a cold start keeps every weight zero, just below one is not") {
  const std::string dir = dlogit::test::temp_dir("e2e-lambda-max");
  const auto config = l1_config(dir, "path = { count = 1 }\n");
  const auto path = run_dlogit(1, "train " + config + " --quiet", 120);
  INFO(path.out);
  REQUIRE(path.exit_code == 0);
  const double lambda_max = number(read_csv(dir + "/out/path.csv").at(0), "lambda");
  for (const auto& [factor, zero] : {std::pair{1.0 + 1e-6, true}, std::pair{1.0 - 1e-3, false}}) {
    const std::string out = dir + "/cold-" + (zero ? "above" : "below");
    // The exact optimum (tol 1e-10, the certificate off): a run certified within 1e-6 may still hold a
    // weight of 1e-9 that the optimum does not have.
    const auto cold = run_dlogit(2, "train " + config + " --quiet --set regularization.path.count= --set "
                                        "regularization.lambda=" + exact(lambda_max * factor) +
                                        " --set optimizer.tol=1e-10 --set optimizer.gap_tol=0 --set output.dir=" + out, 120);
    INFO(cold.out);
    REQUIRE(cold.exit_code == 0);
    if (zero)
      CHECK(json_number(out + "/result.json", "nnz_weights") == 0);
    else
      CHECK(json_number(out + "/result.json", "nnz_weights") >= 1);
  }
}

TEST_CASE("warm starts along a path take fewer passes than cold starts at the same lambdas") {
  const std::string dir = dlogit::test::temp_dir("e2e-warm");
  const auto config = l1_config(dir, "lambda = [300.0, 100.0, 30.0, 10.0, 3.0, 1.0]\n");
  const auto warm = run_dlogit(2, "train " + config + " --quiet", 300);
  INFO(warm.out);
  REQUIRE(warm.exit_code == 0);
  const auto rows = read_csv(dir + "/out/path.csv");
  REQUIRE(rows.size() == 6);
  double warm_passes = 0, cold_passes = 0;
  for (const auto& row : rows) {
    warm_passes += number(row, "passes");
    const std::string out = dir + "/cold-" + row.at("point");
    // The exact optimum (tol 1e-10, the certificate off): a run certified within 1e-6 may still hold a
    // weight of 1e-9 that the optimum does not have.
    const auto cold = run_dlogit(2, "train " + config + " --quiet --set regularization.lambda=" + row.at("lambda") +
                                        " --set output.dir=" + out, 120);
    INFO(cold.out);
    REQUIRE(cold.exit_code == 0);
    cold_passes += json_number(out + "/result.json", "evaluations");
    // Both stop at the same absolute tolerance, so they reach the same optimum.
    CHECK(json_number(out + "/result.json", "objective") == Approx(number(row, "objective")).epsilon(1e-6));
  }
  INFO("warm " << warm_passes << " passes, cold " << cold_passes);
  CHECK(warm_passes < cold_passes);
}

TEST_CASE("rerunning a finished path resumes every point from its final checkpoint with the same models") {
  const std::string dir = dlogit::test::temp_dir("e2e-path-resume");
  const auto config = l1_config(dir, "lambda = [100.0, 10.0, 1.0]\n");
  const auto first = run_dlogit(2, "train " + config, 300);
  INFO(first.out);
  REQUIRE(first.exit_code == 0);
  const auto rows = read_csv(dir + "/out/path.csv");
  REQUIRE(rows.size() == 3);
  std::vector<std::string> models;
  for (const auto& row : rows) models.push_back(dlogit::test::read_text(dir + "/out/" + row.at("folder") + "/model.bin"));
  const auto again = run_dlogit(2, "train " + config, 300);
  INFO(again.out);
  REQUIRE(again.exit_code == 0);
  const auto rerun_rows = read_csv(dir + "/out/path.csv");
  REQUIRE(rerun_rows.size() == 3);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(dlogit::test::read_text(dir + "/out/" + rows[i].at("folder") + "/model.bin") == models[i]);
    CHECK(rerun_rows[i].at("passes") == rows[i].at("passes"));
  }
  CHECK_THAT(again.out, Catch::Contains("resuming from"));
  CHECK_THAT(again.out, !Catch::Contains("iter    1"));
}

TEST_CASE("progress: the iteration line has elapsed time and passes/s, --quiet and --verbose change the amount") {
  const std::string dir = dlogit::test::temp_dir("e2e-progress");
  const auto config = l1_config(dir, "lambda = 10.0\n");
  const auto normal = run_dlogit(2, "train " + config + " --set output.dir=" + dir + "/normal");
  INFO(normal.out);
  REQUIRE(normal.exit_code == 0);
  CHECK(has_line(normal.out, "iter +1 .* [0-9.]+s +[0-9.]+ passes/s"));
  CHECK(has_line(normal.out, " +per rank: [0-9]+ to [0-9]+ rows/s, [0-9.]+ to [0-9.]+ MB/s .*"));
  CHECK_THAT(normal.out, !Catch::Contains("rank 1:"));

  const auto quiet = run_dlogit(2, "train " + config + " --quiet --set output.dir=" + dir + "/quiet");
  INFO(quiet.out);
  REQUIRE(quiet.exit_code == 0);
  CHECK_THAT(quiet.out, !Catch::Contains("iter "));
  CHECK_THAT(quiet.out, !Catch::Contains("loaded"));
  CHECK_THAT(quiet.out, Catch::Contains("converged after"));

  const auto verbose = run_dlogit(2, "train " + config + " --verbose --set output.dir=" + dir + "/verbose");
  INFO(verbose.out);
  REQUIRE(verbose.exit_code == 0);
  CHECK_THAT(verbose.out, Catch::Contains("rank 0: "));
  CHECK_THAT(verbose.out, Catch::Contains("rank 1: "));
  CHECK_THAT(verbose.out, Catch::Contains("checkpoint at iteration"));

  const auto both = run_dlogit(1, "train " + config + " --quiet --verbose");
  CHECK(both.exit_code != 0);
  CHECK(both.exit_code != 1);
}

TEST_CASE("an l2 path without regularization.path.max is refused before any rank loads data") {
  const std::string dir = dlogit::test::temp_dir("e2e-path-l2");
  const auto config = l1_config(dir, "path = { count = 3 }\n");
  const auto outcome = run_dlogit(2, "train " + config + " --set regularization.penalty=l2");
  INFO(outcome.out);
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("needs 'regularization.path.max'"));
}
