// End-to-end runs of `dlogit evaluate`, `predict` and `export` on a9a, on one and several ranks.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::json_number;
using dlogit::test::lines_of;
using dlogit::test::read_text;
using dlogit::test::run_dlogit;

namespace {

// scikit-learn's roc_auc_score of the model below on a9a.t.svm, from the same weights:
//   build/dlogit train a9a.toml          (1 rank; newton, l2, lambda 1, as train_a9a writes it)
//   build/dlogit export --model OUT/model.bin --format csv --output w.csv
//   /usr/bin/python3 tests/e2e/reference/auc_reference.py w.csv build/tests/datasets/a9a.t.svm
// (scikit-learn 1.2.1, numpy 1.24.2.) The exact check (1e-9) runs the script live on the model the test
// trains; this stored value checks, to 1e-6, that training still reaches the same model: the last bits of
// the weights move whenever the passes round differently, and with them a few tied-or-not pairs.
constexpr double kSklearnTestAuc = 0.90221655991289906;

// Trains a9a on 1 rank (newton, l2, lambda 1, with a9a.t as data.test) into dir/out; returns model.bin.
std::string train_a9a(const std::string& dir) {
  const std::string config = dlogit::test::write_file(
      dir, "a9a.toml",
      "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") + "\"\ntest = \"" +
          dlogit::test::dataset("a9a.t.svm") +
          "\"\n[regularization]\npenalty = \"l2\"\nlambda = 1.0\n[optimizer]\nmethod = \"newton\"\n[output]\ndir = \"" +
          dir + "/out\"\n");
  const auto outcome = run_dlogit(1, "train " + config);
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  return dir + "/out/model.bin";
}


bool has_sklearn() { return std::system("/usr/bin/python3 -c 'import sklearn' > /dev/null 2>&1") == 0; }

}  // namespace

TEST_CASE("evaluate, predict and export --help document the commands") {
  for (const std::string command : {"evaluate", "predict", "export"}) {
    const auto outcome = run_dlogit(1, command + " --help");
    INFO(outcome.out);
    CHECK(outcome.exit_code == 0);
    CHECK_THAT(outcome.out, Catch::Contains("--model"));
    CHECK_THAT(outcome.out, Catch::Contains("--output"));
  }
  CHECK_THAT(run_dlogit(1, "evaluate --help").out, Catch::Contains("auc") || Catch::Contains("AUC"));
}

TEST_CASE("result.json of a training run holds the metrics of train and test") {
  const std::string dir = dlogit::test::temp_dir("e2e-eval-result");
  train_a9a(dir);
  const std::string result = read_text(dir + "/out/result.json");
  for (const char* key : {"\"train\": {", "\"test\": {", "\"auc\": ", "\"precision\": ", "\"recall\": ", "\"f1\": ",
                          "\"confusion\": {", "\"tn\": ", "\"fp\": ", "\"fn\": ", "\"tp\": ", "\"objective\": "})
    CHECK_THAT(result, Catch::Contains(key));
  // The test AUC of the training run is the one scikit-learn computes from the saved weights.
  const std::string test_part = dir + "/test-part.json";
  dlogit::test::write_file(dir, "test-part.json", result.substr(result.find("\"test\": {")));
  CHECK(std::abs(json_number(test_part, "auc") - kSklearnTestAuc) <= 1e-6);
  CHECK(json_number(test_part, "rows") == 16281);
}

TEST_CASE("evaluate on 1 and 3 ranks gives the same metrics, and scikit-learn's AUC") {
  const std::string dir = dlogit::test::temp_dir("e2e-evaluate");
  const std::string model = train_a9a(dir);
  const std::string data = dlogit::test::dataset("a9a.t.svm");
  for (const int ranks : {1, 3}) {
    const auto outcome = run_dlogit(ranks, "evaluate --model " + model + " --data " + data + " --output " + dir +
                                               "/metrics" + std::to_string(ranks) + ".json");
    INFO(outcome.out);
    REQUIRE(outcome.exit_code == 0);
    CHECK_THAT(outcome.out, Catch::Contains("auc 0.90"));
    CHECK_THAT(outcome.out, Catch::Contains("tn "));
  }
  const std::string one = dir + "/metrics1.json";
  const std::string three = dir + "/metrics3.json";
  CHECK(json_number(one, "rows") == 16281);
  CHECK(json_number(three, "ranks") == 3);
  // Counts and everything computed from them (AUC from integer per-score counts) are exactly equal;
  // the log loss is a floating-point sum whose order depends on the split.
  for (const char* key : {"rows", "accuracy", "auc", "precision", "recall", "f1", "tn", "fp", "fn", "tp"}) {
    INFO(key);
    CHECK(json_number(one, key) == json_number(three, key));
  }
  CHECK(std::abs(json_number(one, "logloss") - json_number(three, "logloss")) <= 1e-12 * json_number(one, "logloss"));
  CHECK(json_number(one, "tn") + json_number(one, "fp") + json_number(one, "fn") + json_number(one, "tp") == 16281);
  CHECK(std::abs(json_number(one, "auc") - kSklearnTestAuc) <= 1e-6);

  // Exact check against scikit-learn, from this very model (python3-sklearn: launch/setup installs it
  // as root and names it otherwise).
  INFO("/usr/bin/python3 cannot import sklearn: apt-get install python3-sklearn");
  REQUIRE(has_sklearn());
  {
    REQUIRE(run_dlogit(1, "export --model " + model + " --format csv --output " + dir + "/w.csv").exit_code == 0);
    const std::string command = "/usr/bin/python3 " + dlogit::test::source_dir() + "/tests/e2e/reference/auc_reference.py " +
                                dir + "/w.csv " + data + " > " + dir + "/sklearn.txt";
    REQUIRE(std::system(command.c_str()) == 0);
    const double sklearn = std::stod(read_text(dir + "/sklearn.txt"));
    CHECK(std::abs(json_number(one, "auc") - sklearn) <= 1e-9);
  }
}

