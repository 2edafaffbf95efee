#pragma once
#include <optional>
#include <string>

#include "data/dataset.hpp"
#include "data/input_files.hpp"
#include "data/load_options.hpp"

namespace dlogit::data {

// The binary shard cache (data.cache): after a parse each rank saves its shard, in its final layout and
// with the facts the ranks agreed on, to one file; a later run with the same key reads it back instead
// of parsing. The key names everything the shard depends on: each source file's path, size and
// modification time, the rank count and rank, and every load option. A 64-bit checksum covers the file.

// The key text for this rank's shard of `inputs` loaded with `options`.
std::string shard_cache_key(const LoadOptions& options, const InputSet& inputs, int rank, int ranks);

// <dir>/<source file name>-<hash of the source path>.<rank>of<ranks>.shard
std::string shard_cache_path(const std::string& dir, const std::string& source, int rank, int ranks);

// The cached shard, or nothing: `problem` is empty when there is no file, otherwise why the file
// cannot be used (stale: another key; corrupt: truncated or a checksum mismatch).
std::optional<Dataset> read_shard_cache(const std::string& path, const std::string& key, std::string& problem);

// Writes to a temporary file and renames it into place; creates the folder. Throws UserError.
void write_shard_cache(const std::string& path, const std::string& key, const Dataset& shard);

}  // namespace dlogit::data
