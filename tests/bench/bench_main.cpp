// dlogit_bench: how close the fused passes come to the machine's memory bandwidth, how fast the
// parsers are, and what one gradient allreduce costs. Run it with launch/bench (one or more ranks).
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "comm/mpi_communicator.hpp"
#include "data/dataset_loader.hpp"
#include "data/shard_cache.hpp"
#include "model/losses.hpp"

namespace {

using dlogit::data::Dataset;
using Clock = std::chrono::steady_clock;

double seconds_of(const std::function<void()>& work) {
  const auto start = Clock::now();
  work();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

double median_seconds(int repeats, const std::function<void()>& work) {
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) times.push_back(seconds_of(work));
  return median(times);
}

// Single-core read bandwidth: a streaming sum over 64-bit words (integer adds vectorize without
// -ffast-math), four independent accumulators so the adds never wait on each other.
double read_bandwidth(std::size_t bytes, int repeats) {
  std::vector<std::uint64_t> words(bytes / sizeof(std::uint64_t));
  for (std::size_t i = 0; i < words.size(); ++i) words[i] = i * 2654435761u;
  volatile std::uint64_t sink = 0;
  const double t = median_seconds(repeats, [&] {
    std::uint64_t a = 0, b = 0, c = 0, d = 0;
    const std::uint64_t* p = words.data();
    const std::size_t n = words.size();
    for (std::size_t i = 0; i + 4 <= n; i += 4) {
      a += p[i];
      b += p[i + 1];
      c += p[i + 2];
      d += p[i + 3];
    }
    sink = sink + a + b + c + d;
  });
  return static_cast<double>(words.size() * sizeof(std::uint64_t)) / t;
}

Eigen::VectorXd random_targets(Eigen::Index rows, std::mt19937_64& engine) {
  Eigen::VectorXd y(rows);
  for (Eigen::Index i = 0; i < rows; ++i) y[i] = static_cast<double>(engine() & 1u);
  return y;
}

Dataset dense_shard(std::size_t bytes, int features, std::mt19937_64& engine) {
  const auto rows = static_cast<Eigen::Index>(bytes / (sizeof(double) * static_cast<std::size_t>(features + 1)));
  std::normal_distribution<double> normal(0.0, 1.0);
  dlogit::data::DenseStorage storage;
  storage.values64.resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(features));
  for (double& v : storage.values64) v = normal(engine);
  return Dataset(std::move(storage), features, random_targets(rows, engine));
}

// Rows of `per_row` distinct increasing columns out of `features`; values normal, or all 1 when binary.
Dataset sparse_shard(std::size_t bytes, int features, int per_row, bool binary, std::mt19937_64& engine) {
  const std::size_t row_bytes = static_cast<std::size_t>(per_row) * (sizeof(int) + sizeof(double)) + 16;
  const auto rows = static_cast<Eigen::Index>(bytes / row_bytes);
  std::normal_distribution<double> normal(0.0, 1.0);
  dlogit::data::SparseStorage storage;
  storage.offsets.reserve(static_cast<std::size_t>(rows) + 1);
  storage.columns.reserve(static_cast<std::size_t>(rows * per_row));
  storage.values64.reserve(static_cast<std::size_t>(rows * per_row));
  const int stride = features / per_row;
  for (Eigen::Index i = 0; i < rows; ++i) {
    for (int k = 0; k < per_row; ++k) {  // one column in each band of `stride`: distinct and increasing
      storage.columns.push_back(k * stride + static_cast<int>(engine() % static_cast<std::uint64_t>(stride)));
      storage.values64.push_back(binary ? 1.0 : normal(engine));
    }
    storage.offsets.push_back(static_cast<int>(storage.columns.size()));
  }
  return Dataset(std::move(storage), features, random_targets(rows, engine));
}

struct PassSpeed {
  double gradient_bytes_per_second;
  double hessian_bytes_per_second;
};

