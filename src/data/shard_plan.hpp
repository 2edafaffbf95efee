#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/byte_range.hpp"
#include "data/input_files.hpp"

namespace dlogit::data {

// How the ranks share the input. In every case rank r's lines are one contiguous run in global
// (file, line) order, after rank r-1's: row weights, predictions and row ids rely on it.
enum class Split {
  // All files plain: each rank owns a byte range of the concatenated files (shard_range) and the lines
  // that start in it. A plain file can be entered anywhere, so any rank count splits any file.
  bytes,
  // Some file compressed and at least as many files as ranks (a glob of parts): each rank reads a
  // contiguous run of whole files, the runs balanced by size on disk. No file is read twice.
  whole_files,
  // Some file compressed and fewer files than ranks: a stream cannot be entered in the middle, so each
  // rank first decompresses every compressed file to count its text's bytes (measure_decompressed),
  // then splits the text as `bytes` does, decompressing from the start of a file up to its share.
  decompressed_bytes,
};

Split choose_split(const InputSet& inputs, int ranks);

// For `whole_files`: the index of each rank's first file, and the file count last (ranks + 1 entries,
// non-decreasing, every rank at least one file). The same on every rank.
std::vector<std::size_t> whole_file_starts(const InputSet& inputs, int ranks);

// Replaces each compressed file's size by the size of its decompressed text (decompressing all of
// it), and the offsets and total to match. Throws InputError naming a truncated or corrupt file.
void measure_decompressed(InputSet& inputs);

// The range of the concatenated input whose lines are rank `rank`'s (see LineSource). For
// `decompressed_bytes`, measures `inputs` first (so they then hold the text's sizes).
ByteRange plan_shard(InputSet& inputs, int rank, int ranks);

// About how many bytes rank `rank` will take from the files for plan_shard and its reading, before
// anything is read (for LoadProgress).
std::uint64_t expected_read_bytes(const InputSet& inputs, int rank, int ranks);

}  // namespace dlogit::data
