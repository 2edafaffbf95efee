#pragma once
// The resolved config of a run as TOML text: what a run folder's config.toml holds and what
// result.json's config_sha256 is taken of.
#include <string>

#include "config/config.hpp"

namespace dlogit::config {

struct ResolvedOptions {
  // Relative paths are made absolute against this folder (the working directory the run resolved
  // them in); empty: the current working directory.
  std::string base_dir;
  // Only the keys that can change the trained model (KeySpec::shapes_model): model.bin's config hash.
  bool model_keys_only = false;
};

// Every key of the table in documentation order, one [section] after another, defaults included, but
// optional keys and KeySpec::only_when_set keys only when they were set (absent, they mean something
// else), and a required key only when set (data.train is absent with [data.synthetic]). Paths are
// absolute. Loading the text gives back the same Config, so `dlogit train config.toml` repeats the run.
// Doubles are written with the fewest digits that read back to the same double.
std::string resolved_toml(const Config& config, const ResolvedOptions& options = {});

// A TOML value as resolved_toml writes it: a quoted basic string (escaped), a float that always reads
// back as a float, the same double.
std::string toml_string(const std::string& text);
std::string toml_float(double value);

}  // namespace dlogit::config