// Bytes per second of the shard as stored (rows and targets; the Hessian pass reads the curvature
// instead of the targets, the same size).
PassSpeed pass_speed(const Dataset& shard, int threads, int repeats) {
  dlogit::model::LogisticObjective loss(shard, true, threads);
  Eigen::VectorXd theta = Eigen::VectorXd::Constant(loss.parameter_count(), 0.01);
  Eigen::VectorXd out(loss.parameter_count());
  loss.loss_and_gradient_sum(theta.data(), out.data());  // warm: pages touched, curvature written
  const double g = median_seconds(repeats, [&] { loss.loss_and_gradient_sum(theta.data(), out.data()); });
  const double h = median_seconds(repeats, [&] { loss.hessian_vector_sum(theta.data(), out.data()); });
  const auto bytes = static_cast<double>(shard.memory_bytes());
  return {bytes / g, bytes / h};
}

void write_libsvm(const Dataset& shard, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  const auto& s = shard.sparse_storage();
  char buffer[64];
  for (Eigen::Index i = 0; i < shard.local_rows(); ++i) {
    out << (shard.targets()[i] > 0 ? "+1" : "-1");
    for (int k = s.offsets[static_cast<std::size_t>(i)]; k < s.offsets[static_cast<std::size_t>(i) + 1]; ++k) {
      const auto at = static_cast<std::size_t>(k);
      const double v = s.values64.empty() ? 1.0 : s.values64[at];
      std::snprintf(buffer, sizeof buffer, " %d:%.6g", s.columns[at] + 1, v);
      out << buffer;
    }
    out << '\n';
  }
}

void write_csv(const Dataset& shard, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  const auto& d = shard.dense_storage().values64;
  char buffer[64];
  for (Eigen::Index i = 0; i < shard.local_rows(); ++i) {
    out << (shard.targets()[i] > 0 ? "1" : "0");
    for (Eigen::Index j = 0; j < shard.features(); ++j) {
      std::snprintf(buffer, sizeof buffer, ",%.6g", d[static_cast<std::size_t>(i * shard.features() + j)]);
      out << buffer;
    }
    out << "\r\n";
  }
}

// Seconds to load `path` on every rank (each its byte range), the slowest rank's; median of repeats.
double load_seconds(dlogit::comm::Communicator& comm, const dlogit::data::LoadOptions& options, int repeats) {
  std::vector<double> times;
  for (int r = 0; r < repeats; ++r) {
    const auto start = Clock::now();
    const Dataset shard = dlogit::data::load_dataset(options, comm);
    times.push_back(comm.allreduce_max(std::chrono::duration<double>(Clock::now() - start).count()));
  }
  return median(times);
}

}  // namespace

