#include "data/libsvm_parser.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "data_test_support.hpp"

using namespace dlogit::data;

namespace {

SparseShard parse_text(const std::string& text, LibsvmOptions options = {}) {
  const InputSet inputs = dlogit::test::write_single("libsvm", "bad.svm", text);
  return read_libsvm_shard(inputs, {0, inputs.total_size}, options);
}

std::string error_of(const std::string& text, LibsvmOptions options = {}) {
  try {
    parse_text(text, options);
  } catch (const dlogit::InputError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("LIBSVM lines parse into CSR rows", "[data][libsvm]") {
  const SparseShard shard = parse_text(
      "# a comment line\n"
      "+1 1:0.5 3:2 \n"
      "\n"
      "-1 qid:7 2:-1.5e2 10:1 # trailing comment\r\n"
      "   \t\n"
      "1\n"
      "-1 4:0");
  CHECK(shard.rows() == 4);
  CHECK(shard.labels() == std::vector<double>{1, -1, 1, -1});
  CHECK(shard.row_starts == std::vector<int>{0, 2, 4, 4, 5});
  CHECK(shard.indices == std::vector<int>{0, 2, 1, 9, 3});
  CHECK(shard.values.to_vector() == std::vector<double>{0.5, 2, -150, 1, 0});
  CHECK(shard.max_index == 10);
  CHECK(shard.label_set.count() == 2);
}

TEST_CASE("unlabeled LIBSVM: every line is a row, a blank or comment-only one all zeros", "[data][libsvm]") {
  LibsvmOptions unlabeled;
  unlabeled.labeled = false;
  const SparseShard shard = parse_text(
      "1:0.5 3:2 \n"
      "\n"
      "qid:7 2:-1.5e2 10:1 # trailing comment\r\n"
      "# a comment line\n"
      "4:0",
      unlabeled);
  CHECK(shard.rows() == 5);
  CHECK(shard.row_starts == std::vector<int>{0, 2, 2, 4, 4, 5});
  CHECK(shard.indices == std::vector<int>{0, 2, 1, 9, 3});
  CHECK(shard.values.to_vector() == std::vector<double>{0.5, 2, -150, 1, 0});
  CHECK(shard.label_ids == std::vector<std::uint8_t>{0, 0, 0, 0, 0});
  CHECK(shard.label_set.count() == 0);
  CHECK(shard.max_index == 10);
}

TEST_CASE("a line with a label in unlabeled LIBSVM, and one without in labeled LIBSVM, name file and line",
          "[data][libsvm]") {
  LibsvmOptions unlabeled;
  unlabeled.labeled = false;
  CHECK_THAT(error_of("1:1\n2:1\n1 3:1\n", unlabeled),
             Catch::Contains("bad.svm:3: bad feature '1'") && Catch::Contains("read as unlabeled"));
  CHECK_THAT(error_of("1 1:1\n-1 2:1\n3:1 4:1\n"),
             Catch::Contains("bad.svm:3: no label: the line starts with the feature '3:1'"));
}

TEST_CASE("0-based LIBSVM keeps indices as written, and detection reads 0-based and notes an index 0", "[data][libsvm]") {
  LibsvmOptions zero;
  zero.index_base = IndexBase::zero;
  const SparseShard shard = parse_text("1 0:0.5 3:2\n-1 1:1\n", zero);
  CHECK(shard.indices == std::vector<int>{0, 3, 1});
  CHECK(shard.max_index == 4);
  CHECK(shard.has_index_zero);
  zero.features = 4;
  CHECK_THAT(error_of("1 0:1 4:1\n", zero), Catch::Contains("bad.svm:1: feature index 4 in \"4:1\" is above the "
                                                            "feature count 4 (indices are 0-based)"));
  LibsvmOptions detect;
  detect.index_base = IndexBase::detect;
  const SparseShard detected = parse_text("1 2:0.5 3:2\n-1 1:1\n\n", detect);
  CHECK(detected.indices == std::vector<int>{2, 3, 1});
  CHECK(detected.max_index == 4);
  CHECK_FALSE(detected.has_index_zero);
  CHECK_THAT(error_of("1 -1:1\n", detect), Catch::Contains("bad feature index '-1'"));
}

TEST_CASE("LIBSVM shards of 1 to 8 ranks together give every row once, in order", "[data][libsvm]") {
  std::string text;
  for (int i = 0; i < 40; ++i) {
    text += (i % 3 == 0 ? "1" : "-1");
    for (int j = 1; j <= i % 5; ++j) text += " " + std::to_string(j * 2 + i % 2) + ":" + std::to_string(i);
    text += (i % 4 == 0) ? "\r\n" : (i % 7 == 0 ? " \n\n" : "\n");
  }
  text += "1 1:99";  // no final newline
  const InputSet whole = dlogit::test::write_single("libsvm-shards", "d.svm", text);
  const SparseShard reference = read_libsvm_shard(whole, {0, whole.total_size}, {});
  REQUIRE(reference.rows() == 41);

  // Part files, the first without its final newline: its end still ends the line.
  const std::size_t cut = text.find('\n', 101);
  const InputSet parts = dlogit::test::write_parts("libsvm-parts", {text.substr(0, cut), text.substr(cut + 1)});
  for (const InputSet* inputs : {&whole, &parts}) {
    for (int ranks = 1; ranks <= 8; ++ranks) {
      std::vector<double> labels, values;
      std::vector<int> indices;
      for (int rank = 0; rank < ranks; ++rank) {
        const SparseShard shard = read_libsvm_shard(*inputs, shard_range(inputs->total_size, rank, ranks), {});
        { const auto part = shard.labels(); labels.insert(labels.end(), part.begin(), part.end()); }
        indices.insert(indices.end(), shard.indices.begin(), shard.indices.end());
        { const auto part = shard.values.to_vector(); values.insert(values.end(), part.begin(), part.end()); }
      }
      INFO(ranks << " ranks, " << inputs->files.size() << " files");
      CHECK(labels == reference.labels());
      CHECK(indices == reference.indices);
      CHECK(values == reference.values.to_vector());
    }
  }
}

TEST_CASE("bad LIBSVM input names file, line and offending text", "[data][libsvm]") {
  const std::string good = "1 1:1\n-1 2:1\n\n";  // the bad line below is line 4
  CHECK_THAT(error_of(good + "-1 0:1\n"),
             Catch::Contains("bad.svm:4: bad feature index '0' in \"0:1\" (indices are 1-based)"));
  CHECK_THAT(error_of(good + "-1 -3:1\n"), Catch::Contains("bad.svm:4:") && Catch::Contains("'-3'"));
  CHECK_THAT(error_of(good + "x 1:1\n"), Catch::Contains("bad.svm:4: bad label 'x'"));
  CHECK_THAT(error_of(good + "1x 1:1\n"), Catch::Contains("bad.svm:4: bad label '1x'"));
  CHECK_THAT(error_of(good + "nan 1:1\n"), Catch::Contains("bad.svm:4: label 'nan' is not a finite number"));
  CHECK_THAT(error_of(good + "1 1:abc\n"), Catch::Contains("bad.svm:4: bad feature value 'abc' in \"1:abc\""));
  CHECK_THAT(error_of(good + "1 1:\n"), Catch::Contains("bad.svm:4: bad feature value ''"));
  CHECK_THAT(error_of(good + "1 1:2:3\n"), Catch::Contains("bad.svm:4:") && Catch::Contains("1:2:3"));
  CHECK_THAT(error_of(good + "1 1:inf\n"), Catch::Contains("bad.svm:4:") && Catch::Contains("'inf'") &&
                                               Catch::Contains("not a finite number"));
  CHECK_THAT(error_of(good + "1 1:NaN\n"), Catch::Contains("bad.svm:4:") && Catch::Contains("'NaN'"));
  CHECK_THAT(error_of(good + "1 a:1\n"), Catch::Contains("bad.svm:4: bad feature index 'a' in \"a:1\""));
  CHECK_THAT(error_of(good + "1 7\n"), Catch::Contains("bad.svm:4: bad feature '7' (expected index:value)"));
  CHECK_THAT(error_of(good + "1 3:1 5:1 5:2\n"), Catch::Contains("bad.svm:4: feature index 5 in \"5:2\" does not follow 5"));
  CHECK_THAT(error_of(good + "1 3:1 2:1\n"), Catch::Contains("bad.svm:4:") && Catch::Contains("\"2:1\""));
  CHECK_THAT(error_of(good + "1 3:1 9:1\n", {5}),
             Catch::Contains("bad.svm:4: feature index 9 in \"9:1\" is above the feature count 5"));
  CHECK_THAT(error_of(good + "2 1:1\n"),
             Catch::Contains("bad.svm:4: third label '2'") && Catch::Contains("-1") && Catch::Contains("1"));
  CHECK_THAT(error_of(good + "1 99999999999:1\n"), Catch::Contains("bad.svm:4:") && Catch::Contains("99999999999"));
}

TEST_CASE("LIBSVM line numbers count CRLF lines and lines on other ranks", "[data][libsvm]") {
  std::string text;
  for (int i = 0; i < 50; ++i) text += "1 1:1\r\n";
  text += "1 1:x\r\n";  // line 51
  const InputSet inputs = dlogit::test::write_single("libsvm-lineno", "crlf.svm", text);
  const ByteRange last = shard_range(inputs.total_size, 3, 4);
  CHECK_THROWS_WITH(read_libsvm_shard(inputs, last, {}), Catch::Contains("crlf.svm:51: bad feature value 'x'"));
  CHECK_NOTHROW(read_libsvm_shard(inputs, shard_range(inputs.total_size, 0, 4), {}));
}
