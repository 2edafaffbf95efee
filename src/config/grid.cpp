#include "config/grid.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "common/errors.hpp"
#include "common/quoted_excerpt.hpp"
#include "config/overrides.hpp"
#include "config/resolved_config.hpp"
#include "config/toml_value.hpp"

namespace dlogit::config {
namespace {

std::string at_line(const std::string& path, const toml::node& node) {
  return path + ":" + std::to_string(node.source().begin.line);
}

// The shortest text that reads back as the same double.
std::string number_text(double value) {
  char text[40];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

std::string value_text(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return *text;
  if (const auto* flag = std::get_if<bool>(&value)) return *flag ? "true" : "false";
  if (const auto* integer = std::get_if<std::int64_t>(&value)) return std::to_string(*integer);
  if (const auto* number = std::get_if<double>(&value)) return number_text(*number);
  if (const auto* list = std::get_if<NumberList>(&value)) {
    std::string out = "[";
    for (const double item : list->values) out += (out.size() > 1 ? ", " : "") + number_text(item);
    return out + "]";
  }
  return "?";
}

std::string value_toml(const Value& value) {
  if (const auto* text = std::get_if<std::string>(&value)) return toml_string(*text);
  if (const auto* number = std::get_if<double>(&value)) return toml_float(*number);
  if (const auto* list = std::get_if<NumberList>(&value)) {
    std::string out = "[";
    for (const double item : list->values) out += (out.size() > 1 ? ", " : "") + toml_float(item);
    return out + "]";
  }
  return value_text(value);
}

// Dotted keys written without quotes arrive as nested tables: flatten them to "a.b.c".
void flatten(const toml::table& table, const std::string& prefix, const std::string& path,
             std::vector<std::pair<std::string, const toml::node*>>& out) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix + std::string(key.str());
    if (const toml::table* inner = node.as_table()) {
      flatten(*inner, name + ".", path, out);
    } else {
      out.emplace_back(name, &node);
    }
  }
}

}  // namespace

std::vector<GridAxis> read_grid(const toml::table& grid, const std::string& path) {
  std::vector<std::pair<std::string, const toml::node*>> entries;
  flatten(grid, "", path, entries);
  // toml++ orders a table's keys by name; the file's order is the user's (and the first key varies slowest).
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.second->source().begin < b.second->source().begin;
  });
  std::vector<GridAxis> axes;
  for (const auto& [key, node] : entries) {
    GridAxis axis;
    axis.key.key = key;
    axis.key.where = at_line(path, *node);
    const std::string named = axis.key.where + ": [grid] key '" + quoted_excerpt(key) + "'";
    Override parsed;
    try {
      parsed = parse_override(key + "=x");
    } catch (const ConfigError&) {
      throw ConfigError(named + " is not section.key (e.g. \"regularization.l1_ratio\" = [0.2, 0.8])");
    }
    const KeySpec* spec = is_known_section(parsed.section) ? find_key(parsed.section, parsed.name) : nullptr;
    if (spec == nullptr) throw ConfigError(named + " is not a known key (every key: configs/reference.toml)");
    if (parsed.section != "model" && parsed.section != "regularization" && parsed.section != "optimizer")
      throw ConfigError(named + " cannot vary: the experiment loads its data once and writes one output.dir; " +
                        "only keys of [model], [regularization] and [optimizer] can be in [grid]");
    const toml::array* values = node->as_array();
    if (values == nullptr || values->empty())
      throw ConfigError(named + " needs a non-empty list of values, e.g. [\"l1\", \"elasticnet\"]");
    for (const auto& value_node : *values) {
      axis.values.push_back(to_value(value_node));
      axis.key.values.push_back(value_text(axis.values.back()));
      axis.key.toml += (axis.key.toml.empty() ? "[" : ", ") + value_toml(axis.values.back());
    }
    axis.key.toml += "]";
    for (const GridAxis& earlier : axes)
      if (earlier.key.key == key) throw ConfigError(named + " is given twice (also at " + earlier.key.where + ")");
    axes.push_back(std::move(axis));
  }
  return axes;
}

std::size_t grid_point_count(const std::vector<GridKey>& axes) {
  std::size_t count = 1;
  for (const GridKey& axis : axes) count *= axis.values.size();
  return count;
}

std::vector<std::size_t> grid_coordinates(const std::vector<GridKey>& axes, std::size_t point) {
  std::vector<std::size_t> coordinates(axes.size());
  for (std::size_t i = axes.size(); i-- > 0;) {
    coordinates[i] = point % axes[i].values.size();
    point /= axes[i].values.size();
  }
  return coordinates;
}

std::string grid_point_label(const std::vector<GridKey>& axes, std::size_t point) {
  const std::vector<std::size_t> at = grid_coordinates(axes, point);
  std::string label;
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const std::string& key = axes[i].key;
    const std::string& text = axes[i].values[at[i]];
    label += (label.empty() ? "" : ", ") + key.substr(key.rfind('.') + 1) + "=" + (text.empty() ? "none" : text);
  }
  return label;
}

}  // namespace dlogit::config
