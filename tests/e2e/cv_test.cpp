// Cross-validation experiments under mpirun (issue 16): a cross-validated path equals K trainings on
// the folds' rows written out as files (1e-10 on 1 rank, 1e-8 across rank counts); an experiment
// killed mid-way resumes to the same cv.csv; best/config.toml repeats the refit bitwise; a [grid]
// point per value, and the refusals.
#include <catch2/catch.hpp>
#include <csignal>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::lines_of;
using dlogit::test::read_text;
using dlogit::test::run_dlogit;

namespace {


std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  return fields;
}

// A CSV (no quoted fields) as one map per row, by column name.
std::vector<std::map<std::string, std::string>> read_csv(const std::string& path) {
  const std::vector<std::string> lines = lines_of(read_text(path));
  REQUIRE_FALSE(lines.empty());
  const std::vector<std::string> header = split(lines[0]);
  std::vector<std::map<std::string, std::string>> rows;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> fields = split(lines[i]);
    REQUIRE(fields.size() == header.size());
    std::map<std::string, std::string> row;
    for (std::size_t c = 0; c < header.size(); ++c) row[header[c]] = fields[c];
    rows.push_back(row);
  }
  return rows;
}

double relative(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

// The first `rows` lines of a9a: small enough for many trainings, both classes in every fold.
std::string small_a9a(const std::string& dir, std::size_t rows) {
  const std::vector<std::string> lines = lines_of(read_text(dlogit::test::dataset("a9a.svm")));
  std::string text;
  for (std::size_t i = 0; i < rows && i < lines.size(); ++i) text += lines[i] + "\n";
  return dlogit::test::write_file(dir, "small.svm", text);
}

std::string experiment_config(const std::string& dir, const std::string& train, const std::string& body) {
  return dlogit::test::write_file(dir, "cv.toml",
                                  "[data]\ntrain = \"" + train + "\"\nfeatures = 123\n[output]\ndir = \"" + dir + "/out\"\n" + body);
}

// l2 at two lambdas with balanced class weights (computed per fold) and an intercept, solved to
// rounding so that runs on different rank counts agree far below the default 1e-6 gap.
const std::string l2_experiment =
    "[model]\nclass_weight = \"balanced\"\n[regularization]\npenalty = \"l2\"\nlambda = [3.0, 0.3]\n"
    "[optimizer]\ngap_tol = 1e-12\n[cv]\nfolds = 3\nseed = 7\nrefit = false\n";

}  // namespace

