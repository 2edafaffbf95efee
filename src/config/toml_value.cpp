#include "config/toml_value.hpp"

namespace dlogit::config {

Value to_value(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return std::string(*node.value<std::string_view>());
    case toml::node_type::integer: return *node.value_exact<std::int64_t>();
    case toml::node_type::floating_point: return *node.value_exact<double>();
    case toml::node_type::boolean: return *node.value_exact<bool>();
    case toml::node_type::date: return OtherValue{"date"};
    case toml::node_type::time: return OtherValue{"time"};
    case toml::node_type::date_time: return OtherValue{"date-time"};
    case toml::node_type::array: {
      NumberList list;
      for (const toml::node& element : *node.as_array()) {
        if (const auto integer = element.value_exact<std::int64_t>()) {
          list.values.push_back(static_cast<double>(*integer));
        } else if (const auto floating = element.value_exact<double>()) {
          list.values.push_back(*floating);
        } else {
          return OtherValue{"array"};
        }
      }
      return list;
    }
    case toml::node_type::table: return OtherValue{"table"};
    case toml::node_type::none: break;
  }
  return OtherValue{"nothing"};
}

std::optional<Value> parse_value_text(const std::string& text) {
  try {
    const toml::table snippet = toml::parse("v = " + text);
    const toml::node* node = snippet.get("v");
    if (snippet.size() != 1 || node == nullptr) return std::nullopt;
    return to_value(*node);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
}

}  // namespace dlogit::config
