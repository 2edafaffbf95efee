#pragma once
#include <cstdint>
#include <functional>
#include <streambuf>
#include <string>

namespace dlogit {

// The envelope of every binary file dlogit writes (model.bin, checkpoints):
//   magic text, format version (u32), payload size (u64), CRC-32 of the payload (u32), payload.
// Written crash-safe: a temporary file in the same folder, written in full, fsync'ed, renamed over the
// final name, then the folder fsync'ed. A crash leaves either the old file or the new one, never half.

// Streams the payload that `write_payload` puts into the streambuf it is given straight into the file:
// small pieces through a fixed buffer, big ones (a vector's values) from their own memory, the checksum
// taken as they pass; the header, whose size and checksum are known only then, is written last in
// front of them. A payload of any size thus costs no copy of it in memory.
// Throws UserError naming the file on any failure (no space, no permission, missing folder), also when
// `write_payload` throws; the temporary file is removed and an existing file at `path` is untouched.
void write_checked_file(const std::string& path, const std::string& magic, std::uint32_t version,
                        const std::function<void(std::streambuf& payload)>& write_payload);

// The same for a payload already in memory.
void write_checked_file(const std::string& path, const std::string& magic, std::uint32_t version,
                        const std::string& payload);

// The same crash-safe write (temporary file, fsync, rename, folder fsync) for any bytes, e.g. result.json.
void write_file_atomically(const std::string& path, const std::string& bytes);

struct CheckedFile {
  std::uint32_t version = 0;
  std::string payload;
};

// Throws UserError naming the file when it is missing, has another magic, is truncated or fails the
// checksum. The version is returned for the caller to check. The payload is read into memory once, at
// its final size.
CheckedFile read_checked_file(const std::string& path, const std::string& magic, const std::string& kind);

// Whether the file starts with `magic` (no other check).
bool has_magic(const std::string& path, const std::string& magic);

}  // namespace dlogit
