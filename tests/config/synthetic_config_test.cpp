// [data.synthetic]: a nested section, settable with --set, and exclusive with data.train.
#include "config_test_helpers.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace dlogit::test;

namespace {
const std::string synthetic = "[data.synthetic]\nrows = 500\nfeatures = 20\ndensity = 0.5\nseed = 7\n";
}

TEST_CASE("[data.synthetic] replaces data.train") {
  const auto config = load_text(synthetic);
  REQUIRE(config.synthetic.rows);
  CHECK(*config.synthetic.rows == 500);
  CHECK(config.synthetic.features == 20);
  CHECK(config.synthetic.density == 0.5);
  CHECK(config.synthetic.seed == 7);
  CHECK_FALSE(config.synthetic.dense);
  CHECK_FALSE(config.synthetic.test_rows);
  CHECK(config.data.train.empty());
}

TEST_CASE("data.synthetic keys can be set and unset with --set") {
  const auto config = load_text(synthetic, {"data.synthetic.rows=2000", "data.synthetic.dense=true",
                                            "data.synthetic.test_rows=100"});
  CHECK(*config.synthetic.rows == 2000);
  CHECK(config.synthetic.dense);
  CHECK(*config.synthetic.test_rows == 100);
  // A file config switched to synthetic data from the command line, and back by unsetting rows.
  CHECK(*load_text("[optimizer]\nmax_iter = 3\n", {"data.synthetic.rows=10"}).synthetic.rows == 10);
  CHECK_THAT(error_text(synthetic, {"data.synthetic.rows="}), Contains("missing required key 'data.train'"));
}

TEST_CASE("data.train and [data.synthetic] together are an error naming both") {
  const std::string message = error_text(minimal + synthetic);
  CHECK_THAT(message, StartsWith("FILE:2: 'data.train' and [data.synthetic] (rows set at FILE:4)"));
  CHECK_THAT(message, Contains("mutually exclusive"));
  CHECK_THAT(error_text(synthetic, {"model.class_weight=balanced"}),
             Contains("'model.class_weight' weighs the rows of data.train, but [data.synthetic] generates the rows"));
  CHECK_THAT(error_text(synthetic + "test_rows = 5\n[data]\ntest = \"t.svm\"\n"),
             Contains("'data.test' and 'data.synthetic.test_rows'"));
}

TEST_CASE("[data.synthetic] without rows is inert, and bad values are named") {
  const auto config = load_text(minimal + "[data.synthetic]\nfeatures = 10\n");
  CHECK_FALSE(config.synthetic.rows);
  CHECK(config.data.train == "a9a.svm");
  CHECK_THAT(error_text(synthetic, {"data.synthetic.density=0"}), Contains("'data.synthetic.density' must be in (0, 1]"));
  CHECK_THAT(error_text(synthetic, {"data.synthetic.label_noise=0.7"}), Contains("'data.synthetic.label_noise'"));
  CHECK_THAT(error_text(synthetic, {"data.synthetic.features=3000000000"}),
             Contains("'data.synthetic.features' must be in [1, 2147483647]"));
  CHECK_THAT(error_text(synthetic + "colour = 1\n"), Contains("unknown key 'data.synthetic.colour'"));
  CHECK_THAT(error_text("[optimizer]\nmax_iter = 3\n"), Contains("or generate rows with [data.synthetic] rows = N"));
}