TEST_CASE("a cross-validated path equals K trainings on the folds' rows as files (1 rank 1e-10, 2-3 ranks 1e-8)",
          "[plain]") {
  const std::string dir = dlogit::test::temp_dir("e2e-cv-equal");
  const std::string train = small_a9a(dir, 3000);
  const std::string config = experiment_config(dir, train, l2_experiment);
  const auto one = run_dlogit(1, "train " + config + " --set output.dir=" + dir + "/one", 300);
  INFO(one.out);
  REQUIRE(one.exit_code == 0);
  const auto folds = run_dlogit(1, "folds " + config + " --output " + dir + "/folds.txt");
  REQUIRE(folds.exit_code == 0);
  const std::vector<std::string> fold_of_row = lines_of(read_text(dir + "/folds.txt"));
  const std::vector<std::string> rows = lines_of(read_text(train));
  REQUIRE(fold_of_row.size() == rows.size());
  const auto cv = read_csv(dir + "/one/cv.csv");
  REQUIRE(cv.size() == 2);

  for (int fold = 1; fold <= 3; ++fold) {
    std::string inside, outside;
    for (std::size_t i = 0; i < rows.size(); ++i) (std::stoi(fold_of_row[i]) == fold ? inside : outside) += rows[i] + "\n";
    const std::string tag = std::to_string(fold);
    const std::string train_file = dlogit::test::write_file(dir, "train" + tag + ".svm", outside);
    const std::string held_file = dlogit::test::write_file(dir, "held" + tag + ".svm", inside);
    // The same training as a plain path on the written-out rows, scored on the held-out rows.
    const auto separate = run_dlogit(1, "train " + config + " --set cv.folds= --set data.train=" + train_file +
                                            " --set data.test=" + held_file + " --set output.dir=" + dir + "/sep" + tag,
                                     300);
    INFO(separate.out);
    REQUIRE(separate.exit_code == 0);
    const auto expected = read_csv(dir + "/sep" + tag + "/path.csv");
    const auto got = read_csv(dir + "/one/cv/point-000/fold-" + tag + "/path.csv");
    REQUIRE(expected.size() == 2);
    REQUIRE(got.size() == 2);
    for (std::size_t point = 0; point < 2; ++point) {
      INFO("fold " << fold << ", lambda " << expected[point].at("lambda"));
      CHECK(got[point].at("lambda") == expected[point].at("lambda"));
      CHECK(relative(std::stod(got[point].at("objective")), std::stod(expected[point].at("objective"))) <= 1e-10);
      const double held_logloss = std::stod(expected[point].at("test_logloss"));
      CHECK(relative(std::stod(got[point].at("test_logloss")), held_logloss) <= 1e-10);
      CHECK(relative(std::stod(cv[point].at("fold" + tag)), held_logloss) <= 1e-10);
    }
  }

  for (const int ranks : {2, 3}) {
    const std::string out = dir + "/ranks" + std::to_string(ranks);
    const auto run = run_dlogit(ranks, "train " + config + " --set output.dir=" + out, 300);
    INFO(run.out);
    REQUIRE(run.exit_code == 0);
    const auto other = read_csv(out + "/cv.csv");
    REQUIRE(other.size() == cv.size());
    for (std::size_t row = 0; row < cv.size(); ++row) {
      INFO(ranks << " ranks, row " << row);
      CHECK(other[row].at("lambda") == cv[row].at("lambda"));
      CHECK(other[row].at("chosen") == cv[row].at("chosen"));
      for (const char* column : {"mean", "fold1", "fold2", "fold3"})
        CHECK(relative(std::stod(other[row].at(column)), std::stod(cv[row].at(column))) <= 1e-8);
      const auto fold_path = read_csv(out + "/cv/point-000/fold-2/path.csv");
      const auto one_path = read_csv(dir + "/one/cv/point-000/fold-2/path.csv");
      CHECK(relative(std::stod(fold_path[row].at("objective")), std::stod(one_path[row].at("objective"))) <= 1e-8);
    }
  }
}

TEST_CASE("an experiment killed mid-way resumes and ends with the same cv.csv, and best/config.toml repeats the refit",
          "[plain]") {
  const std::string dir = dlogit::test::temp_dir("e2e-cv-resume");
  const std::string train = small_a9a(dir, 6000);
  const std::string config = experiment_config(
      dir, train,
      "[regularization]\npenalty = \"l1\"\n[regularization.path]\ncount = 6\nmin_ratio = 0.01\n"
      "[checkpoint]\nevery = 5\n[cv]\nfolds = 3\nrule = \"1se\"\n[grid]\n\"model.fit_intercept\" = [true, false]\n");
  const auto whole = run_dlogit(2, "train " + config + " --set output.dir=" + dir + "/whole", 300);
  INFO(whole.out);
  REQUIRE(whole.exit_code == 0);
  CHECK_THAT(whole.out, Catch::Contains("chosen by rule 1se: point"));

  const std::string out = dir + "/killed";
  {
    dlogit::test::BackgroundRun job(2, "train " + config + " --set output.dir=" + out, dir + "/killed.log", 300);
    // Fold 2 of point 0 has begun: fold 1 of both points is done, the rest is not.
    REQUIRE(dlogit::test::wait_for_file(out + "/cv/point-000/fold-2/path", "00", 120));
    REQUIRE(dlogit::test::signal_one_rank(config, SIGKILL));
    const int code = job.wait();
    INFO(read_text(dir + "/killed.log"));
    CHECK(code != 0);
    CHECK(code != 124);
  }
  CHECK_FALSE(std::filesystem::exists(out + "/cv.csv"));
  const auto resumed = run_dlogit(2, "train " + config + " --set output.dir=" + out, 300);
  INFO(resumed.out);
  REQUIRE(resumed.exit_code == 0);
  CHECK(read_text(out + "/cv.csv") == read_text(dir + "/whole/cv.csv"));
  CHECK(dlogit::test::same_bytes(out + "/best/model.bin", dir + "/whole/best/model.bin"));

  // The refit's own config trains once (no [cv], no [grid]) and gives the same bytes.
  const std::string refit = read_text(dir + "/whole/best/config.toml");
  CHECK_THAT(refit, !Catch::Contains("[grid]") && !Catch::Contains("folds ="));
  const auto again = run_dlogit(2, "train " + dir + "/whole/best/config.toml --set output.dir=" + dir +
                                       "/again --set checkpoint.resume=false", 300);
  INFO(again.out);
  REQUIRE(again.exit_code == 0);
  CHECK(dlogit::test::same_bytes(dir + "/again/model.bin", dir + "/whole/best/model.bin"));
  const std::string result = read_text(dir + "/whole/best/result.json");
  CHECK_THAT(result, Catch::Contains("\"cv\": {") && Catch::Contains("\"rule\": \"1se\"") &&
                         Catch::Contains("\"model.fit_intercept\": "));
}

