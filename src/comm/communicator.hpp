#pragma once
#include <cstddef>
#include <vector>

namespace dlogit::comm {

// The only view of the other ranks that the rest of dlogit has. src/comm/mpi_communicator.cpp is the
// only file that includes <mpi.h>; SerialCommunicator runs everything in one process for tests.
// All calls are collective: every rank must make the same calls in the same order.
class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  virtual void allreduce_sum(double* data, std::size_t count) = 0;
  virtual void allreduce_max(double* data, std::size_t count) = 0;
  virtual void broadcast(double* data, std::size_t count, int root) = 0;
  // recv holds count values from each rank, rank 0 first (size() * count in all).
  virtual void allgather(const double* send, std::size_t count, double* recv) = 0;
  // Variable-size gather: every rank sends its own count (0 allowed); `root` returns all values in rank
  // order (rank 0's first), the other ranks an empty vector. The default goes through allgather (sizes,
  // then padded blocks), so any implementation has it; SerialCommunicator and MpiCommunicator override it.
  virtual std::vector<double> gather(const std::vector<double>& send, int root);
  // Personalized exchange: this rank sends send[offsets[q], offsets[q+1]) to rank q (offsets holds size()+1
  // ascending positions, the last one send.size()) and returns what every rank sent it, rank 0's part
  // first. The default is one gather per destination; MpiCommunicator uses MPI_Alltoallv.
  virtual std::vector<double> alltoallv(const std::vector<double>& send, const std::vector<std::size_t>& offsets);
  // Exclusive prefix sum: data[i] becomes the sum of data[i] over the ranks below this one (zeros on
  // rank 0), e.g. where this rank's rows start among all rows of each label. The default goes through
  // allgather, so any implementation has it; MpiCommunicator uses MPI_Exscan. Counts are exact up to 2^53.
  virtual void exclusive_scan_sum(double* data, std::size_t count);
  // Last resort when ranks can no longer agree (an unexpected exception on one rank): ends every rank.
  [[noreturn]] virtual void abort(int exit_code) = 0;

  bool is_root() const { return rank() == 0; }
  double allreduce_sum(double value) { allreduce_sum(&value, 1); return value; }
  double allreduce_max(double value) { allreduce_max(&value, 1); return value; }
  void allreduce_sum(std::vector<double>& values) { allreduce_sum(values.data(), values.size()); }
  void broadcast(std::vector<double>& values, int root) { broadcast(values.data(), values.size(), root); }
  void exclusive_scan_sum(std::vector<double>& values) { exclusive_scan_sum(values.data(), values.size()); }
};

// Throws std::invalid_argument unless `offsets` splits `send` into `ranks` parts (for alltoallv).
void check_offsets(const std::vector<double>& send, const std::vector<std::size_t>& offsets, int ranks);

// One rank, no MPI: every collective is the identity.
class SerialCommunicator final : public Communicator {
 public:
  // The vector and single-value conveniences of the base class stay visible.
  using Communicator::allreduce_max;
  using Communicator::allreduce_sum;
  using Communicator::broadcast;
  using Communicator::exclusive_scan_sum;

  int rank() const override { return 0; }
  int size() const override { return 1; }
  void allreduce_sum(double*, std::size_t) override {}
  void allreduce_max(double*, std::size_t) override {}
  void broadcast(double*, std::size_t, int) override {}
  void allgather(const double* send, std::size_t count, double* recv) override;
  std::vector<double> gather(const std::vector<double>& send, int root) override;
  void exclusive_scan_sum(double* data, std::size_t count) override;  // zeros: no rank below
  [[noreturn]] void abort(int exit_code) override;
};

}  // namespace dlogit::comm
