#include "config_test_helpers.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using dlogit::config::Method;
using dlogit::data::Format;
using dlogit::model::PenaltyKind;
using namespace dlogit::test;

TEST_CASE("override: numbers") {
  const auto config = load_text(minimal, {"optimizer.max_iter=200", "regularization.lambda=0.01",
                                          "regularization.l1_ratio=1", "optimizer.tol=1e-9", "data.features=123"});
  CHECK(config.optimizer.max_iter == 200);
  CHECK(config.regularization.lambda == 0.01);
  CHECK(config.regularization.l1_ratio == 1.0);
  CHECK(config.optimizer.tol == 1e-9);
  CHECK(config.data.features == std::optional<std::int64_t>(123));
}

TEST_CASE("override: strings with or without quotes") {
  CHECK(load_text(minimal, {"data.train=/x/a9a.svm"}).data.train == "/x/a9a.svm");
  CHECK(load_text(minimal, {"data.train=\"/x/a 9a.svm\""}).data.train == "/x/a 9a.svm");
  CHECK(load_text(minimal, {"data.train='C:\\x'"}).data.train == "C:\\x");
  CHECK(load_text(minimal, {"regularization.penalty=l1"}).regularization.penalty == PenaltyKind::l1);
  CHECK(load_text(minimal, {"optimizer.method=lbfgs"}).optimizer.method == Method::lbfgs);
  CHECK(load_text(minimal, {"data.test=data/a9a.t.svm"}).data.test ==
        std::optional<std::string>("data/a9a.t.svm"));
  // A string key keeps text that happens to be another TOML value.
  CHECK(load_text(minimal, {"output.dir=2024-01-01"}).output.dir == "2024-01-01");
  CHECK(load_text(minimal, {"output.dir=123"}).output.dir == "123");
  // Whitespace around key and value is ignored.
  CHECK(load_text(minimal, {" output.dir = runs/x "}).output.dir == "runs/x");
}

TEST_CASE("override: booleans") {
  CHECK_FALSE(load_text(minimal, {"model.fit_intercept=false"}).model.fit_intercept);
  CHECK(load_text(minimal + "[model]\nfit_intercept = false\n", {"model.fit_intercept=true"}).model.fit_intercept);
  CHECK(load_text(minimal, {"data.header=true"}).data.header == std::optional<bool>(true));
}

TEST_CASE("override: later overrides win over the file and earlier overrides") {
  const auto config = load_text(minimal + "[optimizer]\nmax_iter = 5\n", {"optimizer.max_iter=6", "optimizer.max_iter=7"});
  CHECK(config.optimizer.max_iter == 7);
}

TEST_CASE("override: an empty value unsets an optional key") {
  const std::string file = minimal +
                           "test = \"t.svm\"\nformat = \"csv\"\nfeatures = 10\npositive_label = 2\nheader = true\n";
  const auto set = load_text(file);
  CHECK(set.data.test);
  CHECK(set.data.format == Format::csv);
  const auto unset =
      load_text(file, {"data.test=", "data.format=", "data.features=", "data.positive_label=", "data.header="});
  CHECK_FALSE(unset.data.test);
  CHECK(unset.data.format == Format::libsvm);  // derived again from data.train
  CHECK_FALSE(unset.data.features);
  CHECK_FALSE(unset.data.positive_label);
  CHECK_FALSE(unset.data.header);
  // Unset, then set again.
  CHECK(load_text(file, {"data.test=", "data.test=u.svm"}).data.test == std::optional<std::string>("u.svm"));
}

TEST_CASE("override: unsetting a required key or a key that cannot be unset is an error") {
  CHECK(error_text(minimal, {"data.train="}) == "--set data.train: 'data.train' is required and cannot be unset");
  CHECK_THAT(error_text(minimal, {"regularization.lambda="}),
             StartsWith("--set regularization.lambda: 'regularization.lambda' cannot be unset") &&
                 Contains("data.test, data.format, data.features, data.positive_label, data.header"));
  CHECK_THAT(error_text(minimal, {"optimizer.method="}), StartsWith("--set optimizer.method: "));
}

TEST_CASE("override: unknown key or section") {
  CHECK(error_text(minimal, {"optimizer.maxiter=5"}) ==
        "--set optimizer.maxiter: unknown key 'optimizer.maxiter' (known keys in [optimizer]: method, max_iter, tol, gap_tol, "
        "history, hessian_block, preconditioner)");
  CHECK(error_text(minimal, {"solver.method=gd"}) ==
        "--set solver.method: unknown section 'solver' (known sections: data, data.synthetic, model, "
        "regularization, optimizer, output, checkpoint, runtime, cv)");
  CHECK_THAT(error_text(minimal, {"data.train.x=1"}), StartsWith("--set data.train.x: unknown key 'data.train.x'"));
}

TEST_CASE("override: wrong type or out of range") {
  CHECK(error_text(minimal, {"regularization.lambda=abc"}) ==
        "--set regularization.lambda: bad value for 'regularization.lambda': expected float (or integer) or a list of "
        "them, got string "
        "\"abc\"");
  CHECK(error_text(minimal, {"optimizer.max_iter=1.5"}) ==
        "--set optimizer.max_iter: bad value for 'optimizer.max_iter': expected integer, got float 1.5");
  CHECK(error_text(minimal, {"model.fit_intercept=yes"}) ==
        "--set model.fit_intercept: bad value for 'model.fit_intercept': expected boolean, got string \"yes\"");
  CHECK(error_text(minimal, {"regularization.lambda=-1"}) ==
        "--set regularization.lambda: 'regularization.lambda' must be >= 0, got -1");
  CHECK(error_text(minimal, {"optimizer.method=sgd"}) ==
        "--set optimizer.method: 'optimizer.method' must be one of auto, gd, lbfgs, owlqn, newton, pqn; got \"sgd\"");
  CHECK(error_text(minimal, {"data.test=\"\""}) == "--set data.test: 'data.test' must not be empty");
}

TEST_CASE("override: a bad file value can be fixed by an override") {
  CHECK(load_text(minimal + "[regularization]\nlambda = -1\n", {"regularization.lambda=0"}).regularization.lambda == 0.0);
}

TEST_CASE("override: malformed") {
  CHECK_THAT(error_text(minimal, {"optimizer.max_iter"}),
             StartsWith("malformed override 'optimizer.max_iter': expected section.key=value"));
  CHECK_THAT(error_text(minimal, {"max_iter=5"}),
             StartsWith("malformed override 'max_iter=5': expected section.key before '='"));
  CHECK_THAT(error_text(minimal, {"=5"}), StartsWith("malformed override '=5'"));
  CHECK_THAT(error_text(minimal, {".max_iter=5"}), StartsWith("malformed override '.max_iter=5'"));
  CHECK_THAT(error_text(minimal, {"optimizer.=5"}), StartsWith("malformed override 'optimizer.=5'"));
}

TEST_CASE("override: the value may contain '='") {
  CHECK(load_text(minimal, {"output.dir=runs/a=b"}).output.dir == "runs/a=b");
}
