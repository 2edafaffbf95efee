#include "comm/communicator.hpp"

#include <algorithm>
#include <stdexcept>

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

std::vector<double> Communicator::alltoallv(const std::vector<double>& send, const std::vector<std::size_t>& offsets) {
  check_offsets(send, offsets, size());
  std::vector<double> mine;
  for (int q = 0; q < size(); ++q) {
    const auto q_index = static_cast<std::size_t>(q);
    const std::vector<double> part(send.begin() + static_cast<std::ptrdiff_t>(offsets[q_index]),
                                   send.begin() + static_cast<std::ptrdiff_t>(offsets[q_index + 1]));
    std::vector<double> received = gather(part, q);
    if (q == rank()) mine = std::move(received);
  }
  return mine;
}

void Communicator::exclusive_scan_sum(double* data, std::size_t count) {
  std::vector<double> all(count * static_cast<std::size_t>(size()));
  allgather(data, count, all.data());
  std::fill(data, data + count, 0.0);
  // Added in rank order, as MPI_Exscan's sum would be for integers; exact for counts either way.
  for (int r = 0; r < rank(); ++r) {
    for (std::size_t i = 0; i < count; ++i) data[i] += all[static_cast<std::size_t>(r) * count + i];
  }
}

void check_offsets(const std::vector<double>& send, const std::vector<std::size_t>& offsets, int ranks) {
  if (offsets.size() != static_cast<std::size_t>(ranks) + 1 || offsets.front() != 0 || offsets.back() != send.size() ||
      !std::is_sorted(offsets.begin(), offsets.end())) {
    throw std::invalid_argument("alltoallv: offsets must be size()+1 ascending positions from 0 to send.size()");
  }
}

}  // namespace dlogit::comm
