#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace dlogit {

// A small writer for the flat-ish JSON files dlogit emits (result.json). Doubles are written with
// 17 significant digits so they read back exactly; non-finite doubles become null.
class JsonWriter {
 public:
  JsonWriter& begin_object(const std::string& key = "");
  JsonWriter& end_object();
  JsonWriter& field(const std::string& key, double value);
  JsonWriter& field(const std::string& key, std::int64_t value);
  JsonWriter& field(const std::string& key, int value) { return field(key, static_cast<std::int64_t>(value)); }
  JsonWriter& field(const std::string& key, bool value);
  JsonWriter& field(const std::string& key, const std::string& value);
  JsonWriter& field(const std::string& key, const char* value) { return field(key, std::string(value)); }
  JsonWriter& null_field(const std::string& key);
  // An array of numbers on one line: "key": [1, 2.5, null].
  JsonWriter& field(const std::string& key, const std::vector<double>& values);
  // An array of strings on one line: "key": ["a", "b"].
  JsonWriter& field(const std::string& key, const std::vector<std::string>& values);
  std::string str() const { return text_ + "\n"; }

  static std::string quote(const std::string& text);
  static std::string number(double value);

 private:
  void key_prefix(const std::string& key);
  std::string text_;
  std::vector<bool> first_in_scope_;
};

}  // namespace dlogit
