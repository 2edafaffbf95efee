#include "data/format.hpp"

namespace dlogit::data {
namespace {

std::string lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// "x.csv", "x.csv.1", "part-*.csv" and "x.csv.part-*" are CSV; "x.csvx" and "csv" are not.
bool names_csv(const std::string& component) {
  const std::string name = lower(component);
  for (std::size_t at = name.find(".csv"); at != std::string::npos; at = name.find(".csv", at + 1)) {
    const std::size_t after = at + 4;
    if (after == name.size() || name[after] == '.') return true;
  }
  return false;
}

}  // namespace

const NameTable<Format>& format_names() {
  static const NameTable<Format> names = {{Format::libsvm, "libsvm"}, {Format::csv, "csv"}};
  return names;
}

Format format_from_extension(const std::string& path) {
  std::string trimmed = path;
  while (trimmed.size() > 1 && trimmed.back() == '/') trimmed.pop_back();
  const std::size_t slash = trimmed.find_last_of('/');
  const std::string name = slash == std::string::npos ? trimmed : trimmed.substr(slash + 1);
  if (names_csv(name)) return Format::csv;
  // Part files without an extension ("out.csv/part-00000", "out.csv/part-*", as Spark writes them)
  // take the format from their directory.
  if (name.find('.') == std::string::npos && slash != std::string::npos && slash > 0) {
    const std::string dir = trimmed.substr(0, slash);
    const std::size_t dir_slash = dir.find_last_of('/');
    if (names_csv(dir_slash == std::string::npos ? dir : dir.substr(dir_slash + 1))) return Format::csv;
  }
  return Format::libsvm;
}

}  // namespace dlogit::data
