#include "config_test_helpers.hpp"

using Catch::Matchers::Contains;
using dlogit::config::Config;
using dlogit::config::load_config;
using dlogit::config::Method;
using dlogit::config::method_names;
using dlogit::data::Format;
using dlogit::model::PenaltyKind;
using namespace dlogit::test;

TEST_CASE("reference.toml loads and its values are the defaults") {
  const std::string reference = source_dir() + "/configs/reference.toml";
  const Config loaded = load_config(reference, {"data.train=/x/a9a.svm"});
  const Config defaults;
  CHECK(loaded.source == reference);
  CHECK(loaded.data.train == "/x/a9a.svm");
  CHECK_FALSE(loaded.data.test);
  CHECK(loaded.data.format == Format::libsvm);
  CHECK_FALSE(loaded.data.features);
  CHECK_FALSE(loaded.data.positive_label);
  CHECK(loaded.data.label_column == defaults.data.label_column);
  CHECK_FALSE(loaded.data.header);
  CHECK(loaded.model.fit_intercept == defaults.model.fit_intercept);
  CHECK(loaded.regularization.penalty == defaults.regularization.penalty);
  CHECK(loaded.regularization.lambda == defaults.regularization.lambda);
  CHECK(loaded.regularization.l1_ratio == defaults.regularization.l1_ratio);
  CHECK(loaded.optimizer.method == defaults.optimizer.method);
  CHECK(loaded.optimizer.max_iter == defaults.optimizer.max_iter);
  CHECK(loaded.optimizer.tol == defaults.optimizer.tol);
  CHECK(loaded.optimizer.history == defaults.optimizer.history);
  CHECK(loaded.output.dir == defaults.output.dir);
}

TEST_CASE("reference.toml without data.train names the missing key") {
  const std::string message = error_loading(source_dir() + "/configs/reference.toml");
  CHECK_THAT(message, Contains("reference.toml:") && Contains("missing required key 'data.train'"));
}

TEST_CASE("sparse_l1.toml loads: l1 with a test set, from the repository's data") {
  const Config config = load_config(source_dir() + "/configs/sparse_l1.toml");
  CHECK(config.data.train == "tests/datasets/a9a.svm.xz");
  CHECK(config.data.test == std::optional<std::string>("tests/datasets/a9a.t.svm.xz"));
  CHECK(config.regularization.penalty == PenaltyKind::l1);
  CHECK(config.resolved_method() == Method::pqn);
}

TEST_CASE("quickstart.toml loads") {
  const Config config = load_config(source_dir() + "/configs/quickstart.toml");
  CHECK(config.data.train == "tests/datasets/a9a.svm.xz");
  CHECK(config.data.test == std::optional<std::string>("tests/datasets/a9a.t.svm.xz"));
  CHECK(config.data.format == Format::libsvm);
  CHECK(config.regularization.penalty == PenaltyKind::l2);
  CHECK(config.regularization.lambda == 1.0);
  CHECK(config.optimizer.method == Method::automatic);
  CHECK(config.resolved_method() == Method::newton);
  CHECK(config.optimizer.max_iter == 100);
  CHECK(config.optimizer.tol == 1e-6);
  CHECK(config.output.dir == "runs/quickstart");
}

TEST_CASE("every default, with only data.train given") {
  const Config config = load_text(minimal);
  CHECK(config.data.train == "a9a.svm");
  CHECK_FALSE(config.data.test);
  CHECK(config.data.format == Format::libsvm);
  CHECK_FALSE(config.data.features);
  CHECK_FALSE(config.data.positive_label);
  CHECK(config.data.label_column == 1);
  CHECK_FALSE(config.data.header);
  CHECK(config.model.fit_intercept);
  CHECK(config.regularization.penalty == PenaltyKind::l2);
  CHECK(config.regularization.lambda == 1.0);
  CHECK(config.regularization.l1_ratio == 0.5);
  CHECK(config.optimizer.method == Method::automatic);
  CHECK(config.optimizer.max_iter == 1000);
  CHECK(config.optimizer.tol == 1e-6);
  CHECK(config.optimizer.history == 10);
  CHECK(config.output.dir == "runs/dlogit");
  CHECK(config.resolved_method() == Method::newton);
  CHECK_FALSE(config.checkpoint.dir);
  CHECK(config.checkpoint.directory("runs/dlogit") == "runs/dlogit/checkpoints");
  CHECK(config.checkpoint.every == 10);
  CHECK(config.checkpoint.seconds == 0.0);
  CHECK(config.checkpoint.keep == 3);
  CHECK(config.checkpoint.resume);
}

