#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "common/errors.hpp"
#include "common/quoted_excerpt.hpp"
#include "config/config.hpp"
#include "config/config_keys.hpp"
#include "config/grid.hpp"
#include "config/overrides.hpp"
#include "config/toml_value.hpp"
#include "config/validation.hpp"
#include "data/format.hpp"

namespace dlogit::config {
namespace {

namespace fs = std::filesystem;

std::string at_line(const std::string& path, const toml::node& node) {
  return path + ":" + std::to_string(node.source().begin.line);
}

// The line `line` (1-based) of `text`, without its line end.
std::string line_of(const std::string& text, std::size_t line) {
  std::size_t begin = 0;
  for (std::size_t i = 1; i < line && begin != std::string::npos; ++i) {
    begin = text.find('\n', begin);
    if (begin != std::string::npos) ++begin;
  }
  if (begin == std::string::npos) return "";
  const std::size_t end = text.find_first_of("\r\n", begin);
  return text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
}

// TOML wants text in quotes; `method = lbfgs` is the commonest mistake and toml++ only says that it
// "could not determine value type". When the value is a bare word, show the quoted line.
std::string quoting_hint(const std::string& line) {
  const std::size_t equals = line.find('=');
  if (equals == std::string::npos) return "";
  auto trim = [](std::string s) {
    const std::size_t first = s.find_first_not_of(" \t");
    if (first == std::string::npos) return std::string();
    const std::size_t hash = s.find('#', first);
    s = s.substr(first, hash == std::string::npos ? std::string::npos : hash - first);
    return s.substr(0, s.find_last_not_of(" \t") + 1);
  };
  const std::string key = trim(line.substr(0, equals));
  const std::string value = trim(line.substr(equals + 1));
  if (key.empty() || value.empty() || value.size() > 200) return "";
  for (const char c : value) {
    const bool word = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '/' ||
                      c == '*' || c == ':' || c == '+';
    if (!word) return "";
  }
  return " (text values need quotes: " + key + " = \"" + value + "\")";
}

toml::table parse_file(const std::string& path) {
  std::error_code error;
  const fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) throw ConfigError("config file '" + path + "' not found");
  if (fs::is_directory(status)) throw ConfigError("config file '" + path + "' is a directory");
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw ConfigError("cannot read config file '" + path + "'");
  const std::string content = text.str();
  try {
    return toml::parse(content, path);
  } catch (const toml::parse_error& problem) {
    const auto& begin = problem.source().begin;
    const std::string description(problem.description());
    const std::string hint = description.find("could not determine value type") != std::string::npos
                                 ? quoting_hint(line_of(content, begin.line))
                                 : "";
    throw ConfigError(path + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) + ": " +
                      printable(description) + hint);
  }
}

struct Entry {
  std::string section;
  std::string name;
  const toml::node* node;
};

// The keys of one section; a table inside it whose dotted name is a known section ([data.synthetic])
// is that section's, and a table whose keys the section spells dotted (`path = { count = 20 }` or
// [regularization.path]: "path.count") gives those dotted names.
void add_section_entries(const std::string& section, const toml::table& table, const std::string& path,
                         Origins& origins, std::vector<Entry>& entries, const std::string& prefix = "") {
  if (prefix.empty()) origins.sections[section] = at_line(path, table);
  for (const auto& [key, value] : table) {
    const std::string name = prefix + std::string(key.str());
    const std::string nested = section + "." + name;
    if (prefix.empty() && value.is_table() && is_known_section(nested)) {
      add_section_entries(nested, *value.as_table(), path, origins, entries);
    } else if (value.is_table() && is_known_subtable(section, name)) {
      add_section_entries(section, *value.as_table(), path, origins, entries, name + ".");
    } else {
      entries.push_back({section, name, &value});
    }
  }
}

// Every (section, key, value) of the document in file order, after checking that sections are
// known tables and that no key lives outside a section.
std::vector<Entry> entries_of(const toml::table& root, const std::string& path, Origins& origins) {
  std::vector<Entry> entries;
  std::vector<std::pair<std::string, const toml::node*>> sections;
  for (const auto& [key, node] : root) sections.emplace_back(std::string(key.str()), &node);
  std::sort(sections.begin(), sections.end(), [](const auto& a, const auto& b) {
    return a.second->source().begin < b.second->source().begin;
  });
  for (const auto& [section, node] : sections) {
    if (section == "grid") continue;  // read_grid's
    if (!is_known_section(section)) {
      if (node->is_table() || node->is_array_of_tables()) {
        throw ConfigError(at_line(path, *node) + ": unknown section '" + quoted_excerpt(section) + "' (known sections: " +
                          known_sections_list() + ")");
      }
      throw ConfigError(at_line(path, *node) + ": unknown key '" + quoted_excerpt(section) +
                        "' (every key belongs in a section: " + known_sections_list() + ")");
    }
    const toml::table* table = node->as_table();
    if (table == nullptr) {
      throw ConfigError(at_line(path, *node) + ": '" + quoted_excerpt(section) + "' must be a table ([" + section + "]), got " +
                        describe(to_value(*node)));
    }
    add_section_entries(section, *table, path, origins, entries);
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.node->source().begin < b.node->source().begin;
  });
  return entries;
}

