// Class and sample weights end to end: the weighted optimum of scikit-learn on a9a and covtype (values and the script
// that produced them: tests/e2e/reference/weighted_optima.{py,csv}), on 1, 2 and 3 ranks; weight errors;
// a checkpoint of other weights is refused.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

#include "model/trained_model.hpp"
#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::run_dlogit;

namespace {

constexpr int kA9aRows = 32561;

struct WeightedOptimum {
  std::string name, dataset, lambda, class_weight, sample_weights;
  bool intercept = false;
  double objective = 0.0;
  double intercept_value = 0.0;
  std::vector<double> weights;
};

// Splits one CSV line; a field in double quotes may hold commas.
std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    else if (c == ',' && !quoted) fields.emplace_back();
    else fields.back() += c;
  }
  return fields;
}

std::vector<WeightedOptimum> weighted_optima() {
  std::ifstream in(dlogit::test::source_dir() + "/tests/e2e/reference/weighted_optima.csv");
  REQUIRE(in);
  std::vector<WeightedOptimum> rows;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto f = csv_fields(line);
    REQUIRE(f.size() == 10);
    WeightedOptimum row{f[0], f[1], f[2], f[4], f[5], {}, {}, {}, {}};
    row.intercept = f[3] == "1";
    row.objective = std::stod(f[6]);
    row.intercept_value = std::stod(f[8]);
    std::stringstream words(f[9]);
    double w = 0.0;
    while (words >> w) row.weights.push_back(w);
    rows.push_back(row);
  }
  REQUIRE(rows.size() == 4);
  return rows;
}

// Row i weighs 1 + (i mod 3), as weighted_optima.py's "cyclic3".
std::string cyclic3_file(const std::string& dir, int rows) {
  std::string text;
  for (int i = 0; i < rows; ++i) text += std::to_string(1 + i % 3) + "\n";
  return dlogit::test::write_file(dir, "cyclic3.txt", text);
}

// A copy of the CSV data set with the "cyclic3" weights inserted as column 2 (after the label).
std::string with_weight_column(const std::string& dir, const std::string& dataset) {
  std::ifstream in(dlogit::test::dataset(dataset), std::ios::binary);
  REQUIRE(in);
  std::string text, line;
  for (int row = 0; std::getline(in, line); ++row) {
    const std::size_t comma = line.find(',');
    text += line.substr(0, comma) + "," + std::to_string(1 + row % 3) + line.substr(comma) + "\n";
  }
  return dlogit::test::write_file(dir, "weighted.csv", text);
}

std::string config_for(const WeightedOptimum& peer, const std::string& dir) {
  std::string data;
  if (peer.sample_weights == "cyclic3-column") {
    data = "[data]\ntrain = \"" + with_weight_column(dir, peer.dataset) + "\"\nweight_column = 2\n";
  } else {
    data = "[data]\ntrain = \"" + dlogit::test::dataset(peer.dataset) + "\"\n";
    if (peer.sample_weights == "cyclic3") data += "weights = \"" + cyclic3_file(dir, kA9aRows) + "\"\n";
  }
  std::string model = std::string("[model]\nfit_intercept = ") + (peer.intercept ? "true" : "false") + "\n";
  if (peer.class_weight != "none") model += "class_weight = \"" + peer.class_weight + "\"\n";
  return dlogit::test::write_file(dir, "c.toml",
                                  data + model + "[regularization]\npenalty = \"l2\"\nlambda = " + peer.lambda +
                                      "\n[optimizer]\nmethod = \"newton\"\ntol = 1e-9\ngap_tol = 0\n[output]\ndir = \"" + dir +
                                      "/out\"\n");
}

