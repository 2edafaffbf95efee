#pragma once
// toml++ included with its own warnings silenced, so this folder builds clean under the project's
// strict warning flags whatever the installed toml++ version does.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wall"
#pragma GCC diagnostic ignored "-Wextra"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#include <toml++/toml.h>
#pragma GCC diagnostic pop

#if !TOML_EXCEPTIONS
#error "dlogit's config loader expects toml++ built with exceptions (toml::parse_error is thrown)"
#endif
