#pragma once
// Helpers shared by the tests of src/data (header only: tests/data/*_test.cpp are the only sources).
#include <cstddef>
#include <string>
#include <vector>

#include "data/input_files.hpp"
#include "support/test_paths.hpp"
#include "support/thread_ranks.hpp"

namespace dlogit::test {

// Writes `parts` as files part-0, part-1, ... of a fresh directory and resolves them as one input.
inline data::InputSet write_parts(const std::string& tag, const std::vector<std::string>& parts) {
  const std::string dir = temp_dir(tag);
  for (std::size_t i = 0; i < parts.size(); ++i) write_file(dir, "part-" + std::to_string(i), parts[i]);
  return data::resolve_inputs(dir + "/part-*");
}

inline data::InputSet write_single(const std::string& tag, const std::string& name, const std::string& text) {
  return data::resolve_inputs(write_file(temp_dir(tag), name, text));
}

}  // namespace dlogit::test
