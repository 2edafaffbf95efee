#include "train/cv_selection.hpp"

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>

namespace dlogit::train {
namespace {

void check_table(const std::vector<FoldScores>& table) {
  if (table.empty()) throw std::invalid_argument("select_lambda: the table of scores is empty");
  const std::size_t folds = table.front().folds.size();
  if (folds < 2) throw std::invalid_argument("select_lambda: cross-validation needs at least 2 folds per row");
  std::set<std::pair<std::size_t, double>> seen;
  for (const FoldScores& row : table) {
    if (row.folds.size() != folds)
      throw std::invalid_argument("select_lambda: rows with " + std::to_string(folds) + " and " +
                                  std::to_string(row.folds.size()) + " folds");
    if (!std::isfinite(row.lambda) || row.lambda < 0.0)
      throw std::invalid_argument("select_lambda: lambda must be finite and >= 0, got " + std::to_string(row.lambda));
    if (!seen.insert({row.point, row.lambda}).second)
      throw std::invalid_argument("select_lambda: point " + std::to_string(row.point) + " lists lambda " +
                                  std::to_string(row.lambda) + " twice");
  }
}

}  // namespace

ScoreSummary summarize(const std::vector<double>& folds) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (folds.size() < 2) return {nan, nan, nan};
  double sum = 0.0;
  for (const double value : folds) {
    if (!std::isfinite(value)) return {nan, nan, nan};
    sum += value;
  }
  const double k = static_cast<double>(folds.size());
  const double mean = sum / k;
  double squares = 0.0;
  for (const double value : folds) squares += (value - mean) * (value - mean);
  const double sd = std::sqrt(squares / (k - 1.0));
  return {mean, sd, sd / std::sqrt(k)};
}

Selection select_lambda(const std::vector<FoldScores>& table, config::CvMetric metric, config::SelectionRule rule) {
  check_table(table);
  const bool higher = config::higher_is_better(metric);
  Selection selection;
  for (const FoldScores& row : table) selection.summaries.push_back(summarize(row.folds));

  bool found = false;
  for (std::size_t i = 0; i < table.size(); ++i) {
    const double mean = selection.summaries[i].mean;
    if (!std::isfinite(mean)) continue;
    if (!found) {
      selection.best = i;
      found = true;
      continue;
    }
    const double best_mean = selection.summaries[selection.best].mean;
    const FoldScores& best = table[selection.best];
    const bool better = higher ? mean > best_mean : mean < best_mean;
    // Equal means: the larger lambda (the simpler model), then the earlier grid point.
    const bool tie_wins = mean == best_mean && (table[i].lambda > best.lambda ||
                                                (table[i].lambda == best.lambda && table[i].point < best.point));
    if (better || tie_wins) selection.best = i;
  }
  if (!found) throw std::invalid_argument("select_lambda: no (point, lambda) has a finite mean on every fold");

  selection.chosen = selection.best;
  if (rule == config::SelectionRule::one_se) {
    const ScoreSummary& best = selection.summaries[selection.best];
    const double bound = higher ? best.mean - best.se : best.mean + best.se;
    const std::size_t point = table[selection.best].point;
    for (std::size_t i = 0; i < table.size(); ++i) {
      const double mean = selection.summaries[i].mean;
      if (table[i].point != point || !std::isfinite(mean)) continue;
      const bool within = higher ? mean >= bound : mean <= bound;
      if (within && table[i].lambda > table[selection.chosen].lambda) selection.chosen = i;
    }
  }
  return selection;
}

}  // namespace dlogit::train