void check_against_peer(const WeightedOptimum& peer, int ranks) {
  const std::string dir = dlogit::test::temp_dir("weighted");
  const auto outcome = run_dlogit(ranks, "train " + config_for(peer, dir), 300);
  INFO(peer.name << " on " << ranks << " ranks\n" << outcome.out);
  REQUIRE(outcome.exit_code == 0);
  CHECK_THAT(outcome.out, Catch::Contains("row weights: "));
  const double objective = dlogit::test::json_number(dir + "/out/result.json", "objective");
  CHECK(std::abs(objective - peer.objective) / peer.objective <= 1e-6);

  const auto model = dlogit::model::load_model(dir + "/out/model.bin");
  REQUIRE(model.weights.size() == peer.weights.size());
  double difference = 0.0, norm = 0.0;
  for (std::size_t j = 0; j < peer.weights.size(); ++j) {
    difference += (model.weights[j] - peer.weights[j]) * (model.weights[j] - peer.weights[j]);
    norm += peer.weights[j] * peer.weights[j];
  }
  // a9a's one-hot groups plus the intercept leave directions whose only curvature is the penalty
  // (about lambda * 14 / m in J): a gradient of 1e-8 there moves the intercept and the group's weights by
  // ~1e-4 without changing the objective in its 7th digit. Hence looser than the objective, and the run
  // goes to tol 1e-9 (gap_tol = 0): a certified 1e-6 gap leaves such directions ~1e-3 off.
  CHECK(std::sqrt(difference / norm) <= 1e-4);
  CHECK(model.intercept == Approx(peer.intercept_value).margin(1e-3));
}

}  // namespace

TEST_CASE("weighted training reaches scikit-learn's weighted optimum on 1 and 2 ranks") {
  for (const auto& peer : weighted_optima()) {
    check_against_peer(peer, 1);
    check_against_peer(peer, 2);
  }
}

TEST_CASE("a weights file, a weight column and class weights reach scikit-learn's optimum on 3 ranks") {
  for (const auto& peer : weighted_optima())
    if (peer.name == "a9a_cyclic3_explicit" || peer.name == "covtype_column_balanced") check_against_peer(peer, 3);
}

TEST_CASE("a weights file of the wrong length is named once, with its line, on every rank count") {
  const std::string dir = dlogit::test::temp_dir("weighted-errors");
  const std::string weights = cyclic3_file(dir, kA9aRows - 1);
  const std::string config = dlogit::test::write_file(
      dir, "c.toml", "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") + "\"\nweights = \"" + weights +
                         "\"\n[output]\ndir = \"" + dir + "/out\"\n");
  for (const int ranks : {1, 3}) {
    const auto outcome = run_dlogit(ranks, "train " + config, 120);
    INFO(outcome.out);
    CHECK(outcome.exit_code == 1);
    const std::string expected = weights + ":32561: missing weight: the file has 32560 lines but ";
    CHECK_THAT(outcome.out, Catch::Contains(expected));
    CHECK(outcome.out.find(expected) == outcome.out.rfind(expected));  // reported by one rank only
  }
  const auto labels = run_dlogit(2, "train " + config + " --set data.weights= --set 'model.class_weight=0:1,1:2'", 120);
  INFO(labels.out);
  CHECK(labels.exit_code == 1);
  CHECK_THAT(labels.out, Catch::Contains("--set model.class_weight: 'model.class_weight' = \"0:1,1:2\" names label 0, "
                                         "but the labels of "));
}

TEST_CASE("a checkpoint trained with other weights is refused") {
  const std::string dir = dlogit::test::temp_dir("weighted-resume");
  const std::string weights = cyclic3_file(dir, kA9aRows);
  const std::string config = dlogit::test::write_file(
      dir, "c.toml", "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") + "\"\nweights = \"" + weights +
                         "\"\n[optimizer]\nmax_iter = 3\ntol = 0\n[output]\ndir = \"" + dir + "/out\"\n");
  REQUIRE(run_dlogit(2, "train " + config, 120).exit_code == 0);
  // The same weights under another name resume; other weights (or none, or class weights) do not.
  std::string text = dlogit::test::read_text(weights);
  const std::string copy = dlogit::test::write_file(dir, "copy.txt", text);
  const auto same = run_dlogit(1, "train " + config + " --set data.weights=" + copy, 120);
  INFO(same.out);
  CHECK(same.exit_code == 0);
  CHECK_THAT(same.out, Catch::Contains("resuming"));
  text[0] = '2';
  const std::string other = dlogit::test::write_file(dir, "other.txt", text);
  const auto changed = run_dlogit(2, "train " + config + " --set data.weights=" + other, 120);
  INFO(changed.out);
  CHECK(changed.exit_code == 1);
  CHECK_THAT(changed.out, Catch::Contains("row weights"));
  const auto unweighted = run_dlogit(2, "train " + config + " --set data.weights=", 120);
  CHECK(unweighted.exit_code == 1);
  CHECK_THAT(unweighted.out, Catch::Contains("row weights"));
  const auto balanced = run_dlogit(2, "train " + config + " --set model.class_weight=balanced", 120);
  CHECK(balanced.exit_code == 1);
  CHECK_THAT(balanced.out, Catch::Contains("model.class_weight"));
}
