#include <catch2/catch.hpp>
#include <vector>

#include "comm/communicator.hpp"

TEST_CASE("the serial communicator is one rank whose collectives are the identity") {
  dlogit::comm::SerialCommunicator comm;
  CHECK(comm.rank() == 0);
  CHECK(comm.size() == 1);
  CHECK(comm.is_root());
  std::vector<double> values{1.5, -2.0};
  comm.allreduce_sum(values);
  comm.broadcast(values, 0);
  CHECK(values == std::vector<double>{1.5, -2.0});
  CHECK(comm.allreduce_max(3.0) == 3.0);
  std::vector<double> gathered(2);
  comm.allgather(values.data(), 2, gathered.data());
  CHECK(gathered == values);
  CHECK(comm.gather(values, 0) == values);
  CHECK(comm.gather({}, 0).empty());
}

TEST_CASE("the serial communicator's exclusive scan is the empty sum") {
  dlogit::comm::SerialCommunicator comm;
  std::vector<double> counts{4.0, 7.0};
  comm.exclusive_scan_sum(counts);
  CHECK(counts == std::vector<double>{0.0, 0.0});
}
