// Issue 15: pqn, the proximal quasi-Newton method, reaches the optimum OWL-QN reaches: the same objective
// to 1e-8 (relative) and the same zero pattern, on 1, 2 and 3 ranks, with every stopping rule off but the
// stagnation guard (both run until rounding stops them).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "model/trained_model.hpp"
#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

namespace {

struct Optimum {
  double objective = 0.0;
  std::vector<double> weights;
};

Optimum solve(const std::string& dataset, bool intercept, const std::string& method, int ranks) {
  const std::string dir = dlogit::test::temp_dir("l1-methods");
  const std::string config = dlogit::test::write_file(
      dir, "c.toml",
      "[data]\ntrain = \"" + dlogit::test::dataset(dataset) + "\"\n[model]\nfit_intercept = " +
          (intercept ? "true" : "false") +
          "\n[regularization]\npenalty = \"l1\"\nlambda = 1\n[optimizer]\nmethod = \"" + method +
          "\"\ntol = 0\ngap_tol = 0\nmax_iter = 20000\n[output]\ndir = \"" + dir + "/out\"\n");
  const auto outcome = dlogit::test::run_dlogit(ranks, "train " + config, 300);
  INFO(method << " on " << ranks << " ranks\n" << outcome.out.substr(outcome.out.size() > 2000 ? outcome.out.size() - 2000 : 0));
  REQUIRE(outcome.exit_code == 0);
  Optimum optimum;
  optimum.objective = dlogit::test::json_number(dir + "/out/result.json", "objective");
  optimum.weights = dlogit::model::load_model(dir + "/out/model.bin").weights;
  return optimum;
}

void check_same_optimum(const std::string& dataset, bool intercept) {
  const Optimum reference = solve(dataset, intercept, "owlqn", 1);
  for (int ranks = 1; ranks <= 3; ++ranks) {
    INFO(dataset << (intercept ? " with" : " without") << " intercept, pqn on " << ranks << " ranks");
    const Optimum found = solve(dataset, intercept, "pqn", ranks);
    CHECK(std::abs(found.objective - reference.objective) <= 1e-8 * reference.objective);
    REQUIRE(found.weights.size() == reference.weights.size());
    std::string differences;
    for (std::size_t j = 0; j < found.weights.size(); ++j) {
      if ((found.weights[j] == 0.0) != (reference.weights[j] == 0.0))
        differences += " " + std::to_string(j) + " (pqn " + std::to_string(found.weights[j]) + ", owlqn " +
                       std::to_string(reference.weights[j]) + ")";
    }
    INFO("zero in one solution only:" << differences);
    CHECK(differences.empty());
  }
}

}  // namespace

TEST_CASE("pqn reaches owlqn's l1 optimum and zero pattern on 1, 2 and 3 ranks (a9a, intercept)", "[plain]") {
  check_same_optimum("a9a.svm", true);
}

TEST_CASE("pqn reaches owlqn's l1 optimum and zero pattern on 1, 2 and 3 ranks (covtype20k, no intercept)", "[plain]") {
  check_same_optimum("covtype20k.csv", false);
}
