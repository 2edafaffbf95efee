#include "model/model_export.hpp"

#include <catch2/catch.hpp>
#include <string>

using dlogit::model::TrainedModel;

namespace {

TrainedModel sample_model() {
  TrainedModel model;
  model.weights = {0.25, -1.5, 0.1};
  model.intercept = -0.75;
  model.fit_intercept = true;
  model.labels = {-1.0, 1.0};
  return model;
}

}  // namespace

TEST_CASE("export as JSON holds weights, intercept, feature count and labels") {
  const std::string json = dlogit::model::model_json(sample_model());
  CHECK_THAT(json, Catch::Contains("\"features\": 3"));
  CHECK_THAT(json, Catch::Contains("\"fit_intercept\": true"));
  CHECK_THAT(json, Catch::Contains("\"intercept\": -0.75"));
  CHECK_THAT(json, Catch::Contains("\"negative\": -1"));
  CHECK_THAT(json, Catch::Contains("\"positive\": 1"));
  CHECK_THAT(json, Catch::Contains("\"weights\": [0.25, -1.5, 0.10000000000000001]"));
  CHECK_THAT(json, Catch::Contains("result.json"));
}

TEST_CASE("export as CSV: feature,weight rows with 1-based index, then the named rows") {
  TrainedModel model = sample_model();
  model.fit_intercept = false;
  model.intercept = 0.0;
  model.labels = {0.0, 2.0};
  CHECK(dlogit::model::model_csv(model) ==
        "feature,weight\n1,0.25\n2,-1.5\n3,0.10000000000000001\nintercept,0\nfit_intercept,0\nnegative_label,0\n"
        "positive_label,2\n");
}
