// [data.synthetic] end to end: dlogit generate writes the same file on any rank count, training on the
// generated rows equals training on that file, the true weights are recovered from a large sample,
// and the per-iteration time breakdown in trace.csv accounts for the iteration time.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "data/synthetic.hpp"
#include "model/trained_model.hpp"
#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::json_number;
using dlogit::test::run_dlogit;

namespace {

std::string synthetic_config(const std::string& dir, const std::string& synthetic, const std::string& extra = "") {
  return dlogit::test::write_file(dir, "synthetic.toml",
                                  "[data.synthetic]\n" + synthetic + "\n[checkpoint]\nevery = 0\n" + extra);
}

// trace.csv as columns by name.
std::map<std::string, std::vector<std::string>> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  std::stringstream header(line);
  for (std::string name; std::getline(header, name, ',');) names.push_back(name);
  std::map<std::string, std::vector<std::string>> columns;
  while (std::getline(in, line)) {
    std::stringstream fields(line + ",");
    std::size_t i = 0;
    for (std::string field; i < names.size() && std::getline(fields, field, ','); ++i) columns[names[i]].push_back(field);
    CHECK(i == names.size());
  }
  return columns;
}

}  // namespace

TEST_CASE("dlogit generate writes the same rows on 1, 2 and 3 ranks, and training on them equals [data.synthetic]") {
  const std::string dir = dlogit::test::temp_dir("e2e-generate");
  const std::string config = synthetic_config(dir, "rows = 3001\nfeatures = 200\ndensity = 0.05\nseed = 11\nlabel_noise = 0.1",
                                              "[optimizer]\nmethod = \"newton\"\ntol = 1e-10\n");
  std::string first;
  for (const int ranks : {1, 2, 3}) {
    const std::string file = dir + "/rows-" + std::to_string(ranks) + ".svm";
    const auto outcome = run_dlogit(ranks, "generate " + config + " --output " + file);
    INFO(outcome.out);
    REQUIRE(outcome.exit_code == 0);
    const std::string text = dlogit::test::read_text(file);
    CHECK(std::count(text.begin(), text.end(), '\n') == 3001);
    if (first.empty()) first = text;
    CHECK(text == first);
  }

  const auto generated = run_dlogit(3, "train " + config + " --set output.dir=" + dir + "/generated");
  INFO(generated.out);
  REQUIRE(generated.exit_code == 0);
  CHECK_THAT(generated.out, Catch::Contains("generated [data.synthetic] seed 11: 3001 rows, 200 features, 30010 nonzeros"));
  const std::string file_config = dlogit::test::write_file(
      dir, "file.toml", "[data]\ntrain = \"" + dir + "/rows-1.svm\"\nfeatures = 200\n[checkpoint]\nevery = 0\n"
                        "[optimizer]\nmethod = \"newton\"\ntol = 1e-10\n");
  const auto from_file = run_dlogit(1, "train " + file_config + " --set output.dir=" + dir + "/file");
  INFO(from_file.out);
  REQUIRE(from_file.exit_code == 0);
  const double a = json_number(dir + "/generated/result.json", "objective");
  const double b = json_number(dir + "/file/result.json", "objective");
  CHECK(std::abs(a - b) <= 1e-12 * std::abs(b));
  CHECK(json_number(dir + "/generated/result.json", "nonzeros") == json_number(dir + "/file/result.json", "nonzeros"));
}

TEST_CASE("unpenalized training on a large synthetic set recovers the true weights") {
  const std::string dir = dlogit::test::temp_dir("e2e-recovery");
  const std::string synthetic = "rows = 200000\nfeatures = 20\ndense = true\nseed = 5\nweight_scale = 2.0";
  const std::string config = synthetic_config(dir, synthetic, "[regularization]\npenalty = \"none\"\n");
  const auto outcome = run_dlogit(2, "train " + config + " --set output.dir=" + dir + "/out", 300);
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  const auto model = dlogit::model::load_model(dir + "/out/model.bin");
  dlogit::data::SyntheticOptions options;
  options.rows = 200000;
  options.features = 20;
  options.dense = true;
  options.seed = 5;
  options.weight_scale = 2.0;
  const Eigen::VectorXd truth = dlogit::data::synthetic_true_weights(options);
  const Eigen::VectorXd learned = Eigen::Map<const Eigen::VectorXd>(model.weights.data(), 20);
  const double error = (learned - truth).norm() / truth.norm();
  INFO("relative error " << error << ", intercept " << model.intercept);
  // Standard error of each weight here is about 1/sqrt(200000 * 0.15): a relative error of ~1%.
  CHECK(error < 0.03);
  CHECK(std::abs(model.intercept) < 0.03);
  // A held-out set from the same generator: the test rows follow the training rows.
  const auto with_test = run_dlogit(1, "train " + config + " --set data.synthetic.rows=2000 --set data.synthetic.test_rows=5000"
                                                             " --set output.dir=" + dir + "/small");
  INFO(with_test.out);
  REQUIRE(with_test.exit_code == 0);
  CHECK_THAT(with_test.out, Catch::Contains("test (5000 rows)"));
}

TEST_CASE("the time breakdown in trace.csv adds up to the iteration time within 5%") {
  const std::string dir = dlogit::test::temp_dir("e2e-breakdown");
  const std::string config = synthetic_config(dir, "rows = 100000\nfeatures = 5000\ndensity = 0.004",
                                              "[optimizer]\nmethod = \"lbfgs\"\nmax_iter = 15\ntol = 0\n");
  const auto outcome = run_dlogit(2, "train " + config + " --set output.dir=" + dir + "/out", 300);
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  auto columns = read_csv(dir + "/out/trace.csv");
  const char* parts[] = {"time_compute", "time_imbalance", "time_allreduce", "time_broadcast", "time_update", "time_output"};
  REQUIRE(columns["time_iteration"].size() >= 10);
  double wall = 0.0, accounted = 0.0;
  for (std::size_t row = 0; row < columns["time_iteration"].size(); ++row) {
    const double iteration = std::stod(columns["time_iteration"][row]);
    double sum = 0.0;
    for (const char* part : parts) {
      const double seconds = std::stod(columns[part][row]);
      CHECK(seconds >= 0.0);
      sum += seconds;
    }
    INFO("row " << row << ": iteration " << iteration << " s, parts " << sum << " s");
    CHECK(std::abs(sum - iteration) <= 0.05 * iteration + 1e-4);
    CHECK(std::stod(columns["time_compute"][row]) > 0.0);
    wall += iteration;
    accounted += sum;
  }
  CHECK(std::abs(accounted - wall) <= 0.05 * wall);
  // The totals in result.json are the sums of the rows.
  CHECK(json_number(dir + "/out/result.json", "wall") == Approx(wall).epsilon(1e-6));
}
