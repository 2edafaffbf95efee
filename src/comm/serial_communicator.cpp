#include <algorithm>
#include <cstdlib>

#include "comm/communicator.hpp"

namespace dlogit::comm {

void SerialCommunicator::allgather(const double* send, std::size_t count, double* recv) {
  std::copy(send, send + count, recv);
}

std::vector<double> SerialCommunicator::gather(const std::vector<double>& send, int) { return send; }

void SerialCommunicator::exclusive_scan_sum(double* data, std::size_t count) { std::fill(data, data + count, 0.0); }

void SerialCommunicator::abort(int exit_code) { std::_Exit(exit_code); }

}  // namespace dlogit::comm
