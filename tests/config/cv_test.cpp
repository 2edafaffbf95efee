// [cv]: its keys, their defaults and checks, and that the section is inert without cv.folds.
#include "config_test_helpers.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using dlogit::config::CvMetric;
using dlogit::config::SelectionRule;
using namespace dlogit::test;

TEST_CASE("[cv] keys are read, with their defaults") {
  const auto config = load_text(minimal + "[cv]\nfolds = 5\n");
  REQUIRE(config.cv.requested());
  CHECK(*config.cv.folds == 5);
  CHECK(config.cv.seed == 1);
  CHECK(config.cv.stratified);
  CHECK(config.cv.metric == CvMetric::logloss);
  CHECK(config.cv.rule == SelectionRule::min);
  CHECK(config.cv.refit);

  const auto set = load_text(minimal +
                             "[cv]\nfolds = 3\nseed = 77\nstratified = false\nmetric = \"auc\"\nrule = \"1se\"\n"
                             "refit = false\n");
  CHECK(*set.cv.folds == 3);
  CHECK(set.cv.seed == 77);
  CHECK_FALSE(set.cv.stratified);
  CHECK(set.cv.metric == CvMetric::auc);
  CHECK(set.cv.rule == SelectionRule::one_se);
  CHECK_FALSE(set.cv.refit);
  CHECK(load_text(minimal, {"cv.folds=10", "cv.metric=accuracy"}).cv.metric == CvMetric::accuracy);
}

TEST_CASE("[cv] without folds is inert, and an empty --set cv.folds= turns it off") {
  CHECK_FALSE(load_text(minimal).cv.requested());
  CHECK_FALSE(load_text(minimal + "[cv]\nmetric = \"auc\"\n").cv.requested());
  CHECK_FALSE(load_text(minimal + "[cv]\nfolds = 5\n", {"cv.folds="}).cv.requested());
}

TEST_CASE("bad [cv] values name the file, line and key") {
  CHECK(error_text(minimal + "[cv]\nfolds = 1\n") == "FILE:4: 'cv.folds' must be >= 2, got 1");
  CHECK(error_text(minimal + "[cv]\nfolds = 0\n") == "FILE:4: 'cv.folds' must be >= 2, got 0");
  CHECK_THAT(error_text(minimal + "[cv]\nfolds = 2.5\n"),
             StartsWith("FILE:4: bad value for 'cv.folds'") && Contains("expected integer"));
  CHECK(error_text(minimal + "[cv]\nfolds = 5\nseed = -1\n") == "FILE:5: 'cv.seed' must be >= 0, got -1");
  CHECK(error_text(minimal + "[cv]\nfolds = 5\nmetric = \"f1\"\n") ==
        "FILE:5: 'cv.metric' must be one of logloss, auc, accuracy; got \"f1\"");
  CHECK(error_text(minimal + "[cv]\nfolds = 5\nrule = \"one_se\"\n") ==
        "FILE:5: 'cv.rule' must be one of min, 1se; got \"one_se\"");
  CHECK_THAT(error_text(minimal + "[cv]\nstratified = \"yes\"\n"),
             StartsWith("FILE:4: bad value for 'cv.stratified'") && Contains("expected boolean"));
  CHECK_THAT(error_text(minimal + "[cv]\nfold = 5\n"),
             StartsWith("FILE:4: unknown key 'cv.fold'") && Contains("folds, seed, stratified, metric, rule, refit"));
  CHECK(error_text(minimal, {"cv.folds=1"}) == "--set cv.folds: 'cv.folds' must be >= 2, got 1");
}
