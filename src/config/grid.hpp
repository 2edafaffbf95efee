#pragma once
// [grid]: training keys with a list of values each; an experiment runs every combination (the
// cartesian product, the first key varying slowest), each cross-validated or scored on data.test.
#include <string>
#include <vector>

#include "config/config_keys.hpp"
#include "config/toml_include.hpp"

namespace dlogit::config {

// One key of [grid] with its values as read (GridKey, config.hpp, keeps their texts).
struct GridAxis {
  GridKey key;
  std::vector<Value> values;  // as the file gives them; an empty string unsets an optional key
};

// Reads the [grid] table (keys quoted, "regularization.l1_ratio" = [...], or dotted without quotes).
// Throws ConfigError naming FILE:LINE and the key for an unknown key, a key that cannot vary (anything
// outside [model], [regularization] and [optimizer]: the data is loaded once and the outputs go to one
// output.dir), a value that is not a non-empty array, or a key given twice.
std::vector<GridAxis> read_grid(const toml::table& grid, const std::string& path);

// How many points the axes span (1 without axes).
std::size_t grid_point_count(const std::vector<GridKey>& keys);

// The value index of each axis at point `point` (< grid_point_count): the first axis varies slowest.
std::vector<std::size_t> grid_coordinates(const std::vector<GridKey>& keys, std::size_t point);

// "penalty=l1, l1_ratio=0.5": the point's values by the last part of each key (for legends and logs).
std::string grid_point_label(const std::vector<GridKey>& keys, std::size_t point);

}  // namespace dlogit::config
