#pragma once
// The bridge between toml++ nodes and the key table's Values.
#include <optional>
#include <string>

#include "config/config_keys.hpp"
#include "config/toml_include.hpp"

namespace dlogit::config {

// A node's value; dates, times, arrays and tables become OtherValue naming their type.
Value to_value(const toml::node& node);

// Parses `v = <text>` and returns its value; nullopt when that is not a single valid TOML value.
std::optional<Value> parse_value_text(const std::string& text);

}  // namespace dlogit::config