int main(int argc, char** argv) {
  dlogit::comm::MpiCommunicator comm(&argc, &argv);
  CLI::App app{"dlogit_bench: memory bandwidth of the fused passes, parse throughput and allreduce time.\n"
               "Run it with launch/bench; under mpirun the parse and allreduce parts use every rank."};
  // 0: sized from the last-level cache (past_cache_mb), so that the bandwidth and the pass ratios are
  // memory figures, not cache ones.
  std::size_t shard_mb = 0;
  std::size_t bandwidth_mb = 0;
  std::size_t parse_mb = 64;
  int repeats = 7;
  int threads = 1;
  std::string data_dir = DLOGIT_DATASETS_DIR;
  std::string scratch = std::filesystem::temp_directory_path().string();
  app.add_option("--shard-mb", shard_mb,
                 "size of each synthetic shard in MiB, as float64 (default 0: max(2048, 4 x the last-level cache))")
      ->capture_default_str();
  app.add_option("--bandwidth-mb", bandwidth_mb,
                 "size of the read-bandwidth array in MiB (default 0: max(2048, 4 x the last-level cache))")
      ->capture_default_str();
  app.add_option("--parse-mb", parse_mb, "size of the generated shards behind the parse files, MiB")
      ->capture_default_str();
  app.add_option("--repeats", repeats, "runs of each measurement; the median is printed")->capture_default_str();
  app.add_option("--threads", threads, "threads in the passes (runtime.threads)")->capture_default_str();
  app.add_option("--data-dir", data_dir, "folder with a9a.svm for the real-file parse")->capture_default_str();
  app.add_option("--scratch", scratch, "folder for the generated text files")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return comm.is_root() ? app.exit(e) : e.get_exit_code();
  }
  const bool root = comm.is_root();
  const long llc_bytes = sysconf(_SC_LEVEL3_CACHE_SIZE);
  const std::size_t cache_mb = llc_bytes > 0 ? static_cast<std::size_t>(llc_bytes) >> 20 : 0;
  const std::size_t past_cache_mb = std::max<std::size_t>(2048, 4 * cache_mb);
  if (shard_mb == 0) shard_mb = past_cache_mb;
  if (bandwidth_mb == 0) bandwidth_mb = past_cache_mb;
  const std::size_t shard_bytes = shard_mb << 20;
  std::mt19937_64 engine(42);

  if (root) {
    std::printf("dlogit_bench: %d rank(s), %d thread(s) per pass, median of %d runs\n", comm.size(), threads, repeats);
    if (cache_mb > 0)
      std::printf("last-level cache: %zu MiB (sysconf L3); bandwidth array %zu MiB, shards %zu MiB as float64%s\n",
                  cache_mb, bandwidth_mb, shard_mb,
                  std::min(bandwidth_mb, shard_mb) < 4 * cache_mb ? " (under 4x the cache: partly cache figures)" : "");
    else
      std::printf("last-level cache: unknown (sysconf L3 gives none); bandwidth array %zu MiB, shards %zu MiB as float64\n",
                  bandwidth_mb, shard_mb);
    // A cache-sized array beside it: how far the streaming figure would be off without the memory-sized one.
    const double cached = read_bandwidth(std::size_t{16} << 20, 4 * repeats);
    const double bandwidth = read_bandwidth(bandwidth_mb << 20, repeats);
    std::printf("\nsingle-core read bandwidth (streaming sum over %zu MiB): %.2f GB/s  (over 16 MiB, in cache: %.2f GB/s)\n\n",
                bandwidth_mb, bandwidth / 1e9, cached / 1e9);
    std::printf("%-34s %10s %12s %8s %12s %8s\n", "fused pass over a shard", "shard MB", "loss+grad", "ratio",
                "Hv", "ratio");
    struct Kind {
      const char* name;
      std::function<Dataset()> make;
      dlogit::data::StorageOptions::Values values;
    };
    using Values = dlogit::data::StorageOptions::Values;
    const std::vector<Kind> kinds = {
        {"dense 100 cols, float64", [&] { return dense_shard(shard_bytes, 100, engine); }, Values::float64},
        {"dense 100 cols, float32", [&] { return dense_shard(shard_bytes, 100, engine); }, Values::float32},
        {"sparse 20/1000 cols, float64", [&] { return sparse_shard(shard_bytes, 1000, 20, false, engine); }, Values::float64},
        {"sparse 20/1000 cols, float32", [&] { return sparse_shard(shard_bytes, 1000, 20, false, engine); }, Values::float32},
        {"sparse binary 20/1000, implicit 1", [&] { return sparse_shard(shard_bytes, 1000, 20, true, engine); }, Values::automatic},
    };
    for (const Kind& kind : kinds) {
      Dataset shard = kind.make();
      dlogit::data::StorageOptions storage;
      storage.values = kind.values;
      shard.compact(storage);
      const PassSpeed speed = pass_speed(shard, threads, repeats);
      std::printf("%-34s %10.1f %8.2f GB/s %8.2f %8.2f GB/s %8.2f\n", kind.name,
                  static_cast<double>(shard.memory_bytes()) / 1e6, speed.gradient_bytes_per_second / 1e9,
                  speed.gradient_bytes_per_second / bandwidth, speed.hessian_bytes_per_second / 1e9,
                  speed.hessian_bytes_per_second / bandwidth);
    }
  }

  // Parse throughput: every rank reads its byte range of the same file, as in training.
  std::vector<double> sizes(2, 0.0);
  const std::string libsvm_path = scratch + "/dlogit_bench.svm";
  const std::string csv_path = scratch + "/dlogit_bench.csv";
  if (root) {
    // Parse speed is about the text, not the memory: a shard past the cache would only lengthen the run.
    write_libsvm(sparse_shard(parse_mb << 20, 1000, 20, false, engine), libsvm_path);
    write_csv(dense_shard(parse_mb << 20, 50, engine), csv_path);
    sizes = {static_cast<double>(std::filesystem::file_size(libsvm_path)),
             static_cast<double>(std::filesystem::file_size(csv_path))};
  }
  comm.broadcast(sizes, 0);
  const double per_rank = 1e6 * comm.size();
  dlogit::data::LoadOptions libsvm;
  libsvm.path = libsvm_path;
  const double libsvm_seconds = load_seconds(comm, libsvm, repeats);
  dlogit::data::LoadOptions csv;
  csv.path = csv_path;
  csv.format = dlogit::data::Format::csv;
  const double csv_seconds = load_seconds(comm, csv, repeats);
  // The shard cache: the first load parses and writes each rank's file, the timed ones read it.
  dlogit::data::LoadOptions cached = libsvm;
  cached.cache_dir = scratch + "/dlogit_bench_cache";
  const std::int64_t cached_bytes = dlogit::data::load_dataset(cached, comm).memory_bytes();
  const double cache_seconds = load_seconds(comm, cached, repeats);
  const double cache_bytes = comm.allreduce_sum(static_cast<double>(
      std::filesystem::file_size(dlogit::data::shard_cache_path(*cached.cache_dir, cached.path, comm.rank(), comm.size()))));
  dlogit::data::LoadOptions a9a;
  a9a.path = data_dir + "/a9a.svm";
  const bool have_a9a = std::filesystem::exists(a9a.path);
  const double a9a_seconds = have_a9a ? load_seconds(comm, a9a, repeats) : 0.0;
  if (root) {
    std::printf("\nparse throughput per rank (file in the page cache; load_dataset end to end)\n");
    std::printf("  LIBSVM, real values  %7.1f MB file  %8.1f MB/s per rank\n", sizes[0] / 1e6,
                sizes[0] / per_rank / libsvm_seconds);
    std::printf("  CSV (CRLF)           %7.1f MB file  %8.1f MB/s per rank\n", sizes[1] / 1e6,
                sizes[1] / per_rank / csv_seconds);
    if (have_a9a) {
      const auto a9a_bytes = static_cast<double>(std::filesystem::file_size(a9a.path));
      std::printf("  LIBSVM, a9a.svm      %7.1f MB file  %8.1f MB/s per rank\n", a9a_bytes / 1e6,
                  a9a_bytes / per_rank / a9a_seconds);
    }
    std::printf("  shard cache (LIBSVM) %7.1f MB files %8.1f MB/s per rank (cache bytes), %.1f MB/s of source text\n",
                cache_bytes / 1e6, cache_bytes / per_rank / cache_seconds, sizes[0] / per_rank / cache_seconds);
    std::printf("  (shard in memory: %.1f MB on rank 0)\n", static_cast<double>(cached_bytes) / 1e6);
  }
  comm.allreduce_max(0.0);  // every rank has read its cache file before rank 0 removes the folder
  if (root) {
    std::filesystem::remove(libsvm_path);
    std::filesystem::remove(csv_path);
    std::filesystem::remove_all(*cached.cache_dir);
  }

  // One allreduce of the gradient (plus the objective), as dlogit sends it each evaluation.
  if (root) std::printf("\nMPI_Allreduce of the gradient (%d ranks; median of 200)\n", comm.size());
  for (const std::size_t features : {55ul, 124ul, 301ul, 100000ul, 1000000ul}) {
    std::vector<double> buffer(features + 2, 1.0);
    std::vector<double> times;
    comm.allreduce_sum(buffer);  // warm-up
    for (int r = 0; r < 200; ++r) {
      const auto start = Clock::now();
      comm.allreduce_sum(buffer);
      times.push_back(std::chrono::duration<double>(Clock::now() - start).count());
    }
    const double t = comm.allreduce_max(median(times));
    if (root) std::printf("  %8zu doubles  %10.2f us\n", features + 2, t * 1e6);
  }
  return 0;
}