TEST_CASE("checkpoint keys are read and range-checked") {
  const Config config = load_text(minimal + "[checkpoint]\ndir = \"ck\"\nevery = 0\nkeep = 1\nresume = false\n");
  CHECK(config.checkpoint.directory("out") == "ck");
  CHECK(config.checkpoint.every == 0);
  CHECK(config.checkpoint.keep == 1);
  CHECK_FALSE(config.checkpoint.resume);
  CHECK_THROWS_WITH(load_text(minimal + "[checkpoint]\nkeep = 0\n"), Catch::Contains("checkpoint.keep"));
  CHECK_THROWS_WITH(load_text(minimal + "[checkpoint]\nevery = -1\n"), Catch::Contains("checkpoint.every"));
  CHECK(load_text(minimal + "[checkpoint]\nseconds = 600\n").checkpoint.seconds == 600.0);
  CHECK(load_text(minimal + "[checkpoint]\nseconds = 0.5\n").checkpoint.seconds == 0.5);
  CHECK_THROWS_WITH(load_text(minimal + "[checkpoint]\nseconds = -1\n"), Catch::Contains("checkpoint.seconds"));
}

TEST_CASE("data.zero_based is true, false or \"auto\" (the default), in the file or with --set") {
  CHECK(load_text(minimal).data.zero_based == dlogit::data::IndexBase::detect);
  CHECK(load_text(minimal + "zero_based = true\n").data.zero_based == dlogit::data::IndexBase::zero);
  CHECK(load_text(minimal + "zero_based = false\n").data.zero_based == dlogit::data::IndexBase::one);
  CHECK(load_text(minimal + "zero_based = \"auto\"\n").data.zero_based == dlogit::data::IndexBase::detect);
  CHECK(load_text(minimal, {"data.zero_based=true"}).data.zero_based == dlogit::data::IndexBase::zero);
  CHECK(load_text(minimal + "zero_based = true\n", {"data.zero_based=auto"}).data.zero_based ==
        dlogit::data::IndexBase::detect);
  CHECK_THROWS_WITH(load_text(minimal + "zero_based = \"yes\"\n"),
                    Catch::Contains("data.zero_based") && Catch::Contains("expected true, false or \"auto\""));
  CHECK_THROWS_WITH(load_text(minimal + "zero_based = 1\n"), Catch::Contains("data.zero_based"));
}

TEST_CASE("every key set in the file") {
  const Config config = load_text(R"(
[data]
train = "parts/train-*.csv"
test = "test.csv"
format = "csv"
features = 54
positive_label = 2
label_column = 3
header = false

[model]
fit_intercept = false

[regularization]
penalty = "elasticnet"
lambda = 0.25
l1_ratio = 1

[optimizer]
method = "owlqn"
max_iter = 50
tol = 0
history = 5

[output]
dir = "out/run1"
)");
  CHECK(config.data.train == "parts/train-*.csv");
  CHECK(config.data.test == std::optional<std::string>("test.csv"));
  CHECK(config.data.format == Format::csv);
  CHECK(config.data.features == std::optional<std::int64_t>(54));
  CHECK(config.data.positive_label == std::optional<double>(2.0));  // an integer where a float is expected
  CHECK(config.data.label_column == 3);
  CHECK(config.data.header == std::optional<bool>(false));
  CHECK_FALSE(config.model.fit_intercept);
  CHECK(config.regularization.penalty == PenaltyKind::elasticnet);
  CHECK(config.regularization.lambda == 0.25);
  CHECK(config.regularization.l1_ratio == 1.0);
  CHECK(config.optimizer.method == Method::owlqn);
  CHECK(config.optimizer.max_iter == 50);
  CHECK(config.optimizer.tol == 0.0);
  CHECK(config.optimizer.history == 5);
  CHECK(config.output.dir == "out/run1");
}

TEST_CASE("dotted keys and inline tables are the same keys") {
  const Config config = load_text("data.train = \"a.svm\"\noptimizer = { max_iter = 7 }\n");
  CHECK(config.data.train == "a.svm");
  CHECK(config.optimizer.max_iter == 7);
}

TEST_CASE("relative paths are kept as written") {
  const Config config = load_text("[data]\ntrain = \"../d/a.svm\"\ntest = \"./t.svm\"\n[output]\ndir = \"runs/x\"\n");
  CHECK(config.data.train == "../d/a.svm");
  CHECK(*config.data.test == "./t.svm");
  CHECK(config.output.dir == "runs/x");
}

