#include "train/cv_table.hpp"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "config/grid.hpp"

namespace dlogit::train {
namespace {

std::string number(double value) {
  char text[40];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

// RFC 4180: a field holding a comma, a quote or a line end goes in quotes, its quotes doubled.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void check_sizes(const std::vector<FoldScores>& table, const std::vector<CvRowExtras>& extras,
                 const Selection& selection) {
  if (extras.size() != table.size() || selection.summaries.size() != table.size() || table.empty())
    throw std::invalid_argument("cv table: rows, extras and summaries differ in number");
}

}  // namespace

std::vector<std::string> fold_columns(int folds) {
  std::vector<std::string> names;
  for (int fold = 1; fold <= folds; ++fold) names.push_back("fold" + std::to_string(fold));
  return names;
}

std::string cv_csv(const std::vector<config::GridKey>& grid, const std::vector<FoldScores>& table,
                   const std::vector<CvRowExtras>& extras, const Selection& selection,
                   const std::vector<std::string>& score_columns) {
  check_sizes(table, extras, selection);
  if (score_columns.size() != table.front().folds.size())
    throw std::invalid_argument("cv table: one score column name per score is needed");
  std::string text = "point";
  for (const config::GridKey& key : grid) text += "," + csv_field(key.key);
  text += ",lambda,mean,sd,se";
  for (const std::string& name : score_columns) text += "," + name;
  text += ",nonzeros,passes,chosen\n";
  for (std::size_t row = 0; row < table.size(); ++row) {
    const FoldScores& scores = table[row];
    text += std::to_string(scores.point);
    if (!grid.empty()) {
      const std::vector<std::size_t> at = config::grid_coordinates(grid, scores.point);
      for (std::size_t i = 0; i < grid.size(); ++i) text += "," + csv_field(grid[i].values[at[i]]);
    }
    const ScoreSummary& summary = selection.summaries[row];
    text += "," + number(scores.lambda) + "," + number(summary.mean) + "," + number(summary.sd) + "," +
            number(summary.se);
    for (const double value : scores.folds) text += "," + number(value);
    text += "," + number(extras[row].nonzeros) + "," + std::to_string(extras[row].passes) + "," +
            (row == selection.chosen ? "1" : "0") + "\n";
  }
  return text;
}

std::vector<std::string> cv_summary(const std::vector<config::GridKey>& grid, const std::vector<FoldScores>& table,
                                    const std::vector<CvRowExtras>& extras, const Selection& selection,
                                    config::CvMetric metric, config::SelectionRule rule) {
  check_sizes(table, extras, selection);
  const bool higher = config::higher_is_better(metric);
  const std::string name = config::cv_metric_names().name(metric);
  std::vector<std::string> lines;
  char line[512];
  std::snprintf(line, sizeof line, "%5s  %-40s %14s %12s %12s %9s %8s", "point", "settings", "best lambda",
                ("mean " + name).c_str(), "se", "nonzeros", "passes");
  lines.push_back(line);
  std::size_t begin = 0;
  while (begin < table.size()) {
    std::size_t end = begin;
    std::size_t best = begin;
    std::int64_t passes = 0;
    while (end < table.size() && table[end].point == table[begin].point) {
      const double mean = selection.summaries[end].mean;
      const double best_mean = selection.summaries[best].mean;
      if (std::isfinite(mean) && (!std::isfinite(best_mean) || (higher ? mean > best_mean : mean < best_mean)))
        best = end;
      passes += extras[end].passes;
      ++end;
    }
    const std::string settings = grid.empty() ? "-" : config::grid_point_label(grid, table[begin].point);
    std::snprintf(line, sizeof line, "%5zu  %-40s %14.6e %12.6f %12.6f %9.1f %8lld%s", table[begin].point,
                  settings.c_str(), table[best].lambda, selection.summaries[best].mean, selection.summaries[best].se,
                  extras[best].nonzeros, static_cast<long long>(passes),
                  table[selection.best].point == table[begin].point ? "  *" : "");
    lines.push_back(line);
    begin = end;
  }
  const std::size_t chosen = selection.chosen;
  const std::string settings = grid.empty() ? "" : " (" + config::grid_point_label(grid, table[chosen].point) + ")";
  std::snprintf(line, sizeof line, "chosen by rule %s: point %zu%s, lambda %.6e, mean %s %.6f +- %.6f (se)",
                config::selection_rule_names().name(rule).c_str(), table[chosen].point, settings.c_str(),
                table[chosen].lambda, name.c_str(), selection.summaries[chosen].mean, selection.summaries[chosen].se);
  lines.push_back(line);
  if (rule == config::SelectionRule::one_se) {
    std::snprintf(line, sizeof line, "  (the best mean, %.6f, is at lambda %.6e; 1se takes the largest lambda within one se of it)",
                  selection.summaries[selection.best].mean, table[selection.best].lambda);
    lines.push_back(line);
  }
  return lines;
}

}  // namespace dlogit::train
