// regularization.lambda as a list and the regularization.path table.
#include "config_test_helpers.hpp"

using namespace dlogit::test;

namespace {
const std::string l1 = minimal + "[regularization]\npenalty = \"l1\"\n";
}

TEST_CASE("a single lambda is not a path") {
  const auto config = load_text(minimal + "[regularization]\nlambda = 0.5\n");
  CHECK_FALSE(config.regularization.is_path());
  CHECK(config.regularization.lambda == 0.5);
}

TEST_CASE("a list of lambdas is a path, sorted largest first") {
  const auto config = load_text(l1 + "lambda = [0.1, 10, 1.0]\n");
  CHECK(config.regularization.is_path());
  CHECK(config.regularization.lambda_list == std::vector<double>{10.0, 1.0, 0.1});
  CHECK(config.regularization.lambda == 10.0);
}

TEST_CASE("a lambda list from --set, and a scalar --set replaces a list") {
  const auto listed = load_text(l1, {"regularization.lambda=[3, 2]"});
  CHECK(listed.regularization.lambda_list == std::vector<double>{3.0, 2.0});
  const auto scalar = load_text(l1 + "lambda = [3, 2]\n", {"regularization.lambda=0.25"});
  CHECK_FALSE(scalar.regularization.is_path());
  CHECK(scalar.regularization.lambda == 0.25);
}

TEST_CASE("bad lambda lists name the key and what is wrong") {
  CHECK(error_text(l1 + "lambda = []\n") ==
        "FILE:5: bad value for 'regularization.lambda': expected a non-empty list of lambdas, got an empty list");
  CHECK(error_text(l1 + "lambda = [1, \"x\"]\n") ==
        "FILE:5: bad value for 'regularization.lambda': expected float (or integer) or a list of them, got array");
  CHECK(error_text(l1 + "lambda = [1, -2]\n") == "FILE:5: 'regularization.lambda' must be >= 0, got -2 in the list");
  CHECK(error_text(l1 + "lambda = [1, 2, 1]\n") == "FILE:5: 'regularization.lambda' lists 1 twice");
}

TEST_CASE("regularization.path inline, as a table header, and by --set") {
  const auto inline_table = load_text(l1 + "path = { count = 5, min_ratio = 0.01 }\n");
  CHECK(inline_table.regularization.is_path());
  CHECK(inline_table.regularization.path.count == 5);
  CHECK(inline_table.regularization.path.min_ratio == 0.01);
  CHECK_FALSE(inline_table.regularization.path.max);

  const auto header = load_text(l1 + "[regularization.path]\nmax = 2.5\n");
  CHECK(header.regularization.path.max == 2.5);
  CHECK(header.regularization.is_path());

  const auto set = load_text(l1, {"regularization.path.count=7"});
  CHECK(set.regularization.path.count == 7);
  const auto unset = load_text(l1 + "path = { count = 5 }\n", {"regularization.path.count="});
  CHECK_FALSE(unset.regularization.is_path());
}

TEST_CASE("an empty path table asks for nothing") {
  CHECK_FALSE(load_text(l1 + "[regularization.path]\n").regularization.is_path());
}

TEST_CASE("bad path keys name the file, line and key") {
  CHECK(error_text(l1 + "path = { count = 0 }\n") == "FILE:5: 'regularization.path.count' must be >= 1, got 0");
  CHECK(error_text(l1 + "path = { min_ratio = 0 }\n") ==
        "FILE:5: 'regularization.path.min_ratio' must be in (0, 1], got 0");
  CHECK(error_text(l1 + "path = { max = 0 }\n") == "FILE:5: 'regularization.path.max' must be > 0, got 0");
  CHECK(error_text(l1 + "path = { size = 3 }\n") ==
        "FILE:5: unknown key 'regularization.path.size' (known keys in [regularization]: penalty, lambda, l1_ratio, "
        "path.max, path.min_ratio, path.count)");
}

TEST_CASE("a path and a lambda list together are refused") {
  CHECK(error_text(l1 + "lambda = [1, 2]\npath = { count = 3 }\n") ==
        "FILE:6: 'regularization.path.count' cannot be combined with a list of lambdas in 'regularization.lambda' "
        "(set at FILE:5): give either the list or regularization.path");
}

TEST_CASE("an l2 path needs its largest lambda, and penalty none has no path") {
  CHECK(error_text(minimal + "[regularization]\npath = { count = 3 }\n") ==
        "FILE:4: 'regularization.path' needs 'regularization.path.max' with penalty \"l2\" (set at FILE): only an "
        "L1 part has a lambda that zeroes every weight to start the path from");
  CHECK(load_text(minimal + "[regularization]\npath = { count = 3, max = 4 }\n").regularization.is_path());
  CHECK(error_text(minimal + "[regularization]\npenalty = \"none\"\nlambda = [1, 2]\n") ==
        "FILE:5: 'regularization.lambda' asks for a regularization path, but 'regularization.penalty' = \"none\" "
        "ignores lambda");
  CHECK(error_text(minimal + "[regularization]\npenalty = \"elasticnet\"\nl1_ratio = 0\npath = { count = 3 }\n")
            .find("needs 'regularization.path.max' with penalty \"elasticnet\"") != std::string::npos);
}
