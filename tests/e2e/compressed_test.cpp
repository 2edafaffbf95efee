// Compressed input end to end: gzip, bzip2 and xz files (told by content) train, test, weigh, evaluate and
// predict as their plain text does, on 1 to 3 ranks, as one file and as part files; truncated and corrupt
// files stop every rank with a message naming the file and the format; rank 0's load progress lines.
// The data are the golden check's slices of a9a (tests/golden/data), compressed here.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "run_dlogit.hpp"
#include "support/compress.hpp"
#include "support/test_paths.hpp"

using dlogit::data::Compression;
using dlogit::test::compress_bytes;
using dlogit::test::json_number;
using dlogit::test::read_text;
using dlogit::test::run_dlogit;
using dlogit::test::write_file;

namespace {

std::string golden(const std::string& file) { return dlogit::test::source_dir() + "/tests/golden/data/" + file; }

// The first `count` lines of `text` from line `first` (0-based).
std::string line_slice(const std::string& text, int first, int count) {
  std::size_t begin = 0;
  for (int i = 0; i < first; ++i) begin = text.find('\n', begin) + 1;
  std::size_t end = begin;
  for (int i = 0; i < count && end < text.size(); ++i) end = text.find('\n', end) + 1;
  return text.substr(begin, end - begin);
}

std::string config(const std::string& dir, const std::string& name, const std::string& train, const std::string& test,
                   const std::string& weights) {
  return write_file(dir, name + ".toml",
                    "[data]\ntrain = \"" + train + "\"\ntest = \"" + test + "\"\nweights = \"" + weights +
                        "\"\n[regularization]\npenalty = \"l2\"\nlambda = 1.0\n"
                        "[optimizer]\nmethod = \"gd\"\nmax_iter = 25\ntol = 0\n");
}

// A number of result.json's "test" object (json_number finds the first occurrence, the training set's).
double test_metric(const std::string& result, const std::string& key) {
  const std::string text = read_text(result);
  const std::size_t test = text.find("\"test\"");
  REQUIRE(test != std::string::npos);
  const std::size_t at = text.find("\"" + key + "\":", test);
  REQUIRE(at != std::string::npos);
  return std::stod(text.substr(at + key.size() + 3));
}

double relative_difference(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t count = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++count;
  return count;
}

}  // namespace

TEST_CASE("compressed and plain input give the same objective to 1e-12 on 1, 2 and 3 ranks, single file and parts") {
  const std::string dir = dlogit::test::temp_dir("e2e-compressed");
  const std::string train = read_text(golden("a9a-300.svm"));
  const std::string test = read_text(golden("a9a-test-100.svm"));
  const std::string weights = read_text(golden("a9a-300.weights"));
  REQUIRE(line_slice(train, 0, 300) == train);

  // Single files: names without a compression suffix, so only the content can tell.
  const std::string plain = config(dir, "plain", golden("a9a-300.svm"), golden("a9a-test-100.svm"), golden("a9a-300.weights"));
  const std::string single = config(dir, "single", write_file(dir, "train.svm", compress_bytes(Compression::xz, train)),
                                    write_file(dir, "test.svm", compress_bytes(Compression::gzip, test)),
                                    write_file(dir, "weights.txt", compress_bytes(Compression::bzip2, weights)));
  // Parts: three of the training set (one per format, so 1-3 ranks take whole files), two of the test set
  // (fewer than 3 ranks: every rank streams them), one of them plain.
  write_file(dir, "train-part-0", compress_bytes(Compression::gzip, line_slice(train, 0, 90)));
  write_file(dir, "train-part-1", compress_bytes(Compression::bzip2, line_slice(train, 90, 120)));
  write_file(dir, "train-part-2", compress_bytes(Compression::xz, line_slice(train, 210, 90)));
  write_file(dir, "test-part-0", line_slice(test, 0, 40));
  write_file(dir, "test-part-1", compress_bytes(Compression::gzip, line_slice(test, 40, 60)));
  const std::string parts = config(dir, "parts", dir + "/train-part-*", dir + "/test-part-*",
                                   write_file(dir, "weights.gz", compress_bytes(Compression::gzip, weights)));

  for (int ranks = 1; ranks <= 3; ++ranks) {
    double objective[3] = {};
    double test_logloss[3] = {};
    const std::string configs[3] = {plain, single, parts};
    for (int c = 0; c < 3; ++c) {
      const std::string out = dir + "/out-" + std::to_string(ranks) + "-" + std::to_string(c);
      const auto outcome = run_dlogit(ranks, "train " + configs[c] + " --set output.dir=" + out);
      INFO(configs[c] << " on " << ranks << " ranks\n" << outcome.out);
      REQUIRE(outcome.exit_code == 0);
      CHECK(json_number(out + "/result.json", "rows") == 300);
      CHECK(json_number(out + "/result.json", "iterations") == 25);
      objective[c] = json_number(out + "/result.json", "objective");
      test_logloss[c] = test_metric(out + "/result.json", "logloss");
    }
    INFO(ranks << " ranks");
    CHECK(relative_difference(objective[1], objective[0]) <= 1e-12);
    CHECK(relative_difference(objective[2], objective[0]) <= 1e-12);
    CHECK(relative_difference(test_logloss[1], test_logloss[0]) <= 1e-12);
    CHECK(relative_difference(test_logloss[2], test_logloss[0]) <= 1e-12);
  }
}

