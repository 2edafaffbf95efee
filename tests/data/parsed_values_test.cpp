#include <catch2/catch.hpp>
#include <vector>

#include "data/parsed_values.hpp"

using dlogit::data::ParsedValues;
using dlogit::data::StorageOptions;
using dlogit::data::ValueType;
using Values = StorageOptions::Values;

namespace {

ParsedValues push_all(const std::vector<double>& values, StorageOptions options, bool sparse) {
  ParsedValues parsed(options, sparse);
  parsed.reserve(values.size());
  for (double v : values) parsed.push(v);
  return parsed;
}

}  // namespace

TEST_CASE("ParsedValues keeps the leanest layout that holds every value so far", "[data][values]") {
  const std::vector<double> ones = {1, 1, 1};
  const std::vector<double> exact = {1, 1, 0.5, -2, 0};
  const std::vector<double> inexact = {1, 0.5, 0.1, 3};

  CHECK(push_all(ones, {}, true).layout() == ValueType::implicit_ones);
  CHECK(push_all(ones, {}, false).layout() == ValueType::float32);  // dense rows keep their values
  CHECK(push_all(exact, {}, true).layout() == ValueType::float32);
  CHECK(push_all(inexact, {}, true).layout() == ValueType::float64);
  CHECK(push_all(ones, {Values::automatic, false}, true).layout() == ValueType::float32);
  CHECK(push_all(ones, {Values::float64, true}, true).layout() == ValueType::float64);
  CHECK(push_all(inexact, {Values::float32, true}, true).layout() == ValueType::float32);

  // Whatever the layout, the values read back as pushed (float32 asked for: rounded).
  for (const auto* values : {&ones, &exact, &inexact}) {
    CHECK(push_all(*values, {}, true).to_vector() == *values);
    CHECK(push_all(*values, {}, false).to_vector() == *values);
    CHECK(push_all(*values, {Values::float64, true}, true).to_vector() == *values);
  }
  const ParsedValues rounded = push_all(inexact, {Values::float32, true}, true);
  CHECK(rounded[2] == static_cast<double>(0.1f));
  CHECK(rounded[2] != 0.1);
}

TEST_CASE("ParsedValues truncates and hands its array over", "[data][values]") {
  ParsedValues parsed = push_all({1, 1, 0.25, 0.1}, {}, true);
  REQUIRE(parsed.layout() == ValueType::float64);
  parsed.truncate(3);
  CHECK(parsed.to_vector() == std::vector<double>{1, 1, 0.25});
  std::vector<double> wide;
  std::vector<float> narrow;
  parsed.move_into(wide, narrow);
  CHECK(wide == std::vector<double>{1, 1, 0.25});
  CHECK(narrow.empty());

  ParsedValues ones = push_all({1, 1}, {}, true);
  ones.truncate(1);
  CHECK(ones.size() == 1);
  ones.move_into(wide, narrow);
  CHECK(wide.empty());
  CHECK(narrow.empty());
}
