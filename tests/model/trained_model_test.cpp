#include "model/trained_model.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "common/checked_file.hpp"
#include "common/errors.hpp"
#include "support/test_paths.hpp"

namespace {
std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}
}  // namespace

TEST_CASE("a model round-trips through model.bin, byte-identically") {
  dlogit::model::TrainedModel model;
  model.weights = {0.5, -1.25, 0.0, 3e-17};
  model.intercept = -0.125;
  model.fit_intercept = true;
  model.labels = {-1.0, 1.0};
  const std::string dir = dlogit::test::temp_dir("model");
  dlogit::model::save_model(model, dir + "/a.bin");
  dlogit::model::save_model(model, dir + "/b.bin");
  CHECK(file_bytes(dir + "/a.bin") == file_bytes(dir + "/b.bin"));

  const auto loaded = dlogit::model::load_model(dir + "/a.bin");
  CHECK(loaded.weights == model.weights);
  CHECK(loaded.intercept == model.intercept);
  CHECK(loaded.fit_intercept);
  CHECK(loaded.labels.negative == -1.0);
  CHECK(loaded.labels.positive == 1.0);
}

TEST_CASE("model.bin of format 2 is the payload of format 1 followed by the provenance, and format 1 still reads") {
  // tests/model/fixtures/model.bin: this model, written in format 1 (before model.bin was streamed into
  // the file, and before it held a provenance).
  dlogit::model::TrainedModel model;
  model.weights = {0.5, -1.25, 0.0, 3e-17};
  model.intercept = -0.125;
  model.fit_intercept = true;
  model.labels = {-1.0, 1.0};
  const std::string fixture_path = dlogit::test::source_dir() + "/tests/model/fixtures/model.bin";
  REQUIRE(file_bytes(fixture_path).size() == 99);
  const auto old = dlogit::model::load_model_format(fixture_path);
  CHECK(old.format == 1);
  CHECK(old.model.weights == model.weights);
  CHECK(old.model.intercept == model.intercept);
  CHECK(old.model.labels.positive == 1.0);
  CHECK(old.model.provenance.commit.empty());

  model.provenance = {"0.1.0", "0123abc-dirty", std::string(64, 'f')};
  const std::string path = dlogit::test::temp_dir("model-bytes") + "/model.bin";
  dlogit::model::save_model(model, path);
  const auto format1 = dlogit::read_checked_file(fixture_path, "dlogit-model\n", "model file");
  const auto format2 = dlogit::read_checked_file(path, "dlogit-model\n", "model file");
  CHECK(format2.version == 2);
  CHECK(format2.payload.compare(0, format1.payload.size(), format1.payload) == 0);
  const auto loaded = dlogit::model::load_model_format(path);
  CHECK(loaded.format == 2);
  CHECK(loaded.model.weights == model.weights);
  CHECK(loaded.model.provenance.version == "0.1.0");
  CHECK(loaded.model.provenance.commit == "0123abc-dirty");
  CHECK(loaded.model.provenance.config_sha256 == std::string(64, 'f'));
}

TEST_CASE("a file that is not a model, or is truncated, is a clear error") {
  const std::string dir = dlogit::test::temp_dir("model-bad");
  const std::string junk = dlogit::test::write_file(dir, "junk.bin", "this is not a model");
  CHECK_THROWS_WITH(dlogit::model::load_model(junk), Catch::Contains("junk.bin"));

  dlogit::model::TrainedModel model;
  model.weights.assign(100, 1.0);
  dlogit::model::save_model(model, dir + "/m.bin");
  const std::string bytes = file_bytes(dir + "/m.bin");
  const std::string cut = dlogit::test::write_file(dir, "cut.bin", bytes.substr(0, bytes.size() / 2));
  CHECK_THROWS_AS(dlogit::model::load_model(cut), dlogit::UserError);
  CHECK_THROWS_WITH(dlogit::model::load_model(dir + "/missing.bin"), Catch::Contains("missing.bin"));
}
