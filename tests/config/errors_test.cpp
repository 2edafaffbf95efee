#include "config_test_helpers.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using namespace dlogit::test;

TEST_CASE("a missing config file is named") {
  const std::string path = temp_dir("config") + "/nope.toml";
  CHECK_THAT(error_loading(path), Contains("'" + path + "'") && Contains("not found"));
  const std::string dir = temp_dir("config");
  CHECK_THAT(error_loading(dir), Contains("'" + dir + "'") && Contains("directory"));
}

TEST_CASE("a TOML syntax error gives FILE:LINE:COL and toml++'s description") {
  const std::string message = error_text(minimal + "[optimizer]\nmax_iter = = 3\n");
  CHECK_THAT(message, StartsWith("FILE:4:"));
  CHECK(message.find(':', std::string("FILE:4:").size()) != std::string::npos);  // a column follows
  CHECK(message.size() > std::string("FILE:4:1: ").size());
  CHECK_THAT(error_text(minimal + "[data]\n"), StartsWith("FILE:3:"));  // redefined table
}

TEST_CASE("a bare word where TOML wants a quoted text says to quote it") {
  CHECK_THAT(error_text(minimal + "[optimizer]\nmethod = lbfgs  # the default is auto\n"),
             StartsWith("FILE:4:") && Contains("text values need quotes: method = \"lbfgs\""));
  CHECK_THAT(error_text(minimal + "[regularization]\npenalty = l2\n"), Contains("penalty = \"l2\""));
  // Not every parse error is a missing quote: no hint for a doubled '='.
  CHECK_THAT(error_text(minimal + "[optimizer]\nmax_iter = = 3\n"), !Contains("need quotes"));
}

TEST_CASE("a loaded config says where each key was set") {
  const auto config = load_text(minimal + "[optimizer]\nmax_iter = 3\n", {"optimizer.tol=0.5"});
  CHECK_THAT(config.where("optimizer.max_iter"), Contains(":4"));
  CHECK_THAT(config.where("optimizer.tol"), Contains("--set optimizer.tol"));
  CHECK(config.where("optimizer.history") == config.source);  // a default: the file alone
}

TEST_CASE("an unknown key names file, line, key and the known keys") {
  const std::string message = error_text("[data]\ntrain = \"a.svm\"\n\n[optimizer]\nmethod = \"gd\"\n\nmaxiter = 5\n");
  CHECK(message ==
        "FILE:7: unknown key 'optimizer.maxiter' (known keys in [optimizer]: method, max_iter, tol, gap_tol, history, hessian_block, preconditioner)");
  CHECK_THAT(error_text("[model]\nfit_intercept = true\nintercept = 1\n[data]\ntrain = \"a\"\n"),
             StartsWith("FILE:3: unknown key 'model.intercept'"));
  // A sub-table of a known section is an unknown key too.
  CHECK_THAT(error_text(minimal + "[data.extra]\nx = 1\n"), Contains("unknown key 'data.extra'"));
}

TEST_CASE("an unknown section names file, line and the known sections") {
  const std::string message = error_text(minimal + "\n[solver]\nmethod = \"gd\"\n");
  CHECK(message ==
        "FILE:4: unknown section 'solver' (known sections: data, data.synthetic, model, regularization, optimizer, output, checkpoint, runtime, cv)");
  CHECK_THAT(error_text("name = \"x\"\n" + minimal), StartsWith("FILE:1: unknown key 'name'"));
  CHECK_THAT(error_text(minimal + "[[runs]]\nx = 1\n"), StartsWith("FILE:3: unknown section 'runs'"));
}

TEST_CASE("a section that is not a table") {
  CHECK_THAT(error_text("optimizer = 3\n" + minimal),
             StartsWith("FILE:1: 'optimizer' must be a table") && Contains("integer 3"));
}

TEST_CASE("a wrong type names file, line, key and the expected type") {
  CHECK(error_text(minimal + "[regularization]\nlambda = \"big\"\n") ==
        "FILE:4: bad value for 'regularization.lambda': expected float (or integer) or a list of them, got string "
        "\"big\"");
  CHECK(error_text(minimal + "[optimizer]\nmax_iter = 10.5\n") ==
        "FILE:4: bad value for 'optimizer.max_iter': expected integer, got float 10.5");
  CHECK(error_text(minimal + "[model]\nfit_intercept = 1\n") ==
        "FILE:4: bad value for 'model.fit_intercept': expected boolean, got integer 1");
  CHECK(error_text("[data]\ntrain = 5\n") == "FILE:2: bad value for 'data.train': expected string, got integer 5");
  CHECK(error_text(minimal + "header = \"yes\"\n") ==
        "FILE:3: bad value for 'data.header': expected boolean, got string \"yes\"");
  CHECK(error_text(minimal + "test = [\"a\", \"b\"]\n") == "FILE:3: bad value for 'data.test': expected string, got array");
  CHECK(error_text(minimal + "[output]\ndir = 2024-01-01\n") ==
        "FILE:4: bad value for 'output.dir': expected string, got date");
  CHECK_THAT(error_text(minimal + "[optimizer]\nmax_iter = 10000000000\n"),
             StartsWith("FILE:4: bad value for 'optimizer.max_iter': integer 10000000000 is out of range"));
  CHECK_THAT(error_text(minimal + "[optimizer]\ntol = nan\n"),
             StartsWith("FILE:4: bad value for 'optimizer.tol': must be a finite number"));
  // lambda takes a number or a list: a number that is not finite says so, not "expected float ... got float".
  CHECK(error_text(minimal + "[regularization]\nlambda = nan\n") ==
        "FILE:4: bad value for 'regularization.lambda': must be a finite number, got float nan");
  CHECK(error_text(minimal + "[regularization]\nlambda = -inf\n") ==
        "FILE:4: bad value for 'regularization.lambda': must be a finite number, got float -inf");
}

