#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace dlogit {

// For every error message that quotes input (a data line, a config value, an environment variable):
// binary junk must not garble the terminal, and a long value must not bury the message.

// `text` with control bytes (C0, DEL, and the C1 controls U+0080..U+009F) and bytes that are not valid
// UTF-8 written as \xNN; printable ASCII and valid UTF-8 are kept as they are.
std::string printable(std::string_view text);

// printable() of at most the first `limit` bytes of `text` (not cutting a UTF-8 character), followed
// by "..." when it was cut.
constexpr std::size_t kQuoteLimit = 40;
std::string quoted_excerpt(std::string_view text, std::size_t limit = kQuoteLimit);

}  // namespace dlogit
