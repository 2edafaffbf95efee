#pragma once
// Helpers for the config tests: load a config written to a fresh temp file, or get the error it raises.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "config/config.hpp"
#include "support/test_paths.hpp"

namespace dlogit::test {

struct TempConfig {
  std::string path;
};

inline TempConfig write_config(const std::string& text, const std::string& name = "c.toml") {
  return {write_file(temp_dir("config"), name, text)};
}

inline config::Config load_text(const std::string& text, const std::vector<std::string>& overrides = {}) {
  return config::load_config(write_config(text).path, overrides);
}

// The ConfigError message from loading `path`; fails the test when loading succeeds.
inline std::string error_loading(const std::string& path, const std::vector<std::string>& overrides = {}) {
  try {
    config::load_config(path, overrides);
  } catch (const ConfigError& error) {
    return error.what();
  }
  FAIL("expected a ConfigError loading " << path);
  return "";
}

// The error from loading `text` written to a temp file, with "FILE" standing for that file's path.
inline std::string error_text(const std::string& text, const std::vector<std::string>& overrides = {}) {
  const TempConfig file = write_config(text);
  std::string message = error_loading(file.path, overrides);
  for (auto at = message.find(file.path); at != std::string::npos; at = message.find(file.path)) {
    message.replace(at, file.path.size(), "FILE");
  }
  return message;
}

inline const std::string minimal = "[data]\ntrain = \"a9a.svm\"\n";

}  // namespace dlogit::test
