#include "data/format.hpp"

#include <catch2/catch.hpp>

using dlogit::data::Format;
using dlogit::data::format_from_extension;
using dlogit::data::format_names;

TEST_CASE("format follows the file extension", "[data][format]") {
  CHECK(format_from_extension("data/covtype.csv") == Format::csv);
  CHECK(format_from_extension("DATA.CSV") == Format::csv);
  CHECK(format_from_extension("x.csv.1") == Format::csv);
  CHECK(format_from_extension("dir/part-*.csv") == Format::csv);
  CHECK(format_from_extension("out.csv/part-*") == Format::csv);
  CHECK(format_from_extension("out.csv/part-00000") == Format::csv);
  CHECK(format_from_extension("a9a.svm") == Format::libsvm);
  CHECK(format_from_extension("a9a") == Format::libsvm);
  CHECK(format_from_extension("x.csvx") == Format::libsvm);
  CHECK(format_from_extension("csv") == Format::libsvm);
  CHECK(format_from_extension("data.csv.d/part-*.svm") == Format::libsvm);
  CHECK(format_from_extension("dir/part-*") == Format::libsvm);
}

TEST_CASE("format names: libsvm and csv, exactly as spelled", "[data][format]") {
  CHECK(format_names().joined() == "libsvm, csv");
  CHECK(format_names().parse("csv") == Format::csv);
  CHECK(format_names().parse("libsvm") == Format::libsvm);
  CHECK_FALSE(format_names().parse("CSV"));
  CHECK(format_names().name(Format::csv) == "csv");
}
