#pragma once
// The table of every config key: its section, name, type, whether it is required or can be unset,
// how it is stored into Config and how its value is checked. Adding a key is one line in
// config_keys.cpp (plus its field in config.hpp and its entry in configs/reference.toml).
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/config.hpp"

namespace dlogit::config {

// A TOML value of a kind no key accepts (date, time, a non-numeric array, table), kept only to name it in messages.
struct OtherValue {
  std::string type_name;
};
// A TOML value taken out of the document (or an override), independent of toml++.
// An array whose elements are all numbers (integers or floats), as doubles.
struct NumberList {
  std::vector<double> values;
};
using Value = std::variant<bool, std::int64_t, double, std::string, NumberList, OtherValue>;

// e.g. `string "abc"`, `integer 3`, `float -0.5`, `boolean true`, `array`.
std::string describe(const Value& value);

enum class ValueType { boolean, integer, floating, string, floating_or_list, boolean_or_auto };
// "boolean", "integer", "float (or integer)", "string": what a message says was expected.
std::string expected_name(ValueType type);

enum class Unset {
  never,      // an empty override is an error
  to_nothing, // an optional key: an empty override clears it
  to_default, // an empty override restores the default (which may be derived later, e.g. data.format)
};

// What became of a value given to a key. A value of the wrong type is refused at once. A string that the key
// cannot read (a name its table lacks, a malformed class weight) is kept aside instead: validate reports it
// in key order, as it reports every other bad value, unless a later --set replaces it first.
struct Assignment {
  std::string refused;     // "expected float (or integer), got string \"x\""
  std::string unreadable;  // "must be one of none, l2, l1, elasticnet; got \"lasso\""
};

struct KeySpec {
  std::string section;
  std::string name;
  ValueType type = ValueType::string;
  bool required = false;
  Unset unset = Unset::never;
  // Stores a value into the config (a key that reads its string stores what it read).
  std::function<Assignment(Config&, const Value&)> assign;
  // Clears the key as its Unset policy says (not called for Unset::never).
  std::function<void(Config&)> clear;
  // Checks the key's current value; returns "" when it is fine (or unset) or what is wrong ("must be >= 0, got -1").
  std::function<std::string(const Config&)> check;
  // The key's current value as the config file would spell it (nothing when an optional key is unset), for
  // the resolved config of a run (config/resolved_config.hpp): assigning it back gives the same Config.
  std::function<std::optional<Value>(const Config&)> get;
  // Written to the resolved config only when it was set: the key means something else when it is absent
  // (optimizer.tol and max_iter become safety stops then, config/stopping_rules.hpp). Optional keys are
  // written only when set anyway.
  bool only_when_set = false;
  // A path (relative to the working directory), written absolute to the resolved config.
  bool is_path = false;
  // Whether the key can change the trained model; false for where files go, resuming and thread counts,
  // which model.bin's config hash leaves out so that the same training elsewhere gives the same file.
  bool shapes_model = true;

  std::string full_name() const { return section + "." + name; }
};

// Every key, in documentation order (sections in order of first appearance).
const std::vector<KeySpec>& key_table();
// nullptr when unknown.
const KeySpec* find_key(const std::string& section, const std::string& name);
bool is_known_section(const std::string& section);
// Whether keys "section.name.*" exist (regularization.path).
bool is_known_subtable(const std::string& section, const std::string& name);
// "data, model, ..." and "train, test, ..." for messages.
std::string known_sections_list();
std::string known_keys_list(const std::string& section);

// Where each value came from, for messages: "FILE:LINE" for the config file, "--set section.key" for overrides.
struct Origins {
  std::string file;                               // the config file's path
  std::map<std::string, std::string> keys;        // "section.key" -> where its current value was set
  std::map<std::string, std::string> sections;    // "section" -> "FILE:LINE" of its table in the file
  std::map<std::string, std::string> unreadable;  // "section.key" -> what is wrong with its current text

  bool has(const std::string& key) const { return keys.count(key) != 0; }
  // The key was given a value at `where` (the key kept it, or kept it aside as unreadable).
  void record(const std::string& key, const std::string& where, const Assignment& assignment);
  // The key was unset: it has its default again.
  void forget(const std::string& key);
  // Where the key was set; the file name alone when it has its default.
  std::string where(const std::string& key) const;
};

}  // namespace dlogit::config
