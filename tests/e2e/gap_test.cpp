// Issue 15: with default settings every run on the peers' problems (tests/e2e/reference/peer_optima.csv)
// ends within a true gap of 1e-6 (to the peers' optimum), below its certificate; l2 runs stop on the
// certificate (gap_tol), l1 runs on it or on rounding.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

namespace {

struct Problem {
  std::string dataset, penalty, lambda;
  bool intercept = false;
  double objective = 0.0;
};

// The problems of a reference table (tests/e2e/reference/<name>_optima.csv), whose columns are found by
// their header: dataset, penalty, lambda, intercept, objective. `penalty`: only those ("": all).
std::vector<Problem> reference_problems(const std::string& name, const std::string& penalty) {
  std::ifstream in(dlogit::test::source_dir() + "/tests/e2e/reference/" + name + "_optima.csv");
  REQUIRE(in);
  const auto split = [](const std::string& line) {
    std::vector<std::string> fields;
    std::stringstream text(line);
    for (std::string field; std::getline(text, field, ',');) fields.push_back(field);
    return fields;
  };
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split(line);
  const auto column = [&](const std::string& key) {
    const auto at = std::find(header.begin(), header.end(), key);
    REQUIRE(at != header.end());
    return static_cast<std::size_t>(at - header.begin());
  };
  const std::size_t dataset = column("dataset"), kind = column("penalty"), lambda = column("lambda"),
                    intercept = column("intercept"), objective = column("objective");
  std::vector<Problem> problems;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = split(line);
    REQUIRE(fields.size() > objective);
    if (!penalty.empty() && fields[kind] != penalty) continue;
    problems.push_back({fields[dataset], fields[kind], fields[lambda], fields[intercept] == "1",
                        std::stod(fields[objective])});
  }
  return problems;
}

// The peers' 18 problems (peer_optima.{py,csv}).
std::vector<Problem> peer_problems() {
  auto problems = reference_problems("peer", "");
  REQUIRE(problems.size() == 18);
  return problems;
}

// The badly scaled sets' l2 problems (bad_optima.csv, from badly_scaled.py: columns ×1000 and +3, 3-5%
// positives, optima true to ~1e-13).
std::vector<Problem> bad_l2_problems() {
  auto problems = reference_problems("bad", "l2");
  REQUIRE(problems.size() == 12);
  return problems;
}

// Trains with every optimizer setting at its default (no tol, max_iter, gap_tol or method) on `ranks`.
void check_defaults(const Problem& p, int ranks) {
  const std::string dir = dlogit::test::temp_dir("gap-defaults");
  const std::string config = dlogit::test::write_file(
      dir, "c.toml",
      "[data]\ntrain = \"" + dlogit::test::dataset(p.dataset) + "\"\n[model]\nfit_intercept = " +
          (p.intercept ? "true" : "false") + "\n[regularization]\npenalty = \"" + p.penalty + "\"\nlambda = " +
          p.lambda + "\n[output]\ndir = \"" + dir + "/out\"\n");
  const auto outcome = dlogit::test::run_dlogit(ranks, "train " + config, 300);
  INFO(p.dataset << " " << p.penalty << " lambda=" << p.lambda << " intercept=" << p.intercept << " on " << ranks
                 << " ranks\n"
                 << outcome.out.substr(outcome.out.size() > 1500 ? outcome.out.size() - 1500 : 0));
  REQUIRE(outcome.exit_code == 0);
  const std::string result = dir + "/out/result.json";
  const double objective = dlogit::test::json_number(result, "objective");
  const double bound = dlogit::test::json_number(result, "gap_bound");
  const double true_gap = (objective - p.objective) / objective;  // the peer's optimum is ≥ J*
  INFO("objective " << objective << " certified " << bound << " true gap " << true_gap);
  CHECK(true_gap <= 1e-6);
  // The peers' optima are within ~1e-10 of J* (peer_optima.py), so a valid bound is above this.
  CHECK(bound >= true_gap - 1e-9);
  const std::string text = dlogit::test::read_text(result);
  if (p.penalty == "l2") {
    CHECK(text.find("\"stopped_by\": \"gap_tol\"") != std::string::npos);
    CHECK(bound <= 1e-6);
  } else {
    // OWL-QN's l1 iterates reach the optimum long before the residual dual point certifies it (its
    // scaling onto the l1 ball costs first order in the KKT violation): where rounding stops the method
    // first, the run ends on its stagnation guard, uncertified but as exact as the data allow.
    CHECK((text.find("\"stopped_by\": \"gap_tol\"") != std::string::npos ||
           text.find("\"stopped_by\": \"no_progress\"") != std::string::npos));
  }
}

}  // namespace

TEST_CASE("defaults reach a true gap of 1e-6 on every peer problem, within the certificate", "[plain]") {
  for (const Problem& p : peer_problems()) check_defaults(p, 2);
}

TEST_CASE("defaults reach it on the a9a problems on 1 and 3 ranks too", "[plain]") {
  for (const Problem& p : peer_problems()) {
    if (p.dataset != "a9a.svm") continue;
    check_defaults(p, 1);
    check_defaults(p, 3);
  }
}

TEST_CASE("defaults certify a true gap of 1e-6 on badly scaled data with l2 (columns x1000, shifted, 3-5% positives)",
          "[plain]") {
  for (const Problem& p : bad_l2_problems()) check_defaults(p, 2);
}
