#pragma once
#include <cstddef>
#include <string>

namespace dlogit::data {

// How a data file is stored. Told by its first bytes, never by its name: a part file of a pipeline
// ("part-00000") or a renamed download is read the same way as "a9a.xz".
enum class Compression { none, gzip, bzip2, xz };

// "gzip", "bzip2", "xz" (and "plain" for none), as messages name them.
const char* compression_name(Compression compression);

// The compression whose magic bytes start `bytes` (gzip 1f 8b, bzip2 "BZh" and a block size digit,
// xz fd 37 7a 58 5a 00); none for anything else, including too few bytes.
Compression detect_compression(const unsigned char* bytes, std::size_t size);

// The compression of the file at `path`, from its first bytes; none when it cannot be read (the
// reader that opens it reports that).
Compression detect_file_compression(const std::string& path);

}  // namespace dlogit::data
