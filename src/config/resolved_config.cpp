#include "config/resolved_config.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <variant>

#include "common/errors.hpp"
#include "config/config_keys.hpp"

namespace dlogit::config {
namespace {

namespace fs = std::filesystem;

// `path` made absolute against `base`; "." components dropped. ".." is kept: after a symbolic link it
// does not cancel the previous component.
std::string absolute_path(const std::string& path, const std::string& base) {
  const fs::path given(path);
  const fs::path joined = given.is_absolute() ? given : fs::path(base) / given;
  fs::path out;
  for (const fs::path& part : joined) {
    if (part == ".") continue;
    out /= part;
  }
  // "a/../b" is "b" only when no symbolic link is on the way: keep the short form when both name the
  // same existing file (a glob or a file still to be made keeps its "..").
  const fs::path normal = out.lexically_normal();
  std::error_code error;
  if (normal != out && fs::equivalent(normal, out, error) && !error) return normal.string();
  return out.string();
}

std::string value_text(const Value& value, const KeySpec& spec, const std::string& base) {
  struct Text {
    const KeySpec& spec;
    const std::string& base;
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return toml_float(d); }
    std::string operator()(const std::string& s) const {
      return toml_string(spec.is_path && !s.empty() ? absolute_path(s, base) : s);
    }
    std::string operator()(const NumberList& list) const {
      std::string text = "[";
      for (std::size_t i = 0; i < list.values.size(); ++i) text += (i ? ", " : "") + toml_float(list.values[i]);
      return text + "]";
    }
    std::string operator()(const OtherValue& other) const {
      throw std::logic_error("config key '" + spec.full_name() + "' holds a " + other.type_name + " value");
    }
  };
  return std::visit(Text{spec, base}, value);
}

}  // namespace

std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(byte));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string toml_float(double value) {
  char text[40];
  for (int digits = 15; digits <= 17; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  std::string out = text;
  // "3" would read back as an integer: TOML floats need a fraction or an exponent.
  if (out.find_first_of(".eEn") == std::string::npos) out += ".0";
  return out;
}

std::string resolved_toml(const Config& config, const ResolvedOptions& options) {
  std::string base = options.base_dir;
  if (base.empty()) base = fs::current_path().string();
  std::string text;
  std::string section;
  for (const KeySpec& spec : key_table()) {
    if (options.model_keys_only && !spec.shapes_model) continue;
    if (!spec.get) throw std::logic_error("config key '" + spec.full_name() + "' has no getter in the key table");
    const bool set = config.is_set(spec.full_name());
    if ((spec.required || spec.only_when_set) && !set) continue;
    const std::optional<Value> value = spec.get(config);
    if (!value) continue;  // an optional key that is unset
    if (spec.section != section) {
      text += (text.empty() ? "[" : "\n[") + spec.section + "]\n";
      section = spec.section;
    }
    text += spec.name + " = " + value_text(*value, spec, base) + "\n";
  }
  // The grid's points differ in the model keys: each point's own config (without [grid]) is what a
  // model's hash covers.
  if (!config.grid.empty() && !options.model_keys_only) {
    text += "\n[grid]\n";
    for (const GridKey& key : config.grid) text += toml_string(key.key) + " = " + key.toml + "\n";
  }
  return text;
}

}  // namespace dlogit::config
