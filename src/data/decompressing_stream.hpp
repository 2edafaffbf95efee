#pragma once
#include <memory>
#include <string>

#include "data/byte_stream.hpp"

namespace dlogit::data {

// A ByteStream over a gzip, bzip2 or xz file (`compression` is not none), decoded with zlib, libbz2
// or liblzma. Concatenated streams (pigz, pbzip2, `cat a.gz b.gz`) are read as one; zero bytes after the
// last gzip or bzip2 stream (block padding) are ignored. A file that ends inside a stream throws
// InputError "... is a truncated <format> stream", bad data "... is a corrupt <format> stream (why)".
std::unique_ptr<ByteStream> open_decompressing_stream(const std::string& path, Compression compression);

}  // namespace dlogit::data