TEST_CASE("data.format defaults from data.train's extension") {
  CHECK(load_text("[data]\ntrain = \"covtype.csv\"\n").data.format == Format::csv);
  CHECK(load_text("[data]\ntrain = \"dir/part-*.csv\"\n").data.format == Format::csv);
  CHECK(load_text("[data]\ntrain = \"dir/COVTYPE.CSV\"\n").data.format == Format::csv);
  CHECK(load_text("[data]\ntrain = \"a9a.svm\"\n").data.format == Format::libsvm);
  CHECK(load_text("[data]\ntrain = \"a9a\"\n").data.format == Format::libsvm);
  CHECK(load_text("[data]\ntrain = \"csv/a9a.txt\"\n").data.format == Format::libsvm);
  CHECK(load_text("[data]\ntrain = \"a.csv\"\nformat = \"libsvm\"\n").data.format == Format::libsvm);
  // The override changes data.train after the file: the derived format follows it.
  CHECK(load_text(minimal, {"data.train=b.csv"}).data.format == Format::csv);
}

TEST_CASE("data.format of extensionless part files comes from their directory, as for evaluate and predict") {
  CHECK(load_text("[data]\ntrain = \"out.csv/part-*\"\n").data.format == Format::csv);
  CHECK(load_text("[data]\ntrain = \"data/out.csv/part-00000\"\n").data.format == Format::csv);
  CHECK(load_text("[data]\ntrain = \"out/part-*\"\n").data.format == Format::libsvm);
}

TEST_CASE("a name that a choice lacks can still be replaced by a later --set") {
  const std::string file = minimal + "[regularization]\npenalty = \"lasso\"\n[optimizer]\nmethod = \"sgd\"\n";
  const Config config = load_text(file, {"regularization.penalty=l1", "optimizer.method=gd"});
  CHECK(config.regularization.penalty == PenaltyKind::l1);
  CHECK(config.optimizer.method == Method::gd);
  // Unreadable until the end, it is reported in key order with where it was set.
  CHECK(error_text(file, {"optimizer.method=gd"}) ==
        "FILE:4: 'regularization.penalty' must be one of none, l2, l1, elasticnet; got \"lasso\"");
  CHECK(error_text(minimal, {"optimizer.method=gd", "optimizer.method=sgd"}) ==
        "--set optimizer.method: 'optimizer.method' must be one of auto, gd, lbfgs, owlqn, newton, pqn; got \"sgd\"");
  CHECK(load_text(minimal, {"optimizer.method=sgd", "optimizer.method=lbfgs"}).optimizer.method == Method::lbfgs);
}

TEST_CASE("auto method resolution") {
  auto method_for = [](const std::string& penalty, const std::string& method = "auto") {
    return method_names().name(
        load_text(minimal, {"regularization.penalty=" + penalty, "optimizer.method=" + method}).resolved_method());
  };
  CHECK(method_for("none") == "newton");
  CHECK(method_for("l2") == "newton");
  CHECK(method_for("l1") == "pqn");
  CHECK(method_for("elasticnet") == "pqn");
  CHECK(method_for("l1", "owlqn") == "owlqn");
  CHECK(method_for("l2", "lbfgs") == "lbfgs");
  CHECK(method_for("l2", "gd") == "gd");
  CHECK(method_for("l1", "gd") == "gd");
  CHECK(method_for("elasticnet", "owlqn") == "owlqn");

  Config config;
  config.regularization.penalty = PenaltyKind::l1;
  CHECK(config.resolved_method() == Method::pqn);
}

TEST_CASE("method and penalty compatibility") {
  for (const std::string method : {"lbfgs", "newton"}) {
    for (const std::string penalty : {"l1", "elasticnet"}) {
      const std::string message = error_text(minimal + "[regularization]\npenalty = \"" + penalty +
                                             "\"\n[optimizer]\nmethod = \"" + method + "\"\n");
      CHECK_THAT(message, Contains("FILE:6:") && Contains("'optimizer.method'") && Contains(method) &&
                              Contains(penalty) && Contains("(set at FILE:4)") && Contains("owlqn") &&
                              Contains("gd"));
    }
    for (const std::string penalty : {"none", "l2"}) {
      CHECK_NOTHROW(load_text(minimal, {"regularization.penalty=" + penalty, "optimizer.method=" + method}));
    }
  }
  for (const std::string method : {"owlqn", "pqn", "gd", "auto"}) {
    for (const std::string penalty : {"none", "l2", "l1", "elasticnet"}) {
      CHECK_NOTHROW(load_text(minimal, {"regularization.penalty=" + penalty, "optimizer.method=" + method}));
    }
  }
  // Through an override, the message names the --set.
  CHECK_THAT(error_text(minimal + "[regularization]\npenalty = \"l1\"\n", {"optimizer.method=lbfgs"}),
             Contains("--set optimizer.method:") && Contains("(set at FILE:4)"));
}
