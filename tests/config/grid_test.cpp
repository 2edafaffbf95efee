// [grid]: its keys in file order, the product of their values as whole validated configs, and the
// refusals that name the line and the key.
#include "config/grid.hpp"

#include "config/resolved_config.hpp"
#include "config_test_helpers.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using dlogit::model::PenaltyKind;
using namespace dlogit::test;

namespace {
const std::string grid_base = "[data]\ntrain = \"/x/a.svm\"\n[regularization]\nlambda = 2.0\n";
}

TEST_CASE("[grid] spans the product of its values, the first key (in file order) varying slowest") {
  const auto config = load_text(grid_base +
                                "[grid]\n\"regularization.penalty\" = [\"l1\", \"elasticnet\"]\n"
                                "\"regularization.l1_ratio\" = [0.2, 0.5, 0.8]\n"
                                "\"model.class_weight\" = [\"\", \"balanced\"]\n");
  REQUIRE(config.grid.size() == 3);
  CHECK(config.grid[0].key == "regularization.penalty");
  CHECK(config.grid[1].key == "regularization.l1_ratio");
  CHECK(config.grid[2].values == std::vector<std::string>{"", "balanced"});
  CHECK(config.grid[1].toml == "[0.2, 0.5, 0.8]");
  REQUIRE(config.grid_points.size() == 12);
  CHECK(config.is_experiment());
  // point = ((penalty * 3) + l1_ratio) * 2 + class_weight
  const auto& point9 = config.grid_points[9];  // elasticnet, 0.5, balanced
  CHECK(point9.regularization.penalty == PenaltyKind::elasticnet);
  CHECK(point9.regularization.l1_ratio == 0.5);
  REQUIRE(point9.model.class_weight);
  CHECK(point9.model.class_weight->text == "balanced");
  CHECK_THAT(point9.where("model.class_weight"), Contains(":8 ([grid] value 2)"));
  CHECK_FALSE(config.grid_points[8].model.class_weight);  // "" leaves it unset
  CHECK(config.grid_points[0].regularization.penalty == PenaltyKind::l1);
  CHECK(config.grid_points[0].regularization.lambda == 2.0);
  CHECK(dlogit::config::grid_point_label(config.grid, 9) == "penalty=elasticnet, l1_ratio=0.5, class_weight=balanced");
  CHECK(dlogit::config::grid_coordinates(config.grid, 9) == std::vector<std::size_t>{1, 1, 1});
  // The experiment's config.toml keeps the grid; each point's own config has none.
  CHECK_THAT(dlogit::config::resolved_toml(config), Contains("[grid]\n\"regularization.penalty\" = [\"l1\", \"elasticnet\"]\n"));
  CHECK_THAT(dlogit::config::resolved_toml(config.grid_points[3]), !Contains("[grid]"));
}

TEST_CASE("[grid] keys written dotted without quotes are the same keys") {
  const auto config = load_text(grid_base + "[grid]\nregularization.penalty = [\"l2\", \"l1\"]\n");
  REQUIRE(config.grid.size() == 1);
  CHECK(config.grid[0].key == "regularization.penalty");
  CHECK(config.grid_points[1].regularization.penalty == PenaltyKind::l1);
}

TEST_CASE("[grid] refuses keys that cannot vary, unknown keys, non-lists and bad values, naming the line") {
  CHECK_THAT(error_text(grid_base + "[grid]\n\"data.train\" = [\"/a.svm\", \"/b.svm\"]\n"),
             StartsWith("FILE:6: [grid] key 'data.train' cannot vary") && Contains("[model], [regularization] and [optimizer]"));
  CHECK_THAT(error_text(grid_base + "[grid]\n\"output.dir\" = [\"a\", \"b\"]\n"), StartsWith("FILE:6: [grid] key 'output.dir' cannot vary"));
  CHECK_THAT(error_text(grid_base + "[grid]\n\"cv.folds\" = [3, 5]\n"), StartsWith("FILE:6: [grid] key 'cv.folds' cannot vary"));
  CHECK_THAT(error_text(grid_base + "[grid]\n\"model.nonsense\" = [1]\n"), StartsWith("FILE:6: [grid] key 'model.nonsense' is not a known key"));
  CHECK_THAT(error_text(grid_base + "[grid]\n\"regularization.penalty\" = \"l1\"\n"),
             StartsWith("FILE:6: [grid] key 'regularization.penalty' needs a non-empty list"));
  CHECK_THAT(error_text(grid_base + "[grid]\n\"regularization.penalty\" = []\n"), Contains("needs a non-empty list"));
  CHECK_THAT(error_text(grid_base + "[grid]\n\"regularization.penalty\" = [\"l1\", \"l3\"]\n"),
             StartsWith("FILE:6 ([grid] value 2): 'regularization.penalty' must be one of"));
  CHECK_THAT(error_text(grid_base + "[grid]\n\"regularization.l1_ratio\" = [0.5, 1.5]\n"),
             StartsWith("FILE:6 ([grid] value 2)") && Contains("l1_ratio"));
  CHECK_THAT(error_text(grid_base + "[grid]\n\"regularization.penalty\" = [\"l1\"]\n", {"regularization.penalty=l2"}),
             StartsWith("--set regularization.penalty: [grid] varies this key (FILE:6)"));
}
