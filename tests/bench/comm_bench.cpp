// Times dlogit's two collectives, allreduce (sum) and broadcast of doubles, for message sizes from 8 B
// to 64 MiB on however many ranks it is started on; prints CSV (op,ranks,bytes,repeats,median_s,min_s)
// on rank 0. launch/scale --comm runs it and fits latency and bandwidth terms to the output.
// Usage: launch/mpirun N build/tests/bench/dlogit_comm_bench [--max-bytes B] [--budget SECONDS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "comm/mpi_communicator.hpp"

namespace {

double now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

// The slowest rank's time of one call: every rank starts together (a one-value allreduce as a barrier)
// and the maximum over ranks is what an iteration of dlogit waits for.
template <class Call>
double timed(dlogit::comm::Communicator& comm, Call call) {
  comm.allreduce_max(0.0);
  const double start = now();
  call();
  return comm.allreduce_max(now() - start);
}

}  // namespace

int main(int argc, char** argv) {
  dlogit::comm::MpiCommunicator comm(&argc, &argv);
  std::size_t max_bytes = std::size_t{64} << 20;
  double budget = 0.5;  // seconds per (op, size) point, at least 3 repeats
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--max-bytes") == 0 && i + 1 < argc) {
      max_bytes = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--budget") == 0 && i + 1 < argc) {
      budget = std::atof(argv[++i]);
    } else {
      if (comm.is_root())
        std::fprintf(stderr,
                     "usage: dlogit_comm_bench [--max-bytes B (default 67108864)] [--budget SECONDS per point "
                     "(default 0.5)]\nTimes allreduce and broadcast of doubles from 8 B to B bytes; CSV on stdout.\n");
      return std::strcmp(argv[i], "--help") == 0 ? 0 : 2;
    }
  }
  if (comm.is_root()) std::printf("op,ranks,bytes,repeats,median_s,min_s\n");
  std::vector<double> buffer(max_bytes / sizeof(double), 1.0);
  for (std::size_t bytes = sizeof(double); bytes <= max_bytes; bytes *= 2) {
    const std::size_t count = bytes / sizeof(double);
    for (const char* op : {"allreduce", "broadcast"}) {
      const bool allreduce = op[0] == 'a';
      const auto call = [&] {
        if (allreduce)
          comm.allreduce_sum(buffer.data(), count);
        else
          comm.broadcast(buffer.data(), count, 0);
      };
      call();  // warm-up: first-touch and connection set-up
      std::vector<double> times;
      double spent = 0.0;
      // Every rank must agree on the repeat count: rank 0's running total decides, shared by broadcast.
      for (double more = 1.0; more > 0.0;) {
        const double seconds = timed(comm, call);
        times.push_back(seconds);
        spent += seconds;
        more = times.size() < 3 || (spent < budget && times.size() < 1000) ? 1.0 : 0.0;
        comm.broadcast(&more, 1, 0);
      }
      std::sort(times.begin(), times.end());
      if (comm.is_root())
        std::printf("%s,%d,%zu,%zu,%.9g,%.9g\n", op, comm.size(), bytes, times.size(), times[times.size() / 2],
                    times.front());
      std::fflush(stdout);
    }
  }
  return 0;
}
