#include "data/csv_parser.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "data_test_support.hpp"

using namespace dlogit::data;

namespace {

DenseShard parse_text(const std::string& text, CsvOptions options = {}) {
  const InputSet inputs = dlogit::test::write_single("csv", "bad.csv", text);
  return read_csv_shard(inputs, {0, inputs.total_size}, options);
}

std::string error_of(const std::string& text, CsvOptions options = {}) {
  try {
    parse_text(text, options);
  } catch (const dlogit::InputError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("CSV rows parse densely without the label column", "[data][csv]") {
  const DenseShard shard = parse_text("1,0.5,2\r\n\r\n2, -1 ,+3\r\n1,0,0");
  CHECK(shard.rows() == 3);
  CHECK(shard.columns == 3);
  CHECK(shard.labels() == std::vector<double>{1, 2, 1});
  CHECK(shard.values.to_vector() == std::vector<double>{0.5, 2, -1, 3, 0, 0});
  CHECK_FALSE(shard.mismatch);
}

TEST_CASE("CSV without a label column: every column is a feature", "[data][csv]") {
  const DenseShard shard = parse_text("a,b,c\n1,0.5,2\r\n\r\n2, -1 ,+3\r\n1,0,0", {0, std::nullopt});
  CHECK(shard.rows() == 3);
  CHECK(shard.columns == 3);
  CHECK(shard.label_ids == std::vector<std::uint8_t>{0, 0, 0});
  CHECK(shard.label_set.count() == 0);
  CHECK(shard.values.to_vector() == std::vector<double>{1, 0.5, 2, 2, -1, 3, 1, 0, 0});
}

TEST_CASE("CSV label column is configurable", "[data][csv]") {
  const DenseShard shard = parse_text("0.5,2,1\n-1,3,0\n", {3, std::nullopt});
  CHECK(shard.labels() == std::vector<double>{1, 0});
  CHECK(shard.values.to_vector() == std::vector<double>{0.5, 2, -1, 3});
}

TEST_CASE("CSV header is detected, forced or refused", "[data][csv]") {
  const DenseShard detected = parse_text("label,a,b\n1,2,3\n0,4,5\n");
  CHECK(detected.rows() == 2);
  CHECK(detected.columns == 3);
  CHECK(detected.values.to_vector() == std::vector<double>{2, 3, 4, 5});

  const DenseShard numeric_first = parse_text("1,2,3\n0,4,5\n");
  CHECK(numeric_first.rows() == 2);

  const DenseShard forced = parse_text("1,2,3\n0,4,5\n", {1, true});
  CHECK(forced.rows() == 1);
  CHECK(forced.labels() == std::vector<double>{0});

  CHECK_THAT(error_of("label,a,b\n1,2,3\n", {1, false}), Catch::Contains("bad.csv:1: bad label 'label' in column 1"));

  // Each part file may start with its own header.
  const InputSet parts = dlogit::test::write_parts("csv-headers", {"y,a\n1,2\n", "y,a\n0,3\n"});
  const DenseShard both = read_csv_shard(parts, {0, parts.total_size}, {});
  CHECK(both.labels() == std::vector<double>{1, 0});
}

TEST_CASE("CSV column count mismatches are recorded where found", "[data][csv]") {
  const DenseShard shard = parse_text("1,2,3\n0,4,5\n1,6\n0,7,8\n");
  CHECK(shard.rows() == 2);
  REQUIRE(shard.mismatch);
  CHECK(shard.mismatch->offset == 12);
  CHECK(shard.mismatch_columns == 2);

  const DenseShard header = parse_text("y,a,b\n1,2\n");
  CHECK(header.columns == 3);
  REQUIRE(header.mismatch);
  CHECK(header.mismatch->offset == 6);
}

TEST_CASE("bad CSV input names file, line and offending text", "[data][csv]") {
  const std::string good = "1,2,3\r\n0,4,5\r\n";  // the bad line below is line 3
  CHECK_THAT(error_of(good + "1,abc,3\r\n"), Catch::Contains("bad.csv:3: bad value 'abc' in column 2"));
  CHECK_THAT(error_of(good + "1,,3\r\n"), Catch::Contains("bad.csv:3: empty value in column 2"));
  CHECK_THAT(error_of(good + "x,1,3\r\n"), Catch::Contains("bad.csv:3: bad label 'x' in column 1"));
  CHECK_THAT(error_of(good + "1,inf,3\r\n"), Catch::Contains("bad.csv:3: value 'inf' in column 2 is not a finite number"));
  CHECK_THAT(error_of(good + "nan,1,3\r\n"), Catch::Contains("bad.csv:3: label 'nan' in column 1 is not a finite number"));
  CHECK_THAT(error_of(good + "2,1,3\r\n"), Catch::Contains("bad.csv:3: third label '2'"));
  CHECK_THAT(error_of("1,2\n", {3, std::nullopt}), Catch::Contains("bad.csv:1: line has 2 columns, so there is no label column 3"));
}

TEST_CASE("CSV shards of 1 to 8 ranks together give every row once, in order", "[data][csv]") {
  std::string text = "label,f1,f2\r\n";
  for (int i = 0; i < 30; ++i) text += std::to_string(i % 2) + "," + std::to_string(i) + ",0.25\r\n";
  const InputSet inputs = dlogit::test::write_single("csv-shards", "d.csv", text);
  const DenseShard reference = read_csv_shard(inputs, {0, inputs.total_size}, {});
  REQUIRE(reference.rows() == 30);
  for (int ranks = 1; ranks <= 8; ++ranks) {
    std::vector<double> labels, values;
    for (int rank = 0; rank < ranks; ++rank) {
      const DenseShard shard = read_csv_shard(inputs, shard_range(inputs.total_size, rank, ranks), {});
      CHECK_FALSE(shard.mismatch);
      { const auto part = shard.labels(); labels.insert(labels.end(), part.begin(), part.end()); }
      { const auto part = shard.values.to_vector(); values.insert(values.end(), part.begin(), part.end()); }
    }
    INFO(ranks << " ranks");
    CHECK(labels == reference.labels());
    CHECK(values == reference.values.to_vector());
  }
}