TEST_CASE("predict on 3 ranks writes one line per row, in input order, as 1 rank does") {
  const std::string dir = dlogit::test::temp_dir("e2e-predict");
  const std::string model = train_a9a(dir);
  const std::string data = dlogit::test::dataset("a9a.t.svm");
  for (const int ranks : {1, 3}) {
    const auto outcome = run_dlogit(ranks, "predict --model " + model + " --data " + data + " --output " + dir + "/p" +
                                               std::to_string(ranks) + ".tsv");
    INFO(outcome.out);
    REQUIRE(outcome.exit_code == 0);
  }
  CHECK(dlogit::test::same_bytes(dir + "/p1.tsv", dir + "/p3.tsv"));
  CHECK(!std::filesystem::exists(dir + "/p3.tsv.tmp"));
  const std::vector<std::string> predictions = lines_of(read_text(dir + "/p3.tsv"));
  const std::vector<std::string> rows = lines_of(read_text(data));
  REQUIRE(predictions.size() == rows.size());
  REQUIRE(predictions.size() == 16281);
  // Each line: probability, tab, label in a9a's values; the label agrees with the probability, and the
  // accuracy against the file's labels (in file order) is evaluate's.
  std::int64_t correct = 0;
  for (std::size_t i = 0; i < predictions.size(); ++i) {
    const std::string& line = predictions[i];
    const auto tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    const double p = std::stod(line.substr(0, tab));
    const std::string label = line.substr(tab + 1);
    REQUIRE((label == "1" || label == "-1"));
    CHECK((p >= 0.5) == (label == "1"));
    CHECK((p > 0.0 && p < 1.0));
    const std::string truth = rows[i].substr(0, rows[i].find(' '));
    correct += (std::stod(truth) == std::stod(label)) ? 1 : 0;
  }
  REQUIRE(run_dlogit(1, "evaluate --model " + model + " --data " + data + " --output " + dir + "/m.json").exit_code == 0);
  CHECK(static_cast<double>(correct) / 16281.0 == json_number(dir + "/m.json", "accuracy"));
}

TEST_CASE("export writes JSON and CSV that parse and agree with each other") {
  const std::string dir = dlogit::test::temp_dir("e2e-export");
  const std::string model = train_a9a(dir);
  REQUIRE(run_dlogit(1, "export --model " + model + " --format json --output " + dir + "/m.json").exit_code == 0);
  REQUIRE(run_dlogit(1, "export --model " + model + " --format csv --output " + dir + "/m.csv").exit_code == 0);
  const auto stdout_json = run_dlogit(1, "export --model " + model);  // JSON to stdout by default
  REQUIRE(stdout_json.exit_code == 0);
  CHECK_THAT(stdout_json.out, Catch::Contains("\"weights\": ["));

  const std::vector<std::string> csv = lines_of(read_text(dir + "/m.csv"));
  REQUIRE(csv.size() == 1 + 123 + 4);
  CHECK(csv[0] == "feature,weight");
  std::vector<double> weights;
  for (std::size_t i = 1; i <= 123; ++i) {
    const auto comma = csv[i].find(',');
    CHECK(std::stoi(csv[i].substr(0, comma)) == static_cast<int>(i));
    weights.push_back(std::stod(csv[i].substr(comma + 1)));
  }
  CHECK_THAT(csv[124], Catch::StartsWith("intercept,"));
  CHECK(csv[125] == "fit_intercept,1");
  CHECK(csv[126] == "negative_label,-1");
  CHECK(csv[127] == "positive_label,1");
  const double intercept = std::stod(csv[124].substr(10));
  CHECK(intercept == json_number(dir + "/m.json", "intercept"));
  CHECK(intercept == json_number(dir + "/out/result.json", "intercept"));
  CHECK(json_number(dir + "/m.json", "features") == 123);

  // A real JSON parser agrees (Python's standard library).
  std::ostringstream script;
  script << "/usr/bin/python3 -c \"import json,sys; d=json.load(open(sys.argv[1])); "
            "assert d['features'] == len(d['weights']) == 123; assert d['fit_intercept'] is True; "
            "assert d['labels'] == {'negative': -1, 'positive': 1}; "
            "assert d['weights'][0] == float(sys.argv[2]) and d['weights'][122] == float(sys.argv[3])\" "
         << dir << "/m.json " << csv[1].substr(csv[1].find(',') + 1) << " " << csv[123].substr(csv[123].find(',') + 1);
  CHECK(std::system(script.str().c_str()) == 0);
  CHECK(weights.size() == 123);
}

