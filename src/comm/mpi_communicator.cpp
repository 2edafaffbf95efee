#include "comm/mpi_communicator.hpp"
#include "comm/mpi_library.hpp"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace dlogit::comm {
namespace {

int checked_count(std::size_t count) {
  if (count > static_cast<std::size_t>(INT_MAX)) throw std::length_error("MPI message larger than INT_MAX elements");
  return static_cast<int>(count);
}

// The largest piece one MPI_Allreduce gets. Open MPI 4 (ob1, shared memory, 2 ranks here) reduces
// 8 MiB in 1.6 ms but 32 MiB in 0.56 s and 128 MiB in 2.0 s (every algorithm of coll/tuned, each
// forced in turn, was as slow past 16 MiB), which at 2^24 features was four times the pass. In
// pieces of 8 MiB the 128 MiB gradient costs what 16 small reductions cost, and MPI's own temporary
// is at most 8 MiB instead of feature-sized. Each element is still reduced once by the same ranks,
// and the pieces are the same every call, so results do not change from one run to the next.
constexpr std::size_t kAllreducePiece = std::size_t{1} << 20;  // doubles

void allreduce_in_pieces(double* data, std::size_t count, MPI_Op op) {
  for (std::size_t done = 0; done < count; done += kAllreducePiece) {
    const std::size_t n = std::min(kAllreducePiece, count - done);
    MPI_Allreduce(MPI_IN_PLACE, data + done, checked_count(n), MPI_DOUBLE, op, MPI_COMM_WORLD);
  }
}

}  // namespace

MpiCommunicator::MpiCommunicator(int* argc, char*** argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (!initialized) MPI_Init(argc, argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiCommunicator::~MpiCommunicator() {
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (!finalized) MPI_Finalize();
}

void MpiCommunicator::allreduce_sum(double* data, std::size_t count) {
  if (size_ > 1) allreduce_in_pieces(data, count, MPI_SUM);
}

void MpiCommunicator::allreduce_max(double* data, std::size_t count) {
  if (size_ > 1) allreduce_in_pieces(data, count, MPI_MAX);
}

void MpiCommunicator::broadcast(double* data, std::size_t count, int root) {
  if (size_ > 1) MPI_Bcast(data, checked_count(count), MPI_DOUBLE, root, MPI_COMM_WORLD);
}

void MpiCommunicator::allgather(const double* send, std::size_t count, double* recv) {
  const int n = checked_count(count);
  MPI_Allgather(send, n, MPI_DOUBLE, recv, n, MPI_DOUBLE, MPI_COMM_WORLD);
}

std::vector<double> MpiCommunicator::gather(const std::vector<double>& send, int root) {
  if (size_ == 1) return send;
  const int mine = checked_count(send.size());
  std::vector<int> counts(rank_ == root ? static_cast<std::size_t>(size_) : 0);
  MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, root, MPI_COMM_WORLD);
  std::vector<int> displacements(counts.size(), 0);
  std::size_t total = 0;
  for (std::size_t r = 0; r < counts.size(); ++r) {
    displacements[r] = checked_count(total);
    total += static_cast<std::size_t>(counts[r]);
  }
  checked_count(total);
  std::vector<double> all(total);
  MPI_Gatherv(send.data(), mine, MPI_DOUBLE, all.data(), counts.data(), displacements.data(), MPI_DOUBLE, root,
              MPI_COMM_WORLD);
  return all;
}

std::vector<double> MpiCommunicator::alltoallv(const std::vector<double>& send, const std::vector<std::size_t>& offsets) {
  check_offsets(send, offsets, size_);
  if (size_ == 1) return send;
  const auto ranks = static_cast<std::size_t>(size_);
  std::vector<int> send_counts(ranks), send_displacements(ranks), receive_counts(ranks), receive_displacements(ranks);
  for (std::size_t q = 0; q < ranks; ++q) {
    send_counts[q] = checked_count(offsets[q + 1] - offsets[q]);
    send_displacements[q] = checked_count(offsets[q]);
  }
  MPI_Alltoall(send_counts.data(), 1, MPI_INT, receive_counts.data(), 1, MPI_INT, MPI_COMM_WORLD);
  std::size_t total = 0;
  for (std::size_t q = 0; q < ranks; ++q) {
    receive_displacements[q] = checked_count(total);
    total += static_cast<std::size_t>(receive_counts[q]);
  }
  checked_count(total);
  std::vector<double> received(total);
  MPI_Alltoallv(send.data(), send_counts.data(), send_displacements.data(), MPI_DOUBLE, received.data(),
                receive_counts.data(), receive_displacements.data(), MPI_DOUBLE, MPI_COMM_WORLD);
  return received;
}

void MpiCommunicator::exclusive_scan_sum(double* data, std::size_t count) {
  if (size_ > 1) {
    std::vector<double> sums(count, 0.0);
    MPI_Exscan(data, sums.data(), checked_count(count), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    // MPI leaves rank 0's result undefined; it is the empty sum.
    if (rank_ == 0) std::fill(sums.begin(), sums.end(), 0.0);
    std::copy(sums.begin(), sums.end(), data);
  } else {
    std::fill(data, data + count, 0.0);
  }
}

MpiLibrary mpi_library() {
  MpiLibrary library;
#if defined(OMPI_MAJOR_VERSION)
  library.compiled = "Open MPI " + std::to_string(OMPI_MAJOR_VERSION) + "." + std::to_string(OMPI_MINOR_VERSION) + "." +
                     std::to_string(OMPI_RELEASE_VERSION);
#else
  library.compiled = "MPI " + std::to_string(MPI_VERSION) + "." + std::to_string(MPI_SUBVERSION);
#endif
  char text[MPI_MAX_LIBRARY_VERSION_STRING] = {};
  int length = 0;
  if (MPI_Get_library_version(text, &length) == MPI_SUCCESS) {
    text[MPI_MAX_LIBRARY_VERSION_STRING - 1] = '\0';
    const std::string full(text);
    library.runtime = full.substr(0, full.find_first_of("\r\n"));
  }
  return library;
}

void MpiCommunicator::abort(int exit_code) {
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);
}

}  // namespace dlogit::comm
