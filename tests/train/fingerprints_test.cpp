#include "train/fingerprints.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>

#include "config/config.hpp"
#include "support/test_paths.hpp"
#include "support/thread_ranks.hpp"
#include "train/console.hpp"
#include "train/training_data.hpp"

namespace {

std::string a9a_head_text() {
  std::ifstream in(dlogit::test::source_dir() + "/tests/golden/data/a9a-300.svm");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The content fingerprint of a LIBSVM text on `ranks` in-process ranks (every rank must agree).
std::string content_of(const std::string& text, int ranks, const std::string& tag) {
  const std::string dir = dlogit::test::temp_dir(tag);
  const std::string data = dlogit::test::write_file(dir, "data.svm", text);
  const std::string config_path =
      dlogit::test::write_file(dir, "config.toml", "[data]\ntrain = \"" + data + "\"\n[output]\ndir = \"" + dir + "/out\"\n");
  const dlogit::config::Config config = dlogit::config::load_config(config_path, {});
  std::mutex mutex;
  std::set<std::string> seen;
  const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
    const dlogit::train::Console console(rank == 0, dlogit::train::Verbosity::quiet);
    const dlogit::train::TrainingData loaded = dlogit::train::load_training_data(config, comm, console);
    const std::lock_guard<std::mutex> lock(mutex);
    seen.insert(loaded.content_fingerprint);
  });
  for (const auto& error : errors) REQUIRE_FALSE(error);
  REQUIRE(seen.size() == 1);
  return *seen.begin();
}

// Every line's label -1 <-> +1: the same shape, rows, features and label set.
std::string swap_labels(const std::string& text) {
  std::istringstream in(text);
  std::ostringstream out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("-1", 0) == 0) line = "+1" + line.substr(2);
    else if (line.rfind("+1", 0) == 0) line = "-1" + line.substr(2);
    out << line << "\n";
  }
  return out.str();
}

}  // namespace

TEST_CASE("the content fingerprint is the same on 1-4 ranks and changes with labels, values and row order") {
  const std::string text = a9a_head_text();
  const std::string one = content_of(text, 1, "content-1");
  CHECK(one.size() == 16);
  for (int ranks = 2; ranks <= 4; ++ranks) CHECK(content_of(text, ranks, "content-n") == one);

  const std::string swapped = swap_labels(text);
  REQUIRE(swapped != text);
  CHECK(content_of(swapped, 2, "content-swapped") != one);
  // One value changed (the first row's first feature 1 -> 2).
  std::string value = text;
  const std::size_t colon = value.find(":1");
  value.replace(colon, 2, ":2");
  CHECK(content_of(value, 2, "content-value") != one);
  // The first two rows exchanged: the same rows in another order.
  const std::size_t first_end = text.find('\n') + 1;
  const std::size_t second_end = text.find('\n', first_end) + 1;
  const std::string reordered =
      text.substr(first_end, second_end - first_end) + text.substr(0, first_end) + text.substr(second_end);
  REQUIRE(reordered != text);
  CHECK(content_of(reordered, 2, "content-order") != one);
}