TEST_CASE("predict and evaluate read compressed input: the same predictions, byte for byte, on 1 and 3 ranks") {
  const std::string dir = dlogit::test::temp_dir("e2e-compressed-predict");
  const auto trained = run_dlogit(1, "train /dev/null --set data.train=" + golden("a9a-300.svm") +
                                         " --set output.dir=" + dir + "/model --quiet");
  INFO(trained.out);
  REQUIRE(trained.exit_code == 0);
  const std::string model = dir + "/model/model.bin";
  const std::string test = read_text(golden("a9a-test-100.svm"));
  const std::string packed = write_file(dir, "test.bz2", compress_bytes(Compression::bzip2, test));
  for (const int ranks : {1, 3}) {
    const std::string suffix = std::to_string(ranks) + ".tsv";
    REQUIRE(run_dlogit(ranks, "predict --model " + model + " --data " + golden("a9a-test-100.svm") + " --output " +
                                  dir + "/plain" + suffix)
                .exit_code == 0);
    const auto outcome = run_dlogit(ranks, "predict --model " + model + " --data " + packed + " --output " + dir +
                                               "/packed" + suffix);
    INFO(outcome.out);
    REQUIRE(outcome.exit_code == 0);
    CHECK(dlogit::test::same_bytes(dir + "/plain" + suffix, dir + "/packed" + suffix));
    CHECK(occurrences(read_text(dir + "/packed" + suffix), "\n") == 100);

    const auto evaluated = run_dlogit(ranks, "evaluate --model " + model + " --data " + packed);
    INFO(evaluated.out);
    CHECK(evaluated.exit_code == 0);
    CHECK_THAT(evaluated.out, Catch::Contains("100 rows"));
  }
}

