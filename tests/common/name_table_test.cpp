#include "common/name_table.hpp"

#include <catch2/catch.hpp>

namespace {

enum class Colour { red, green, blue };

const dlogit::NameTable<Colour> colours = {{Colour::red, "red"}, {Colour::green, "green"}, {Colour::blue, "blue"}};

}  // namespace

TEST_CASE("a name table parses and prints the names it lists, in its order", "[common][names]") {
  CHECK(colours.parse("green") == Colour::green);
  CHECK_FALSE(colours.parse("Green"));
  CHECK_FALSE(colours.parse(" green"));
  CHECK_FALSE(colours.parse(""));
  CHECK(colours.name(Colour::blue) == "blue");
  CHECK(colours.names() == std::vector<std::string>{"red", "green", "blue"});
  CHECK(colours.joined() == "red, green, blue");
}

TEST_CASE("a value missing from its table is a programming error", "[common][names]") {
  const dlogit::NameTable<Colour> partial = {{Colour::red, "red"}};
  CHECK_THROWS_AS(partial.name(Colour::blue), std::logic_error);
}
