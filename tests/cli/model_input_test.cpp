#include "cli/model_input.hpp"

#include <catch2/catch.hpp>

#include "config/config_test_helpers.hpp"

using dlogit::data::Format;

namespace {

dlogit::model::TrainedModel three_feature_model() {
  dlogit::model::TrainedModel model;
  model.weights = {0.5, -1.0, 2.0};
  model.labels = dlogit::data::LabelMapping{-1.0, 1.0};
  return model;
}

Format cli_format(const std::string& path, const std::optional<Format>& given = std::nullopt) {
  return dlogit::cli::model_data_options(path, given, 1, true, three_feature_model()).format;
}

}  // namespace

TEST_CASE("evaluate and predict read extensionless part files by their directory's format", "[cli][format]") {
  CHECK(cli_format("out.csv/part-*") == Format::csv);
  CHECK(cli_format("out.csv/part-00000") == Format::csv);
  CHECK(cli_format("covtype.csv") == Format::csv);
  CHECK(cli_format("a9a.t.svm") == Format::libsvm);
  CHECK(cli_format("out/part-*") == Format::libsvm);
  // --format wins over the file name.
  CHECK(cli_format("out.csv/part-*", Format::libsvm) == Format::libsvm);
  CHECK(cli_format("a9a.t", Format::csv) == Format::csv);
}

TEST_CASE("dlogit train and dlogit evaluate read the same path in the same format", "[cli][config][format]") {
  for (const std::string path : {"out.csv/part-*", "out.csv/part-00000", "x.csv.1", "out/part-*", "a9a"}) {
    const dlogit::config::Config config = dlogit::test::load_text("[data]\ntrain = \"" + path + "\"\n");
    CHECK(config.data.format == cli_format(path));
  }
  CHECK(dlogit::test::load_text("[data]\ntrain = \"out.csv/part-*\"\n").data.format == Format::csv);
}

TEST_CASE("a model's data options carry its width and labels", "[cli]") {
  const auto options = dlogit::cli::model_data_options("t.csv", std::nullopt, 3, true, three_feature_model());
  CHECK(options.path == "t.csv");
  CHECK(options.features == 3);
  CHECK(options.positive_label == 1.0);
  CHECK(options.csv_label_column == 3);
  REQUIRE(options.known_labels);
  CHECK(options.known_labels->negative == -1.0);
}
