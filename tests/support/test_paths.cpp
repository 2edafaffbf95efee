#include "support/test_paths.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>

namespace dlogit::test {
namespace fs = std::filesystem;

std::string dataset(const std::string& file) { return std::string(DLOGIT_DATASETS_DIR) + "/" + file; }
std::string dlogit_binary() { return DLOGIT_BINARY; }
std::string source_dir() { return DLOGIT_SOURCE_DIR; }
std::string mpirun() { return DLOGIT_MPIRUN; }

std::string temp_dir(const std::string& tag) {
  std::random_device device;
  const fs::path dir = fs::temp_directory_path() / ("dlogit-test-" + tag + "-" + std::to_string(device()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir.string();
}

std::string write_file(const std::string& dir, const std::string& name, const std::string& text) {
  const std::string path = dir + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write test file " + path);
  return path;
}
}  // namespace dlogit::test
