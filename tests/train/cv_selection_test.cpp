// The choice of lambda from per-fold scores (cv.rule), on hand-made tables.
#include "train/cv_selection.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

using dlogit::config::CvMetric;
using dlogit::config::SelectionRule;
using dlogit::train::FoldScores;
using dlogit::train::select_lambda;
using dlogit::train::summarize;

TEST_CASE("summarize gives the mean, the sample sd and sd over sqrt(K)") {
  const auto summary = summarize({0.38, 0.43, 0.39});
  CHECK(summary.mean == Approx(0.40).epsilon(1e-14));
  CHECK(summary.sd == Approx(std::sqrt(0.0014 / 2)).epsilon(1e-12));
  CHECK(summary.se == Approx(std::sqrt(0.0014 / 2) / std::sqrt(3.0)).epsilon(1e-12));
  const auto flat = summarize({0.5, 0.5});
  CHECK(flat.mean == 0.5);
  CHECK(flat.sd == 0.0);
  CHECK(flat.se == 0.0);
  CHECK(std::isnan(summarize({0.5, std::numeric_limits<double>::quiet_NaN()}).mean));
}

TEST_CASE("logloss: min takes the smallest mean, 1se the largest lambda within one se of it") {
  // Best mean 0.40 at lambda 0.01, se = sqrt(0.0007/3) = 0.01528: the bound is 0.41528. Lambda 0.1
  // (mean 0.41333) is within it, lambda 1 (0.52) is not, lambda 0.001 (0.41) is within but smaller.
  const std::vector<FoldScores> table = {{0, 1.0, {0.50, 0.52, 0.54}},
                                         {0, 0.1, {0.40, 0.42, 0.42}},
                                         {0, 0.01, {0.38, 0.43, 0.39}},
                                         {0, 0.001, {0.39, 0.44, 0.40}}};
  const auto min = select_lambda(table, CvMetric::logloss, SelectionRule::min);
  CHECK(min.chosen == 2);
  CHECK(min.best == 2);
  CHECK(min.summaries.size() == 4);
  CHECK(min.summaries[0].mean == Approx(0.52));
  const auto one_se = select_lambda(table, CvMetric::logloss, SelectionRule::one_se);
  CHECK(one_se.best == 2);
  CHECK(one_se.chosen == 1);
  // Lambda 0.1 just outside the bound: 1se stays at the best.
  std::vector<FoldScores> tighter = table;
  tighter[1].folds = {0.40, 0.44, 0.42};  // mean 0.42 > 0.41528
  CHECK(select_lambda(tighter, CvMetric::logloss, SelectionRule::one_se).chosen == 2);
}

TEST_CASE("equal means go to the larger lambda, then to the earlier grid point") {
  // Exactly representable means, so the ties are ties.
  const std::vector<FoldScores> table = {{0, 0.5, {0.75, 0.5}},   // 0.625
                                         {0, 1.0, {0.25, 0.75}},  // 0.5
                                         {0, 2.0, {0.5, 0.5}}};   // 0.5
  CHECK(select_lambda(table, CvMetric::logloss, SelectionRule::min).chosen == 2);
  const std::vector<FoldScores> points = {{1, 1.0, {0.5, 0.5}}, {0, 1.0, {0.25, 0.75}}, {2, 0.5, {0.5, 0.5}}};
  CHECK(select_lambda(points, CvMetric::logloss, SelectionRule::min).chosen == 1);
  const std::vector<FoldScores> across = {{0, 1.0, {0.5, 0.5}}, {1, 3.0, {0.25, 0.75}}};
  CHECK(select_lambda(across, CvMetric::logloss, SelectionRule::min).chosen == 1);
  // Accuracy ties the same way.
  CHECK(select_lambda(table, CvMetric::accuracy, SelectionRule::min).chosen == 0);  // 0.625 is the largest
  CHECK(select_lambda({{0, 0.5, {0.5, 0.5}}, {0, 1.0, {0.25, 0.75}}}, CvMetric::accuracy, SelectionRule::min).chosen ==
        1);
}

TEST_CASE("auc: larger is better, and 1se looks only within the best grid point") {
  // Point 0: best mean 0.88 at lambda 0.1, se = 0.02/sqrt(3) = 0.011547, bound 0.868453; lambda 0.5
  // (0.87) and 0.01 (0.87) are within, 0.5 is the larger; lambda 1 (0.82) is not. Point 1 has lambda 10
  // at 0.87 too, but is another grid point.
  const std::vector<FoldScores> table = {{0, 1.0, {0.80, 0.82, 0.84}}, {0, 0.5, {0.86, 0.87, 0.88}},
                                         {0, 0.1, {0.88, 0.90, 0.86}}, {0, 0.01, {0.87, 0.89, 0.85}},
                                         {1, 10.0, {0.87, 0.87, 0.87}}, {1, 0.2, {0.85, 0.85, 0.85}}};
  const auto min = select_lambda(table, CvMetric::auc, SelectionRule::min);
  CHECK(min.chosen == 2);
  const auto one_se = select_lambda(table, CvMetric::auc, SelectionRule::one_se);
  CHECK(one_se.best == 2);
  CHECK(one_se.chosen == 1);
  // Read as a loss, the same table picks the smallest mean instead.
  CHECK(select_lambda(table, CvMetric::logloss, SelectionRule::min).chosen == 0);
}

TEST_CASE("a row with a non-finite fold value is never chosen") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<FoldScores> table = {{0, 1.0, {0.9, nan}}, {0, 0.1, {0.7, 0.7}}};
  const auto selection = select_lambda(table, CvMetric::auc, SelectionRule::one_se);
  CHECK(selection.chosen == 1);
  CHECK(std::isnan(selection.summaries[0].mean));
  CHECK_THROWS_AS(select_lambda({{0, 1.0, {nan, 0.5}}}, CvMetric::auc, SelectionRule::min), std::invalid_argument);
}

TEST_CASE("select_lambda refuses malformed tables") {
  CHECK_THROWS_AS(select_lambda({}, CvMetric::logloss, SelectionRule::min), std::invalid_argument);
  CHECK_THROWS_AS(select_lambda({{0, 1.0, {0.5}}}, CvMetric::logloss, SelectionRule::min), std::invalid_argument);
  CHECK_THROWS_AS(select_lambda({{0, 1.0, {0.5, 0.5}}, {0, 0.1, {0.5, 0.5, 0.5}}}, CvMetric::logloss,
                                SelectionRule::min),
                  std::invalid_argument);
  CHECK_THROWS_AS(select_lambda({{0, 1.0, {0.5, 0.5}}, {0, 1.0, {0.4, 0.4}}}, CvMetric::logloss, SelectionRule::min),
                  std::invalid_argument);
  CHECK_THROWS_AS(select_lambda({{0, -1.0, {0.5, 0.5}}}, CvMetric::logloss, SelectionRule::min),
                  std::invalid_argument);
  CHECK_NOTHROW(select_lambda({{0, 1.0, {0.5, 0.5}}, {1, 1.0, {0.4, 0.4}}}, CvMetric::logloss, SelectionRule::min));
}
