// cv.csv's columns and quoting, and the printed summary, from a hand-made table.
#include "train/cv_table.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <utility>

using dlogit::config::CvMetric;
using dlogit::config::GridKey;
using dlogit::config::SelectionRule;
using namespace dlogit::train;

TEST_CASE("cv.csv has a row per point and lambda, the grid's values quoted where needed, and the chosen row") {
  const std::vector<GridKey> grid{{"model.class_weight", {"", "0:1, 1:5"}, "[\"\", \"0:1, 1:5\"]", "c.toml:9"}};
  const std::vector<FoldScores> table{{0, 2.0, {0.5, 0.7}}, {0, 1.0, {0.4, 0.6}}, {1, 2.0, {0.45, 0.65}},
                                      {1, 1.0, {0.42, 0.62}}};
  const std::vector<CvRowExtras> extras{{3.0, 20}, {4.5, 31}, {3.0, 22}, {5.0, 40}};
  const Selection selection = select_lambda(table, CvMetric::logloss, SelectionRule::min);
  REQUIRE(selection.chosen == 1);
  const std::string csv = cv_csv(grid, table, extras, selection, fold_columns(2));
  std::vector<std::vector<std::string>> rows;  // fields, split by hand: the quoted field holds a comma
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false;
    for (const char c : line) {
      if (c == '"') quoted = !quoted;
      else if (c == ',' && !quoted) fields.push_back(std::exchange(field, ""));
      else field += c;
    }
    fields.push_back(field);
    rows.push_back(fields);
  }
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] == std::vector<std::string>{"point", "model.class_weight", "lambda", "mean", "sd", "se", "fold1",
                                            "fold2", "nonzeros", "passes", "chosen"});
  CHECK_THAT(csv, Catch::Contains("\n1,\"0:1, 1:5\",2,"));
  const double mean[] = {0.6, 0.5, 0.55, 0.52};
  for (std::size_t row = 1; row < rows.size(); ++row) {
    REQUIRE(rows[row].size() == 11);
    CHECK(rows[row][0] == (row <= 2 ? "0" : "1"));
    CHECK(rows[row][1] == (row <= 2 ? "" : "0:1, 1:5"));
    CHECK(std::stod(rows[row][2]) == table[row - 1].lambda);
    CHECK(std::stod(rows[row][3]) == Approx(mean[row - 1]).epsilon(1e-15));
    CHECK(std::stod(rows[row][4]) == Approx(std::sqrt(0.02)).epsilon(1e-14));  // two folds 0.2 apart
    CHECK(std::stod(rows[row][5]) == Approx(0.1).epsilon(1e-14));              // sd / sqrt(2)
    CHECK(std::stod(rows[row][6]) == table[row - 1].folds[0]);
    CHECK(std::stod(rows[row][8]) == extras[row - 1].nonzeros);
    CHECK(rows[row][9] == std::to_string(extras[row - 1].passes));
    CHECK(rows[row][10] == (row == 2 ? "1" : "0"));
  }
  const std::vector<std::string> lines = cv_summary(grid, table, extras, selection, CvMetric::logloss, SelectionRule::min);
  REQUIRE(lines.size() == 4);
  CHECK_THAT(lines[1], Catch::Contains("class_weight=none") && Catch::Contains("1.000000e+00") && Catch::EndsWith("*"));
  CHECK_THAT(lines[2], Catch::Contains("class_weight=0:1, 1:5") && !Catch::EndsWith("*"));
  CHECK_THAT(lines[3], Catch::StartsWith("chosen by rule min: point 0 (class_weight=none), lambda 1.000000e+00"));
  CHECK_THROWS_AS(cv_csv(grid, table, {}, selection, fold_columns(2)), std::invalid_argument);
  CHECK_THROWS_AS(cv_csv(grid, table, extras, selection, {"test"}), std::invalid_argument);
}
