// dlogit_crc_bench [MB]: the checksum's speed over a buffer of MB megabytes (default 512, well past the
// cache), Boost's bytewise CRC-32 (what dlogit used before) against dlogit::crc32 (slice-by-8): the
// median of 5 runs each, in MB/s. Both must give the same checksum.
#include <boost/crc.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "common/crc32.hpp"

namespace {

template <class Work>
double median_seconds(Work&& work) {
  std::vector<double> times;
  for (int run = 0; run < 5; ++run) {
    const auto start = std::chrono::steady_clock::now();
    work();
    times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(times.begin(), times.end());
  return times[2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t megabytes = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 512;
  std::vector<unsigned char> buffer(megabytes << 20);
  std::mt19937_64 random(1);
  for (auto& byte : buffer) byte = static_cast<unsigned char>(random());
  std::uint32_t bytewise = 0, sliced = 0;
  const double old_seconds = median_seconds([&] {
    boost::crc_32_type crc;
    crc.process_bytes(buffer.data(), buffer.size());
    bytewise = crc.checksum();
  });
  const double new_seconds = median_seconds([&] { sliced = dlogit::crc32(buffer.data(), buffer.size()); });
  std::printf("buffer %zu MB\nboost::crc_32_type (bytewise): %.0f MB/s\ndlogit::crc32 (slice-by-8):    %.0f MB/s\n",
              megabytes, static_cast<double>(megabytes) / old_seconds, static_cast<double>(megabytes) / new_seconds);
  if (bytewise != sliced) {
    std::fprintf(stderr, "checksums differ: %08x and %08x\n", bytewise, sliced);
    return 1;
  }
  return 0;
}
