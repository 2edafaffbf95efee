// configs/reference.toml documents every key of the key table, and nothing else.
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "config/config_keys.hpp"
#include "config_test_helpers.hpp"

using namespace dlogit::test;

namespace {

std::string reference_path() { return source_dir() + "/configs/reference.toml"; }

std::vector<std::string> reference_lines() {
  std::ifstream in(reference_path());
  REQUIRE(in);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// [section] or a nested table of a section ([regularization.path]), whose keys are "path.<key>".
const std::regex section_line(R"(^\s*\[([A-Za-z0-9_.]+)\]\s*$)");
// `key = value` or, for an optional key shown commented out, `# key = value`.
const std::regex key_line(R"(^\s*(#\s*)?([A-Za-z0-9_]+)\s*=\s*(.+)$)");

struct Documented {
  std::string key;
  bool commented;
};

std::vector<Documented> documented_keys() {
  std::vector<Documented> keys;
  std::string section;
  for (const auto& line : reference_lines()) {
    std::smatch match;
    if (std::regex_match(line, match, section_line)) {
      section = match[1];
    } else if (std::regex_match(line, match, key_line)) {
      INFO(line);
      REQUIRE_FALSE(section.empty());
      keys.push_back({section + "." + match[2].str(), match[1].matched});
    }
  }
  return keys;
}

}  // namespace

TEST_CASE("every known key is documented in reference.toml, and every documented key is known") {
  std::set<std::string> documented;
  for (const auto& entry : documented_keys()) {
    INFO(entry.key);
    CHECK(documented.insert(entry.key).second);  // documented once
  }
  std::set<std::string> known;
  for (const auto& spec : dlogit::config::key_table()) known.insert(spec.full_name());
  for (const auto& key : known) {
    INFO("key missing from reference.toml: " << key);
    CHECK(documented.count(key) == 1);
  }
  for (const auto& key : documented) {
    INFO("reference.toml documents an unknown key: " << key);
    CHECK(known.count(key) == 1);
  }
}

TEST_CASE("reference.toml shows exactly the optional and required keys commented out") {
  for (const auto& entry : documented_keys()) {
    const auto* spec = [&]() -> const dlogit::config::KeySpec* {
      for (const auto& s : dlogit::config::key_table()) {
        if (s.full_name() == entry.key) return &s;
      }
      return nullptr;
    }();
    REQUIRE(spec != nullptr);
    INFO(entry.key);
    // Keys without a plain default (required, or optional) are commented out; the others show their default.
    CHECK(entry.commented == (spec->required || spec->unset != dlogit::config::Unset::never));
  }
}

namespace {

// reference.toml with the commented-out examples enabled in the sections `enable` accepts.
std::string with_examples_enabled(bool (*enable)(const std::string& section)) {
  std::string text;
  std::string section;
  for (const auto& line : reference_lines()) {
    std::smatch match;
    if (std::regex_match(line, match, section_line)) section = match[1];
    const bool example = std::regex_match(line, match, key_line) && match[1].matched;
    text += example && enable(section) ? line.substr(match.position(2)) : line;
    text += "\n";
  }
  return text;
}

}  // namespace

// [data.synthetic] and data.train exclude each other, so their examples are enabled separately.
TEST_CASE("reference.toml with its commented-out examples enabled still loads") {
  // data.weight_column (CSV) is the alternative to data.weights: one example is unset again.
  const auto config = load_text(with_examples_enabled([](const std::string& s) { return s != "data.synthetic"; }),
                                {"data.weight_column="});
  CHECK_FALSE(config.data.train.empty());
  CHECK(config.data.weights);
  CHECK(config.model.class_weight);
  CHECK(config.data.test);
  CHECK(config.data.features);
  CHECK(config.data.positive_label);
  CHECK(config.data.header);
  CHECK_FALSE(config.synthetic.rows);
  CHECK(config.cv.folds);
}

TEST_CASE("reference.toml with its [data.synthetic] examples enabled and no data.train loads") {
  const auto config = load_text(with_examples_enabled([](const std::string& s) { return s == "data.synthetic"; }));
  REQUIRE(config.synthetic.rows);
  CHECK(*config.synthetic.rows == 100000);
  CHECK(config.synthetic.test_rows);
  CHECK(config.data.train.empty());
}
