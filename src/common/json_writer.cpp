#include "common/json_writer.hpp"

#include <cmath>
#include <cstdio>

namespace dlogit {

std::string JsonWriter::quote(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
          out += buffer;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string JsonWriter::number(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

void JsonWriter::key_prefix(const std::string& key) {
  if (!first_in_scope_.empty()) {
    if (!first_in_scope_.back()) text_ += ",";
    first_in_scope_.back() = false;
    text_ += "\n" + std::string(2 * first_in_scope_.size(), ' ');
    if (!key.empty()) text_ += quote(key) + ": ";
  }
}

JsonWriter& JsonWriter::begin_object(const std::string& key) {
  key_prefix(key);
  text_ += "{";
  first_in_scope_.push_back(true);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const bool empty = first_in_scope_.back();
  first_in_scope_.pop_back();
  if (!empty) text_ += "\n" + std::string(2 * first_in_scope_.size(), ' ');
  text_ += "}";
  return *this;
}

JsonWriter& JsonWriter::field(const std::string& key, double value) {
  key_prefix(key);
  text_ += number(value);
  return *this;
}

JsonWriter& JsonWriter::field(const std::string& key, std::int64_t value) {
  key_prefix(key);
  text_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::field(const std::string& key, bool value) {
  key_prefix(key);
  text_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::field(const std::string& key, const std::string& value) {
  key_prefix(key);
  text_ += quote(value);
  return *this;
}

JsonWriter& JsonWriter::null_field(const std::string& key) {
  key_prefix(key);
  text_ += "null";
  return *this;
}

JsonWriter& JsonWriter::field(const std::string& key, const std::vector<std::string>& values) {
  key_prefix(key);
  text_ += "[";
  for (std::size_t i = 0; i < values.size(); ++i) text_ += (i > 0 ? ", " : "") + quote(values[i]);
  text_ += "]";
  return *this;
}

JsonWriter& JsonWriter::field(const std::string& key, const std::vector<double>& values) {
  key_prefix(key);
  text_ += "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text_ += ", ";
    text_ += number(values[i]);
  }
  text_ += "]";
  return *this;
}

}  // namespace dlogit