TEST_CASE("a grid without [cv] trains each point on all rows and scores it on data.test, and refusals name the key") {
  const std::string dir = dlogit::test::temp_dir("e2e-grid");
  const std::string train = small_a9a(dir, 2000);
  const std::string config = dlogit::test::write_file(
      dir, "grid.toml",
      "[data]\ntrain = \"" + train + "\"\ntest = \"" + dlogit::test::dataset("a9a.t.svm") +
          "\"\nfeatures = 123\n[regularization]\npenalty = \"l2\"\nlambda = 1.0\n[output]\ndir = \"" + dir +
          "/out\"\n[grid]\n\"regularization.lambda\" = [100.0, 1.0]\n\"model.class_weight\" = [\"\", \"balanced\"]\n");
  const auto run = run_dlogit(2, "train " + config, 300);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  const auto table = read_csv(dir + "/out/cv.csv");
  REQUIRE(table.size() == 4);
  int chosen = 0;
  double best = 1e300;
  std::size_t best_point = 0;
  for (std::size_t point = 0; point < 4; ++point) {
    CHECK(table[point].at("point") == std::to_string(point));
    CHECK(table[point].at("lambda") == (point < 2 ? "100" : "1"));
    CHECK(table[point].at("model.class_weight") == (point % 2 == 0 ? "" : "balanced"));
    // Each point is a whole training on all rows: its test log-loss is its own result.json's.
    const std::string result = dir + "/out/grid/point-00" + std::to_string(point) + "/path/000-lambda-" +
                               (point < 2 ? "1.000000e+02" : "1.000000e+00") + "/result.json";
    const double logloss = std::stod(table[point].at("test"));
    const std::string json = read_text(result);
    const std::string test_part = json.substr(json.find("\"test\": {"));
    const double own = std::stod(test_part.substr(test_part.find("\"logloss\": ") + 11));
    CHECK(relative(logloss, own) <= 1e-15);
    if (logloss < best) {
      best = logloss;
      best_point = point;
    }
    chosen += table[point].at("chosen") == "1" ? 1 : 0;
  }
  CHECK(chosen == 1);
  CHECK(table[best_point].at("chosen") == "1");
  CHECK(dlogit::test::json_number(dir + "/out/best/result.json", "lambda") == std::stod(table[best_point].at("lambda")));

  const auto refused = run_dlogit(1, "train " + config + " --set output.dir=" + dir + "/no", 60);
  CHECK(refused.exit_code == 0);  // (the same config is fine on 1 rank too)
  const std::string data_key = dlogit::test::write_file(
      dir, "bad.toml", "[data]\ntrain = \"" + train + "\"\n[grid]\n\"data.train\" = [\"a.svm\", \"b.svm\"]\n");
  const auto bad = run_dlogit(2, "train " + data_key, 60);
  CHECK(bad.exit_code == 1);
  CHECK_THAT(bad.out, Catch::Contains(data_key + ":4: [grid] key 'data.train' cannot vary"));
  const std::string no_test = dlogit::test::write_file(
      dir, "notest.toml", "[data]\ntrain = \"" + train + "\"\n[grid]\n\"regularization.lambda\" = [1.0, 2.0]\n");
  const auto untested = run_dlogit(2, "train " + no_test, 60);
  CHECK(untested.exit_code == 1);
  CHECK_THAT(untested.out, Catch::Contains(no_test + ":4: [grid] without cv.folds scores each point on data.test"));
}
