#include "config/overrides.hpp"

#include "common/errors.hpp"
#include "common/quoted_excerpt.hpp"
#include "config/toml_value.hpp"

namespace dlogit::config {
namespace {

std::string trim(const std::string& text) {
  const char* space = " \t\r\n";
  const auto begin = text.find_first_not_of(space);
  if (begin == std::string::npos) return "";
  const auto end = text.find_last_not_of(space);
  return text.substr(begin, end - begin + 1);
}

std::string unsettable_keys() {
  std::string out;
  for (const auto& spec : key_table()) {
    if (spec.unset != Unset::never && !spec.required) out += (out.empty() ? "" : ", ") + spec.full_name();
  }
  return out;
}

}  // namespace

Override parse_override(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos) {
    throw ConfigError("malformed override '" + quoted_excerpt(text) +
                      "': expected section.key=value (e.g. --set optimizer.max_iter=200; an empty value unsets)");
  }
  const std::string key = trim(text.substr(0, equals));
  // data.synthetic.rows is key rows of section data.synthetic; otherwise the section ends at the first dot.
  const auto last_dot = key.rfind('.');
  const bool nested = last_dot != std::string::npos && is_known_section(key.substr(0, last_dot));
  const auto dot = nested ? last_dot : key.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == key.size()) {
    throw ConfigError("malformed override '" + quoted_excerpt(text) + "': expected section.key before '=' (e.g. optimizer.max_iter=200)");
  }
  Override result;
  result.section = key.substr(0, dot);
  result.name = key.substr(dot + 1);
  result.raw = trim(text.substr(equals + 1));
  return result;
}

Value override_value(const Override& override_, const KeySpec& spec) {
  std::optional<Value> parsed = parse_value_text(override_.raw);
  if (!parsed) return override_.raw;  // not TOML: a bare string such as /x/a9a.svm
  if (spec.type == ValueType::string && !std::holds_alternative<std::string>(*parsed)) {
    return override_.raw;  // e.g. --set output.dir=2024-01-01 is a folder name, not a date
  }
  return *parsed;
}

void apply_override(const std::string& text, Config& config, Origins& origins) {
  const Override override_ = parse_override(text);
  const std::string key = override_.key();
  if (!is_known_section(override_.section)) {
    throw ConfigError(override_.where() + ": unknown section '" + quoted_excerpt(override_.section) + "' (known sections: " +
                      known_sections_list() + ")");
  }
  const KeySpec* spec = find_key(override_.section, override_.name);
  if (spec == nullptr) {
    throw ConfigError(override_.where() + ": unknown key '" + quoted_excerpt(key) + "' (known keys in [" + override_.section +
                      "]: " + known_keys_list(override_.section) + ")");
  }
  if (override_.unsets()) {
    if (spec->required) {
      throw ConfigError(override_.where() + ": '" + key + "' is required and cannot be unset");
    }
    if (spec->unset == Unset::never) {
      throw ConfigError(override_.where() + ": '" + key + "' cannot be unset (only optional keys can: " +
                        unsettable_keys() + "); give it a value");
    }
    spec->clear(config);
    origins.forget(key);
    return;
  }
  const Assignment assignment = spec->assign(config, override_value(override_, *spec));
  if (!assignment.refused.empty()) {
    throw ConfigError(override_.where() + ": bad value for '" + key + "': " + assignment.refused);
  }
  origins.record(key, override_.where(), assignment);
}

}  // namespace dlogit::config