void apply_file(const toml::table& root, const std::string& path, Config& config, Origins& origins) {
  for (const Entry& entry : entries_of(root, path, origins)) {
    const std::string key = entry.section + "." + entry.name;
    const std::string where = at_line(path, *entry.node);
    const KeySpec* spec = find_key(entry.section, entry.name);
    if (spec == nullptr) {
      throw ConfigError(where + ": unknown key '" + quoted_excerpt(key) + "' (known keys in [" + entry.section +
                        "]: " + known_keys_list(entry.section) + ")");
    }
    const Assignment assignment = spec->assign(config, to_value(*entry.node));
    if (!assignment.refused.empty()) throw ConfigError(where + ": bad value for '" + key + "': " + assignment.refused);
    origins.record(key, where, assignment);
  }
}

// Validation and what follows it, for the config and for each grid point.
void finish(Config& config, const Origins& origins) {
  if (!origins.has("data.format")) config.data.format = data::format_from_extension(config.data.train);
  validate(config, origins);
  if (config.model.class_weight) {
    ClassWeightSetting& setting = *config.model.class_weight;
    setting.weights.origin = origins.where("model.class_weight") + ": 'model.class_weight' = \"" + quoted_excerpt(setting.text) + "\"";
  }
  config.origins = origins.keys;
}

std::vector<GridAxis> grid_axes(const toml::table& root, const std::string& path) {
  const toml::node* grid = root.get("grid");
  if (grid == nullptr) return {};
  if (!grid->is_table())
    throw ConfigError(at_line(path, *grid) + ": 'grid' must be a table ([grid]), got " + describe(to_value(*grid)));
  return read_grid(*grid->as_table(), path);
}

// The base config with the values of grid point `point`, validated: a bad value names its [grid] line.
Config grid_point(const Config& base, const Origins& base_origins, const std::vector<GridAxis>& axes,
                  const std::vector<GridKey>& keys, std::size_t point) {
  Config config = base;
  Origins origins = base_origins;
  const std::vector<std::size_t> at = grid_coordinates(keys, point);
  for (std::size_t i = 0; i < axes.size(); ++i) {
    const GridAxis& axis = axes[i];
    const Override key = parse_override(axis.key.key + "=x");
    const KeySpec& spec = *find_key(key.section, key.name);
    const Value& value = axis.values[at[i]];
    const std::string where = axis.key.where + " ([grid] value " + std::to_string(at[i] + 1) + ")";
    const auto* text = std::get_if<std::string>(&value);
    if (text != nullptr && text->empty() && spec.unset != Unset::never && !spec.required) {
      spec.clear(config);  // "" leaves an optional key unset, as --set key= does
      origins.forget(axis.key.key);
      continue;
    }
    const Assignment assignment = spec.assign(config, value);
    if (!assignment.refused.empty())
      throw ConfigError(where + ": bad value for '" + axis.key.key + "': " + assignment.refused);
    origins.record(axis.key.key, where, assignment);
  }
  finish(config, origins);
  return config;
}

}  // namespace

Config load_config(const std::string& path, const std::vector<std::string>& overrides) {
  Config config;
  config.source = path;
  Origins origins;
  origins.file = path;

  const toml::table root = parse_file(path);
  apply_file(root, path, config, origins);
  const std::vector<GridAxis> axes = grid_axes(root, path);
  for (const std::string& text : overrides) {
    apply_override(text, config, origins);
    // A --set of a key the grid varies would be overwritten by every point: say so instead.
    const std::string key = parse_override(text).key();
    for (const GridAxis& axis : axes)
      if (axis.key.key == key)
        throw ConfigError("--set " + quoted_excerpt(key) + ": [grid] varies this key (" + axis.key.where +
                          "); remove it from [grid] or from --set");
  }
  if (axes.empty()) {
    finish(config, origins);
    return config;
  }
  std::vector<GridKey> keys;
  for (const GridAxis& axis : axes) keys.push_back(axis.key);
  std::vector<Config> points;
  for (std::size_t point = 0; point < grid_point_count(keys); ++point)
    points.push_back(grid_point(config, origins, axes, keys, point));
  config = points.front();
  config.grid = std::move(keys);
  config.grid_points = std::move(points);
  return config;
}

}  // namespace dlogit::config
