// Data lines quoted in errors are escaped and cut, so binary junk cannot garble a terminal.
#include <catch2/catch.hpp>
#include <string>

#include "common/errors.hpp"
#include "comm/communicator.hpp"
#include "data/dataset_loader.hpp"
#include "data_test_support.hpp"

using namespace dlogit::data;

namespace {

std::string load_error(const LoadOptions& options) {
  dlogit::comm::SerialCommunicator comm;
  try {
    load_dataset(options, comm);
  } catch (const dlogit::InputError& error) {
    return error.what();
  }
  FAIL("expected an InputError loading " << options.path);
  return "";
}

bool has_control_byte(const std::string& text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

const std::string junk = "\x1b[2J\x1b[31m\x9b" + std::string(300, 'x');

}  // namespace

TEST_CASE("a binary label, feature or weight is quoted escaped and cut at 40 bytes", "[data][quote]") {
  const std::string dir = dlogit::test::temp_dir("quoted-input");
  LoadOptions label;
  label.path = dlogit::test::write_file(dir, "label.svm", "1 1:1\n" + junk + " 1:1\n");
  const std::string bad_label = load_error(label);
  CHECK_THAT(bad_label, Catch::Contains("label.svm:2: bad label '\\x1b[2J\\x1b[31m\\x9bxxx") &&
                            Catch::Contains("x...' (expected a number)"));
  CHECK_FALSE(has_control_byte(bad_label));
  CHECK(bad_label.size() < 200);

  LoadOptions feature;
  feature.path = dlogit::test::write_file(dir, "feature.svm", "1 1:1\n-1 1:" + junk + "\n");
  const std::string bad_feature = load_error(feature);
  CHECK_THAT(bad_feature, Catch::Contains("feature.svm:2: bad feature value '\\x1b[2J"));
  CHECK_FALSE(has_control_byte(bad_feature));

  LoadOptions csv;
  csv.path = dlogit::test::write_file(dir, "values.csv", "1,2\n-1," + junk + "\n");
  csv.format = Format::csv;
  csv.csv_header = false;
  const std::string bad_value = load_error(csv);
  CHECK_THAT(bad_value, Catch::Contains("values.csv:2: bad value '\\x1b[2J"));
  CHECK_FALSE(has_control_byte(bad_value));

  LoadOptions weighted;
  weighted.path = dlogit::test::write_file(dir, "w.svm", "1 1:1\n-1 2:1\n");
  weighted.weighting.weights_file = dlogit::test::write_file(dir, "w.weights", "1\n" + junk + "\n");
  const std::string bad_weight = load_error(weighted);
  CHECK_THAT(bad_weight, Catch::Contains("w.weights:2: bad weight '\\x1b[2J") && Catch::Contains("x...'"));
  CHECK_FALSE(has_control_byte(bad_weight));
}
