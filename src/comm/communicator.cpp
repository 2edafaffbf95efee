#include "comm/communicator.hpp"

#include <algorithm>

namespace dlogit::comm {

std::vector<double> Communicator::gather(const std::vector<double>& send, int root) {
  const std::size_t ranks = static_cast<std::size_t>(size());
  std::vector<double> sizes(ranks);
  const double mine = static_cast<double>(send.size());
  allgather(&mine, 1, sizes.data());
  const std::size_t width = static_cast<std::size_t>(*std::max_element(sizes.begin(), sizes.end()));
  std::vector<double> padded(width, 0.0);
  std::copy(send.begin(), send.end(), padded.begin());
  std::vector<double> blocks(width * ranks);
  allgather(padded.data(), width, blocks.data());
  std::vector<double> all;
  if (rank() != root) return all;
  for (std::size_t r = 0; r < ranks; ++r) {
    const auto begin = blocks.begin() + static_cast<std::ptrdiff_t>(r * width);
    all.insert(all.end(), begin, begin + static_cast<std::ptrdiff_t>(sizes[r]));
  }
  return all;
}

}  // namespace dlogit::comm