TEST_CASE("evaluate, predict and export name the file at fault") {
  const std::string dir = dlogit::test::temp_dir("e2e-eval-errors");
  const std::string model = train_a9a(dir);
  const std::string missing = dir + "/missing.bin";
  for (const std::string command : {"evaluate --data x.svm", "predict --data x.svm --output p.tsv", "export"}) {
    const auto outcome = run_dlogit(command == "export" ? 1 : 2, command + " --model " + missing);
    INFO(outcome.out);
    CHECK(outcome.exit_code == 1);
    CHECK_THAT(outcome.out, Catch::Contains(missing));
  }
  // A feature index beyond the model's 123: the loader names the file and line.
  const std::string wide = dlogit::test::write_file(dir, "wide.svm", "1 1:1 3:1\n-1 2:1 124:1\n1 5:1\n");
  auto outcome = run_dlogit(2, "evaluate --model " + model + " --data " + wide);
  INFO(outcome.out);
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains(wide + ":2"));
  // A label that is not one of the model's.
  const std::string foreign = dlogit::test::write_file(dir, "foreign.svm", "0 1:1\n1 2:1\n");
  outcome = run_dlogit(1, "predict --model " + model + " --data " + foreign + " --output " + dir + "/p.tsv");
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("foreign.svm:1: label 0 is not one of the model's labels (-1, 1)"));
  CHECK(!std::filesystem::exists(dir + "/p.tsv"));
  // An unwritable output (a missing folder is created; one under /proc cannot be, even by root).
  outcome = run_dlogit(2, "predict --model " + model + " --data " + dlogit::test::dataset("a9a.t.svm") +
                              " --output /proc/dlogit-no-such-folder/p.tsv");
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains("/proc/dlogit-no-such-folder/p.tsv"));
  // One class only: the AUC is undefined (null), the rest is computed.
  const std::string one_class = dlogit::test::write_file(dir, "ones.svm", "1 1:1\n1 2:1 3:1\n");
  outcome = run_dlogit(1, "evaluate --model " + model + " --data " + one_class + " --output " + dir + "/one.json");
  INFO(outcome.out);
  CHECK(outcome.exit_code == 0);
  CHECK_THAT(outcome.out, Catch::Contains("auc undefined"));
  CHECK_THAT(read_text(dir + "/one.json"), Catch::Contains("\"auc\": null"));
}

TEST_CASE("an --output that is one of the inputs is refused before anything is written, under any name") {
  const std::string dir = dlogit::test::temp_dir("e2e-output-is-input");
  const std::string model = train_a9a(dir);
  const std::string data = dlogit::test::write_file(dir, "rows.svm", "1 1:1 3:1\n-1 2:1\n");
  std::filesystem::create_symlink(data, dir + "/alias.svm");
  const std::string model_bytes = read_text(model);
  struct Case {
    int ranks;
    std::string arguments;
    std::string input;
  };
  const std::vector<Case> cases = {
      {1, "predict --model " + model + " --data " + data + " --output " + data, data},
      {2, "predict --model " + model + " --data " + dir + "/r*.svm --output " + dir + "/alias.svm", data},
      {2, "evaluate --model " + model + " --data " + data + " --output " + dir + "/./rows.svm", data},
      {1, "export --model " + model + " --output " + model, model},
  };
  for (const Case& c : cases) {
    const std::string before = read_text(c.input);
    const auto outcome = run_dlogit(c.ranks, c.arguments);
    INFO(c.arguments << "\n" << outcome.out);
    CHECK(outcome.exit_code == 1);
    CHECK_THAT(outcome.out, Catch::Contains("is the input file") && Catch::Contains("choose another --output"));
    CHECK(read_text(c.input) == before);  // untouched
  }
  CHECK(read_text(model) == model_bytes);
}
