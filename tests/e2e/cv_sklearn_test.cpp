// A cross-validation experiment on 2 ranks against scikit-learn on the same folds (issue 16): every
// (lambda, fold) held-out log loss of cv.csv to 1e-6 relative, and the same lambda picked, by
// tests/e2e/reference/cv_sklearn.py. Needs Debian's python3-sklearn (launch/setup installs it as root).
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::run_dlogit;

namespace {

// The first `rows` lines of a9a: small enough for a minute, large enough for folds of 800 rows.
std::string a9a_head(const std::string& dir, int rows) {
  std::ifstream in(dlogit::test::dataset("a9a.svm"));
  REQUIRE(in);
  std::string text;
  std::string line;
  for (int i = 0; i < rows && std::getline(in, line); ++i) text += line + "\n";
  return dlogit::test::write_file(dir, "a9a-head.svm", text);
}

}  // namespace

TEST_CASE("a 5-fold l2 experiment gives scikit-learn's held-out log losses and picks its lambda", "[plain]") {
  INFO("/usr/bin/python3 cannot import sklearn: apt-get install python3-sklearn");
  REQUIRE(std::system("/usr/bin/python3 -c 'import sklearn' > /dev/null 2>&1") == 0);
  const std::string dir = dlogit::test::temp_dir("e2e-cv-sklearn");
  const std::string data = a9a_head(dir, 4000);
  // newton to a relative gradient of 1e-12, no certificate stop: each fold's optimum to ~1e-13, so the
  // comparison measures the two implementations, not where they stopped (a gap of 1e-6 alone would
  // leave the held-out log loss ~1e-4 off).
  const std::string config = dlogit::test::write_file(
      dir, "cv.toml",
      "[data]\ntrain = \"" + data +
          "\"\n[model]\nfit_intercept = true\n[regularization]\npenalty = \"l2\"\n"
          "lambda = [100.0, 10.0, 3.0, 1.0, 0.3]\n[optimizer]\nmethod = \"newton\"\ngap_tol = 0\ntol = 1e-12\n"
          "[cv]\nfolds = 5\nseed = 7\nmetric = \"logloss\"\nrule = \"min\"\nrefit = true\n[output]\ndir = \"" +
          dir + "/exp\"\n");
  const auto trained = run_dlogit(2, "train " + config + " --quiet", 120);
  INFO(trained.out);
  REQUIRE(trained.exit_code == 0);
  REQUIRE(std::filesystem::exists(dir + "/exp/cv.csv"));
  const auto folds = run_dlogit(2, "folds " + config + " --output " + dir + "/folds.txt");
  INFO(folds.out);
  REQUIRE(folds.exit_code == 0);

  const auto reference = dlogit::test::run_shell(
      "timeout 120 /usr/bin/python3 " + dlogit::test::source_dir() + "/tests/e2e/reference/cv_sklearn.py " + dir +
      "/exp " + dir + "/folds.txt --data " + data + " --tol 1e-6");
  INFO(reference.out);
  CHECK(reference.exit_code == 0);
  CHECK_THAT(reference.out, Catch::Contains("largest relative difference"));
  CHECK_THAT(reference.out, Catch::Contains("scikit-learn picks point 0"));

  // The same folder drawn: cv.png beside cv.csv (matplotlib is there whenever sklearn is).
  const auto plot = dlogit::test::run_shell("timeout 120 " + dlogit::test::source_dir() + "/launch/plot --cv-only " + dir +
                                            "/exp");
  INFO(plot.out);
  CHECK(plot.exit_code == 0);
  CHECK(std::filesystem::file_size(dir + "/exp/cv.png") > 1000);
}
