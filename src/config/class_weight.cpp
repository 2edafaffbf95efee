#include "config/class_weight.hpp"

#include <charconv>
#include <cmath>
#include <string_view>

#include "common/quoted_excerpt.hpp"

namespace dlogit::config {
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool parse_number(std::string_view text, double& value) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [next, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && next == text.data() + text.size() && std::isfinite(value);
}

const char* const kForm = " (expected \"balanced\" or \"LABEL:WEIGHT, LABEL:WEIGHT\", e.g. \"-1:1, 1:3\")";

}  // namespace

std::string parse_class_weight(const std::string& text, data::ClassWeights& weights) {
  weights = data::ClassWeights{};
  if (trim(text) == "balanced") {
    weights.balanced = true;
    return "";
  }
  std::string_view rest(text);
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view pair = trim(rest.substr(0, comma));
    const std::size_t colon = pair.find(':');
    double label = 0.0;
    double weight = 0.0;
    if (colon == std::string_view::npos || !parse_number(pair.substr(0, colon), label)) {
      return "\"" + quoted_excerpt(pair) + "\" is not LABEL:WEIGHT" + kForm;
    }
    if (!parse_number(pair.substr(colon + 1), weight) || weight < 0.0) {
      return "the weight in \"" + quoted_excerpt(pair) + "\" must be a finite number >= 0";
    }
    for (const auto& seen : weights.by_label) {
      if (seen.first == label) return "label " + quoted_excerpt(trim(pair.substr(0, colon))) + " is given twice";
    }
    weights.by_label.emplace_back(label, weight);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (weights.by_label.size() != 2) {
    return "gives " + std::to_string(weights.by_label.size()) + " label" + (weights.by_label.size() == 1 ? "" : "s") +
           "; a binary problem needs a weight for each of its two labels" + kForm;
  }
  return "";
}

std::string class_weight_text(const std::optional<ClassWeightSetting>& setting) {
  return setting ? setting->text : "none";
}

}  // namespace dlogit::config
