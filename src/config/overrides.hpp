#pragma once
// "--set section.key=value" overrides.
#include <string>

#include "common/quoted_excerpt.hpp"
#include "config/config_keys.hpp"

namespace dlogit::config {

struct Override {
  std::string section;
  std::string name;
  std::string raw;  // the text after '=', trimmed; empty means "unset"

  std::string key() const { return section + "." + name; }
  std::string where() const { return "--set " + quoted_excerpt(key()); }  // for messages
  bool unsets() const { return raw.empty(); }
};

// Splits "section.key=value"; throws ConfigError when there is no '=' or no "section." before it.
Override parse_override(const std::string& text);

// The override's value as the key will take it: the text parsed as a TOML value (`v = <text>`);
// if that fails, or the key wants a string and the text is some other TOML value, the text itself.
Value override_value(const Override& override_, const KeySpec& spec);

// Applies one override to the config (set or unset), recording its origin. Throws ConfigError
// naming `--set section.key` for an unknown key, a wrong type or a key that cannot be unset.
void apply_override(const std::string& text, Config& config, Origins& origins);

}  // namespace dlogit::config