TEST_CASE("integers are accepted where a float is expected") {
  const auto config = load_text(minimal + "[regularization]\nlambda = 2\nl1_ratio = 0\n[optimizer]\ntol = 0\n");
  CHECK(config.regularization.lambda == 2.0);
  CHECK(config.regularization.l1_ratio == 0.0);
  CHECK(config.optimizer.tol == 0.0);
}

TEST_CASE("out-of-range values name file, line and key") {
  struct Case {
    std::string toml;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"[regularization]\nlambda = -0.5\n", "FILE:4: 'regularization.lambda' must be >= 0, got -0.5"},
      {"[regularization]\nl1_ratio = 1.5\n", "FILE:4: 'regularization.l1_ratio' must be in [0, 1], got 1.5"},
      {"[regularization]\nl1_ratio = -0.1\n", "FILE:4: 'regularization.l1_ratio' must be in [0, 1], got -0.1"},
      {"[optimizer]\nmax_iter = 0\n", "FILE:4: 'optimizer.max_iter' must be >= 1, got 0"},
      {"[optimizer]\ntol = -1e-3\n", "FILE:4: 'optimizer.tol' must be >= 0, got -0.001"},
      {"[optimizer]\nhistory = 0\n", "FILE:4: 'optimizer.history' must be >= 1, got 0"},
      {"[optimizer]\nhessian_block = -1\n", "FILE:4: 'optimizer.hessian_block' must be >= 0, got -1"},
      {"[data]\nlabel_column = 0\n", "FILE:4: 'data.label_column' must be >= 1, got 0"},
      {"[data]\nfeatures = 0\n", "FILE:4: 'data.features' must be >= 1, got 0"},
      {"[regularization]\npenalty = \"lasso\"\n",
       "FILE:4: 'regularization.penalty' must be one of none, l2, l1, elasticnet; got \"lasso\""},
      {"[optimizer]\nmethod = \"sgd\"\n",
       "FILE:4: 'optimizer.method' must be one of auto, gd, lbfgs, owlqn, newton, pqn; got \"sgd\""},
      {"[data]\nformat = \"parquet\"\n", "FILE:4: 'data.format' must be one of libsvm, csv; got \"parquet\""},
      {"[data]\ntest = \"\"\n", "FILE:4: 'data.test' must not be empty"},
      {"[output]\ndir = \"\"\n", "FILE:4: 'output.dir' must not be empty"},
  };
  for (const auto& c : cases) {
    // The [data] table of `minimal` is reopened as a dotted table when the case is about data.
    std::string toml = c.toml.rfind("[data]", 0) == 0 ? "[data]\ntrain = \"a9a.svm\"\n\n" + c.toml.substr(7)
                                                      : minimal + c.toml;
    INFO(toml);
    CHECK(error_text(toml) == c.expected);
  }
}

TEST_CASE("data.train is required") {
  CHECK(error_text("[optimizer]\nmax_iter = 3\n") ==
        "FILE: missing required key 'data.train' (set it in [data] or with --set data.train=...), or generate rows "
        "with [data.synthetic] rows = N");
  CHECK_THAT(error_text("[optimizer]\nmax_iter = 3\n[data]\ntest = \"t.svm\"\n"),
             StartsWith("FILE:3: missing required key 'data.train'"));
  CHECK(error_text("[data]\ntrain = \"\"\n") == "FILE:2: 'data.train' must not be empty");
  CHECK_NOTHROW(load_text("", {"data.train=a.svm"}));
}

TEST_CASE("the first error in file order is the one reported") {
  CHECK_THAT(error_text("[optimizer]\nzzz = 1\n[data]\naaa = 1\n"), StartsWith("FILE:2: unknown key 'optimizer.zzz'"));
  CHECK_THAT(error_text("[optimizer]\ntol = \"x\"\nmax_iter = \"y\"\n"), StartsWith("FILE:2:"));
}
