// What a path leaves in its output folder: path.csv's best point, path.lambdas, and how a rerun tells
// its own path from another.
#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>

#include "train/regularization_path.hpp"

using namespace dlogit::train;

namespace {

PathRow row_with_test(double lambda, double test_logloss, std::size_t index) {
  PathRow row;
  row.lambda = lambda;
  row.folder = "path/" + point_folder_name(index, lambda);
  dlogit::eval::Metrics test;
  test.logloss = test_logloss;
  test.accuracy = 0.75;
  test.auc = 0.8;
  row.test = test;
  return row;
}

// The last cell of each data line of a CSV text.
std::vector<std::string> last_cells(const std::string& csv) {
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  std::vector<std::string> cells;
  while (std::getline(lines, line)) cells.push_back(line.substr(line.rfind(',') + 1));
  return cells;
}

}  // namespace

TEST_CASE("path.csv marks the point of lowest test log-loss as best, and has test accuracy", "[train][path]") {
  const std::vector<PathRow> rows = {row_with_test(10, 0.5, 0), row_with_test(1, 0.3, 1), row_with_test(0.1, 0.4, 2)};
  REQUIRE(best_by_test(rows) == std::optional<std::size_t>(1));
  const std::string csv = path_csv(rows);
  CHECK(csv.substr(0, csv.find('\n')).find("test_accuracy") != std::string::npos);
  CHECK(csv.substr(0, csv.find('\n')).rfind(",folder,best") != std::string::npos);
  CHECK(last_cells(csv) == std::vector<std::string>{"0", "1", "0"});
  CHECK(csv.find(",0.75,") != std::string::npos);  // test accuracy

  std::vector<PathRow> untested(2);
  CHECK_FALSE(best_by_test(untested));
  CHECK(last_cells(path_csv(untested)) == std::vector<std::string>{"", ""});
}

TEST_CASE("path.lambdas round-trips the lambdas exactly", "[train][path]") {
  const std::vector<double> lambdas = geometric_lambdas(3085.6123456789, 0.001, 7);
  const auto back = parse_path_lambdas(path_lambdas_text(lambdas));
  REQUIRE(back);
  CHECK(*back == lambdas);
  CHECK_FALSE(parse_path_lambdas("1\nabc\n"));
}

TEST_CASE("a rerun accepts its own path, interrupted or not, and names what differs in another", "[train][path]") {
  const std::vector<double> lambdas = {100, 10, 1};
  PathOnDisk empty;
  CHECK(path_mismatch(empty, lambdas).empty());

  PathOnDisk same;
  same.planned = lambdas;
  same.csv_lambdas = {100};  // interrupted after the first point
  same.folders = {point_folder_name(0, 100), point_folder_name(1, 10)};
  CHECK(path_mismatch(same, lambdas).empty());

  PathOnDisk longer;
  longer.planned = {100, 10, 1, 0.1};
  const std::string count = path_mismatch(longer, lambdas);
  CHECK_THAT(count, Catch::Contains("4 lambdas from 1.000000e+02 to 1.000000e-01") &&
                        Catch::Contains("this config's path has 3 lambdas from 1.000000e+02 to 1.000000e+00"));

  PathOnDisk range;
  range.planned = std::vector<double>{100, 10, 2};
  CHECK_THAT(path_mismatch(range, lambdas), Catch::Contains("point 2: 2 there, 1 here"));

  // A folder from before path.lambdas: judged by path.csv and the point folders.
  PathOnDisk old_csv;
  old_csv.csv_lambdas = {100, 20};
  CHECK_THAT(path_mismatch(old_csv, lambdas), Catch::Contains("path.csv has point 1 at lambda 20"));
  PathOnDisk old_folders;
  old_folders.folders = {point_folder_name(0, 100), point_folder_name(3, 0.1)};
  CHECK_THAT(path_mismatch(old_folders, lambdas), Catch::Contains("003-lambda-1.000000e-01"));
  PathOnDisk old_same;
  old_same.csv_lambdas = {100, 10};
  old_same.folders = {point_folder_name(0, 100), point_folder_name(1, 10), point_folder_name(2, 1)};
  CHECK(path_mismatch(old_same, lambdas).empty());
}
