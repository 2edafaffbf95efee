#include "config/class_weight.hpp"

#include <catch2/catch.hpp>

using dlogit::config::parse_class_weight;
using ClassWeightSpec = dlogit::data::ClassWeights;

TEST_CASE("model.class_weight: balanced or LABEL:WEIGHT pairs", "[config][weights]") {
  ClassWeightSpec spec;
  CHECK(parse_class_weight("balanced", spec).empty());
  CHECK(spec.balanced);
  CHECK(parse_class_weight(" -1:1 , 1:3.5", spec).empty());
  CHECK_FALSE(spec.balanced);
  CHECK(spec.by_label == std::vector<std::pair<double, double>>{{-1.0, 1.0}, {1.0, 3.5}});
  CHECK(parse_class_weight("0:0,+1:2e0", spec).empty());
  CHECK(spec.by_label == std::vector<std::pair<double, double>>{{0.0, 0.0}, {1.0, 2.0}});
}

TEST_CASE("model.class_weight: what is wrong is said", "[config][weights]") {
  ClassWeightSpec spec;
  CHECK_THAT(parse_class_weight("Balanced", spec), Catch::Contains("\"Balanced\" is not LABEL:WEIGHT"));
  CHECK_THAT(parse_class_weight("1:2", spec), Catch::Contains("gives 1 label;"));
  CHECK_THAT(parse_class_weight("0:1,1:2,2:3", spec), Catch::Contains("gives 3 labels"));
  CHECK_THAT(parse_class_weight("0:1,1:-2", spec), Catch::Contains("the weight in \"1:-2\" must be a finite number >= 0"));
  CHECK_THAT(parse_class_weight("0:1,1:inf", spec), Catch::Contains("must be a finite number >= 0"));
  CHECK_THAT(parse_class_weight("1:1,1.0:2", spec), Catch::Contains("label 1.0 is given twice"));
  CHECK_THAT(parse_class_weight("", spec), Catch::Contains("is not LABEL:WEIGHT"));
}

#include "config_test_helpers.hpp"

TEST_CASE("weighting keys: errors name the file, line and key", "[config][weights]") {
  using dlogit::test::error_text;
  using dlogit::test::load_text;
  CHECK(error_text("[data]\ntrain = \"a.svm\"\n[model]\nclass_weight = \"1:2\"\n") ==
        "FILE:4: 'model.class_weight' gives 1 label; a binary problem needs a weight for each of its two labels "
        "(expected \"balanced\" or \"LABEL:WEIGHT, LABEL:WEIGHT\", e.g. \"-1:1, 1:3\")");
  CHECK_THAT(error_text("[data]\ntrain = \"a.svm\"\nweight_column = 2\n"),
             Catch::StartsWith("FILE:3: 'data.weight_column' needs CSV data"));
  CHECK(error_text("[data]\ntrain = \"a.csv\"\nweight_column = 1\n") ==
        "FILE:3: 'data.weight_column' = 1 is also 'data.label_column' (set at FILE)");
  CHECK_THAT(error_text("[data]\ntrain = \"a.csv\"\nweights = \"w.txt\"\nweight_column = 3\n"),
             Catch::StartsWith("FILE:4: 'data.weight_column' and 'data.weights' (set at FILE:3) both give"));
  CHECK(error_text("[data]\ntrain = \"a.csv\"\nweight_column = 0\n") == "FILE:3: 'data.weight_column' must be >= 1, got 0");
  CHECK(error_text("[data]\ntrain = \"a.svm\"\nweights = \"\"\n") == "FILE:3: 'data.weights' must not be empty");

  const auto config = load_text("[data]\ntrain = \"a.svm\"\nweights = \"w.txt\"\n[model]\nclass_weight = \"balanced\"\n");
  CHECK(*config.data.weights == "w.txt");
  CHECK(config.model.class_weight->text == "balanced");
  CHECK(config.model.class_weight->weights.balanced);
  CHECK_THAT(config.model.class_weight->weights.origin,
             Catch::EndsWith("c.toml:5: 'model.class_weight' = \"balanced\""));
  const auto overridden = load_text("[data]\ntrain = \"a.svm\"\n", {"model.class_weight=-1:1,1:3"});
  CHECK(overridden.model.class_weight->text == "-1:1,1:3");
  const dlogit::data::ClassWeights& weights = overridden.model.class_weight->weights;
  CHECK(weights.by_label == std::vector<std::pair<double, double>>{{-1.0, 1.0}, {1.0, 3.0}});
  CHECK(weights.origin == "--set model.class_weight: 'model.class_weight' = \"-1:1,1:3\"");
  CHECK(dlogit::config::class_weight_text(overridden.model.class_weight) == "-1:1,1:3");
  CHECK(dlogit::config::class_weight_text(load_text("[data]\ntrain = \"a.svm\"\n").model.class_weight) == "none");
}

TEST_CASE("model.class_weight: a malformed value can be replaced or unset by a later --set", "[config][weights]") {
  using dlogit::test::load_text;
  const std::string file = "[data]\ntrain = \"a.svm\"\n[model]\nclass_weight = \"1:2\"\n";
  CHECK(load_text(file, {"model.class_weight=balanced"}).model.class_weight->weights.balanced);
  CHECK_FALSE(load_text(file, {"model.class_weight="}).model.class_weight);
}
