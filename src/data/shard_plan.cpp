#include "data/shard_plan.hpp"

#include <algorithm>

#include "data/byte_stream.hpp"

namespace dlogit::data {

Split choose_split(const InputSet& inputs, int ranks) {
  const bool any_compressed =
      std::any_of(inputs.files.begin(), inputs.files.end(), [](const InputFile& file) { return file.compressed(); });
  if (!any_compressed) return Split::bytes;
  return inputs.files.size() >= static_cast<std::size_t>(ranks) ? Split::whole_files : Split::decompressed_bytes;
}

std::vector<std::size_t> whole_file_starts(const InputSet& inputs, int ranks) {
  const std::size_t files = inputs.files.size();
  const auto p = static_cast<std::size_t>(ranks);
  std::vector<std::size_t> starts(p + 1, files);
  starts[0] = 0;
  for (std::size_t r = 1; r < p; ++r) {
    // Rank r starts at the first file whose middle lies past its even share of the bytes, but after
    // rank r-1's first file and early enough to leave one file to each later rank.
    const std::uint64_t target = shard_range(inputs.total_size, static_cast<int>(r), ranks).begin;
    std::size_t first = 0;
    while (first < files && inputs.files[first].offset + inputs.files[first].size / 2 < target) ++first;
    starts[r] = std::clamp(first, starts[r - 1] + 1, files - (p - r));
  }
  return starts;
}

void measure_decompressed(InputSet& inputs) {
  std::uint64_t offset = 0;
  for (InputFile& file : inputs.files) {
    if (file.compressed()) file.size = stream_size(file.path, file.compression);
    file.offset = offset;
    offset += file.size;
  }
  inputs.total_size = offset;
}

ByteRange plan_shard(InputSet& inputs, int rank, int ranks) {
  switch (choose_split(inputs, ranks)) {
    case Split::bytes: break;
    case Split::whole_files: {
      const std::vector<std::size_t> starts = whole_file_starts(inputs, ranks);
      const auto at = [&](std::size_t file) {
        return file < inputs.files.size() ? inputs.files[file].offset : inputs.total_size;
      };
      return {at(starts[static_cast<std::size_t>(rank)]), at(starts[static_cast<std::size_t>(rank) + 1])};
    }
    case Split::decompressed_bytes: measure_decompressed(inputs); break;
  }
  return shard_range(inputs.total_size, rank, ranks);
}

std::uint64_t expected_read_bytes(const InputSet& inputs, int rank, int ranks) {
  switch (choose_split(inputs, ranks)) {
    case Split::bytes: break;
    case Split::whole_files: {
      const std::vector<std::size_t> starts = whole_file_starts(inputs, ranks);
      std::uint64_t bytes = 0;
      for (std::size_t f = starts[static_cast<std::size_t>(rank)]; f < starts[static_cast<std::size_t>(rank) + 1]; ++f)
        bytes += inputs.files[f].size;
      return bytes;
    }
    case Split::decompressed_bytes:
      // The counting pass reads everything; the reading pass reads from the start of each file up to
      // the end of this rank's share.
      return inputs.total_size + shard_range(inputs.total_size, rank, ranks).end;
  }
  return shard_range(inputs.total_size, rank, ranks).size();
}

}  // namespace dlogit::data
