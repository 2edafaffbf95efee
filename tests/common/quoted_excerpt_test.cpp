#include "common/quoted_excerpt.hpp"

#include <catch2/catch.hpp>
#include <string>

using dlogit::printable;
using dlogit::quoted_excerpt;

TEST_CASE("printable escapes control bytes and invalid UTF-8, and keeps text", "[common][quote]") {
  CHECK(printable("3:1 -1.5e3 abc") == "3:1 -1.5e3 abc");
  CHECK(printable("\x1b[2J") == "\\x1b[2J");
  CHECK(printable(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(printable("\t\r\n\x7f") == "\\x09\\x0d\\x0a\\x7f");
  CHECK(printable("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80") == "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
  CHECK(printable("\xc2\x9b" "31m") == "\\xc2\\x9b31m");          // C1 CSI, as UTF-8
  CHECK(printable("\x9b" "31m") == "\\x9b31m");                   // 8-bit CSI, not UTF-8
  CHECK(printable("\xff\xfe") == "\\xff\\xfe");
  CHECK(printable("\xc3") == "\\xc3");                            // a sequence cut short
  CHECK(printable("\xc0\xaf") == "\\xc0\\xaf");                   // overlong '/'
  CHECK(printable("\xed\xa0\x80") == "\\xed\\xa0\\x80");          // a surrogate
}

TEST_CASE("quoted_excerpt cuts long quotes at about 40 bytes, never inside a character", "[common][quote]") {
  const std::string forty(40, 'x');
  CHECK(quoted_excerpt(forty) == forty);
  CHECK(quoted_excerpt(forty + "y") == forty + "...");
  CHECK(quoted_excerpt(std::string(10000, '\x1b')) == [] {
    std::string escaped;
    for (int i = 0; i < 40; ++i) escaped += "\\x1b";
    return escaped + "...";
  }());
  // A two-byte character across the limit is left out whole.
  const std::string text = std::string(39, 'a') + "\xc3\xa9" + "zzz";
  CHECK(quoted_excerpt(text) == std::string(39, 'a') + "...");
  CHECK(quoted_excerpt("abcdef", 3) == "abc...");
}
