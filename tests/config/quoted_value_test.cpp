// Config values quoted in errors are escaped and cut, so control bytes cannot garble a terminal.
#include "config_test_helpers.hpp"

using Catch::Matchers::Contains;
using namespace dlogit::test;

namespace {

bool has_control_byte(const std::string& text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a config value with control bytes is quoted escaped and cut", "[config][quote]") {
  const std::string junk = "\x1b[2J\x1b[31m" + std::string(200, 'z');
  // A string where one of a few names is expected (the check quotes what it got).
  const std::string format = error_text(minimal + "format = \"" + std::string("\\u001b[2J") + std::string(100, 'q') + "\"\n");
  CHECK_THAT(format, Contains("got \"\\x1b[2J") && Contains("qqq..."));
  CHECK_FALSE(has_control_byte(format));
  // A --set value of the wrong type, and a --set that is not section.key=value.
  const std::string wrong_type = error_text(minimal, {"optimizer.max_iter=\"" + junk + "\""});
  // (not valid TOML, so taken as the bare text, its quotes included)
  CHECK_THAT(wrong_type, Contains("got string \"\"\\x1b[2J\\x1b[31mzzz") && Contains("z...\""));
  CHECK_FALSE(has_control_byte(wrong_type));
  CHECK(wrong_type.size() < 300);
  const std::string malformed = error_text(minimal, {junk});
  CHECK_THAT(malformed, Contains("malformed override '\\x1b[2J"));
  CHECK_FALSE(has_control_byte(malformed));
  const std::string unknown = error_text(minimal, {"data.\x07" "bell=1"});
  CHECK_THAT(unknown, Contains("unknown key 'data.\\x07bell'"));
  CHECK_FALSE(has_control_byte(unknown));
  // model.class_weight pairs.
  const std::string weights = error_text(minimal + "[model]\nclass_weight = \"1:2, \\u001b]0;title\\u0007\"\n");
  CHECK_THAT(weights, Contains("\\x1b]0;title\\x07"));
  CHECK_FALSE(has_control_byte(weights));
}

TEST_CASE("a TOML syntax error quoting a control byte prints it escaped", "[config][quote]") {
  const std::string message = error_text(minimal + "[optimizer]\nmax_iter = 5\x1b[2J\n");
  CHECK_FALSE(has_control_byte(message));
  CHECK_THAT(message, Contains("FILE:"));
}
