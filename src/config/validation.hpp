#pragma once
// Value checks used by the key table, and the whole-config validation run after file and overrides.
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "config/config_keys.hpp"

namespace dlogit::config {

// A check of one value: returns "" when fine, or what is wrong ("must be >= 1, got 0").
template <class T>
using Check = std::function<std::string(const T&)>;

const std::vector<std::string>& known_formats();    // libsvm, csv
const std::vector<std::string>& known_penalties();  // none, l2, l1, elasticnet
const std::vector<std::string>& known_methods();    // auto, gd, lbfgs, owlqn, newton

std::string format_number(double value);

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
Check<std::string> non_empty();

// Runs every key's check, requires the required keys, and checks keys against each other
// (method vs penalty). Throws ConfigError naming where the offending value was set and its key.
void validate(const Config& config, const Origins& origins);

}  // namespace dlogit::config
