#pragma once
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dlogit {

// The names of an enum's values, in the order messages and help texts list them. Each choice of the
// config and the command line (method, penalty, format) has one such table, and parsing, printing and
// "must be one of ..." all read it, so that no two places can spell or accept a name differently.
template <class Enum>
class NameTable {
 public:
  NameTable(std::initializer_list<std::pair<Enum, const char*>> entries) {
    for (const auto& [value, name] : entries) entries_.emplace_back(value, name);
  }

  // Names are matched exactly (case and spaces included), as the config always has.
  std::optional<Enum> parse(std::string_view name) const {
    for (const auto& [value, entry_name] : entries_) {
      if (entry_name == name) return value;
    }
    return std::nullopt;
  }

  const std::string& name(Enum value) const {
    for (const auto& [entry_value, entry_name] : entries_) {
      if (entry_value == value) return entry_name;
    }
    throw std::logic_error("a value missing from its name table");
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& entry : entries_) out.push_back(entry.second);
    return out;
  }

  // "libsvm, csv": the list that messages and help texts show.
  std::string joined() const {
    std::string out;
    for (const auto& entry : entries_) out += (out.empty() ? "" : ", ") + entry.second;
    return out;
  }

 private:
  std::vector<std::pair<Enum, std::string>> entries_;
};

}  // namespace dlogit
