#pragma once
// Value checks used by the key table, and the whole-config validation run after file and overrides.
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "common/name_table.hpp"
#include "config/config_keys.hpp"

namespace dlogit::config {

// A check of one value: returns "" when fine, or what is wrong ("must be >= 1, got 0").
template <class T>
using Check = std::function<std::string(const T&)>;

// Reads a key's string into its typed field: returns "" when it did, or what is wrong with the text.
template <class T>
using Reader = std::function<std::string(const std::string& text, T& out)>;

std::string format_number(double value);

// "must be one of libsvm, csv; got \"parquet\"".
std::string not_one_of(const std::string& allowed, const std::string& got);

template <class T>
Check<T> at_least(T low) {
  return [low](const T& value) -> std::string {
    if (value >= low) return "";
    std::ostringstream out;
    out << "must be >= " << low << ", got " << value;
    return out.str();
  };
}

Check<double> at_least(double low);
Check<double> between(double low, double high);
Check<double> positive_at_most_one();  // (0, 1]
Check<std::string> one_of(const std::vector<std::string>& allowed);

// A name of `names`, read into its enum.
template <class Enum>
Reader<Enum> one_of(const NameTable<Enum>& names) {
  return [&names](const std::string& text, Enum& out) -> std::string {
    const auto value = names.parse(text);
    if (!value) return not_one_of(names.joined(), text);
    out = *value;
    return "";
  };
}
Check<std::string> non_empty();

// Runs every key's check, requires the required keys, and checks keys against each other
// (method vs penalty). Throws ConfigError naming where the offending value was set and its key.
void validate(const Config& config, const Origins& origins);

}  // namespace dlogit::config
