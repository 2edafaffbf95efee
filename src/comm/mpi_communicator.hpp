#pragma once
#include "comm/communicator.hpp"

namespace dlogit::comm {

// Owns MPI_Init/MPI_Finalize for the process (construct once, in main) and implements the
// collectives on MPI_COMM_WORLD.
class MpiCommunicator final : public Communicator {
 public:
  // The vector and single-value conveniences of the base class stay visible.
  using Communicator::allreduce_max;
  using Communicator::allreduce_sum;
  using Communicator::broadcast;
  using Communicator::exclusive_scan_sum;

  MpiCommunicator(int* argc, char*** argv);
  ~MpiCommunicator() override;
  MpiCommunicator(const MpiCommunicator&) = delete;
  MpiCommunicator& operator=(const MpiCommunicator&) = delete;

  int rank() const override { return rank_; }
  int size() const override { return size_; }
  void allreduce_sum(double* data, std::size_t count) override;
  void allreduce_max(double* data, std::size_t count) override;
  void broadcast(double* data, std::size_t count, int root) override;
  void allgather(const double* send, std::size_t count, double* recv) override;
  std::vector<double> gather(const std::vector<double>& send, int root) override;
  std::vector<double> alltoallv(const std::vector<double>& send, const std::vector<std::size_t>& offsets) override;
  void exclusive_scan_sum(double* data, std::size_t count) override;
  [[noreturn]] void abort(int exit_code) override;

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace dlogit::comm