TEST_CASE("a truncated or corrupt compressed file stops every rank with the file and the format, no hang") {
  const std::string dir = dlogit::test::temp_dir("e2e-compressed-bad");
  const std::string train = read_text(golden("a9a-300.svm"));
  for (const Compression format : {Compression::gzip, Compression::bzip2, Compression::xz}) {
    const std::string name = dlogit::data::compression_name(format);
    const std::string whole = compress_bytes(format, train);
    const std::string truncated = write_file(dir, "truncated-" + name, whole.substr(0, whole.size() * 2 / 3));
    std::string flipped = whole;
    for (std::size_t i = whole.size() / 2; i < whole.size() / 2 + 4; ++i) flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
    const std::string corrupt = write_file(dir, "corrupt-" + name, flipped);
    for (int ranks = 1; ranks <= 3; ++ranks) {
      for (const auto& [path, kind] : {std::pair{truncated, std::string("truncated")}, std::pair{corrupt, std::string("corrupt")}}) {
        const auto outcome = run_dlogit(ranks, "train /dev/null --set data.train=" + path + " --set output.dir=" + dir + "/out", 60);
        INFO(outcome.out);
        CHECK(outcome.exit_code == 1);
        // One file, so every rank reads all of it (to size its text on 2 and 3 ranks): every rank says it.
        CHECK(occurrences(outcome.out, "data file '" + path + "' is a " + kind + " " + name + " stream") ==
              static_cast<std::size_t>(ranks));
      }
    }
  }

  // A bad part among parts (whole files per rank): the rank that reads it names it; none hangs.
  write_file(dir, "part-0", compress_bytes(Compression::gzip, line_slice(train, 0, 100)));
  const std::string part1 = compress_bytes(Compression::gzip, line_slice(train, 100, 100));
  write_file(dir, "part-1", part1.substr(0, part1.size() - 5));
  write_file(dir, "part-2", compress_bytes(Compression::gzip, line_slice(train, 200, 100)));
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const auto outcome = run_dlogit(ranks, "train /dev/null --set data.train=" + dir + "/part-* --set output.dir=" + dir + "/out", 60);
    INFO(outcome.out);
    CHECK(outcome.exit_code == 1);
    CHECK_THAT(outcome.out, Catch::Contains("data file '" + dir + "/part-1' is a truncated gzip stream"));
  }

  // A truncated weights file, and a bad line inside a compressed file: file (and line) named.
  const std::string weights = compress_bytes(Compression::xz, read_text(golden("a9a-300.weights")));
  const std::string bad_weights = write_file(dir, "weights.xz", weights.substr(0, weights.size() - 10));
  std::string bad_train = train;
  bad_train.insert(line_slice(train, 0, 150).size(), "+1 4:abc\n");
  const std::string bad_line = write_file(dir, "bad.svm.gz", compress_bytes(Compression::gzip, bad_train));
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const auto weighted = run_dlogit(ranks, "train /dev/null --set data.train=" + golden("a9a-300.svm") +
                                                " --set data.weights=" + bad_weights + " --set output.dir=" + dir + "/out", 60);
    INFO(weighted.out);
    CHECK(weighted.exit_code == 1);
    CHECK_THAT(weighted.out, Catch::Contains("data file '" + bad_weights + "' is a truncated xz stream"));
    const auto lined = run_dlogit(ranks, "train /dev/null --set data.train=" + bad_line + " --set output.dir=" + dir + "/out", 60);
    INFO(lined.out);
    CHECK(lined.exit_code == 1);
    CHECK_THAT(lined.out, Catch::Contains(bad_line + ":151: bad feature value 'abc'"));
  }
}

TEST_CASE("rank 0 prints load progress lines every interval (shortened here), and none with --quiet") {
  const std::string dir = dlogit::test::temp_dir("e2e-progress");
  const std::string train = write_file(dir, "train.svm.xz", compress_bytes(Compression::xz, read_text(golden("a9a-300.svm"))));
  const std::string run = "train /dev/null --set data.train=" + train + " --set output.dir=" + dir + "/out";
  const std::string fast = "DLOGIT_PROGRESS_SECONDS=0.000001";
  for (const int ranks : {1, 2}) {
    const auto shown = run_dlogit(ranks, run, 60, fast);
    INFO(shown.out);
    REQUIRE(shown.exit_code == 0);
    CHECK_THAT(shown.out, Catch::Contains("loading " + train + ": "));
    CHECK_THAT(shown.out, Catch::Contains(" MB/s, about "));
    CHECK_THAT(shown.out, Catch::Contains(" s left"));

    const auto quiet = run_dlogit(ranks, run + " --quiet", 60, fast);
    INFO(quiet.out);
    REQUIRE(quiet.exit_code == 0);
    CHECK(occurrences(quiet.out, " s left") == 0);

    // The default interval: a load this short prints no progress line.
    const auto normal = run_dlogit(ranks, run);
    INFO(normal.out);
    REQUIRE(normal.exit_code == 0);
    CHECK(occurrences(normal.out, " s left") == 0);
  }
}
