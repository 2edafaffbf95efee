// dlogit_pass_bench: the value-and-gradient pass at high dimension (issue 14). One synthetic shard per
// number of features (data.synthetic's rows: uniform random columns, N(0,1) values), the same rows and
// nonzeros each time, so only the size of the vectors that the pass gathers θ from and scatters the
// gradient into changes. Prints ns per nonzero (median of --repeats) and the ratio to the first size.
//
// Variants, interleaved within each repeat so that a noisy neighbour hits them alike:
//   engine       LogisticObjective as dlogit runs it, θ and gradient in std::vector (4 KiB pages)
//   engine+huge  the same on HugePageVector (2 MiB pages, huge_pages.hpp)
//   ahead=0      the control for the next: the same pass compiled here, without prefetch
//   ahead=R      the engine's pass over a view that prefetches row i+R's columns (θ while computing
//                margins, the gradient while scattering) — rows, not nonzeros: R=2 is 40 nonzeros here
//   ahead=R+huge the same on 2 MiB pages
// The prefetch variants compile the pass in pass_bench_kernels.cpp with the pass flags, as losses.cpp
// does (and, like it, allocate and free nothing: with -mavx2, Eigen frees with another alignment).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "data/synthetic.hpp"
#include "huge_pages.hpp"
#include "model/losses.hpp"
#include "pass_bench_kernels.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using dlogit::HugePageVector;

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

// The process's anonymous memory on transparent huge pages (kB), to show that the madvise took.
long long anon_huge_kb() {
  std::ifstream in("/proc/self/smaps_rollup");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("AnonHugePages:", 0) == 0) return std::stoll(line.substr(14));
  }
  return -1;
}

std::vector<long long> parse_sizes(const std::string& list) {
  std::vector<long long> sizes;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) sizes.push_back(static_cast<long long>(std::stod(item)));
  return sizes;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dlogit_pass_bench: ns per nonzero of the value-and-gradient pass against the number of features"};
  std::string features_list = "1e5,1e6,1e7,16777216";
  long long rows = 1000000;
  int per_row = 20;
  int repeats = 5;
  bool prefetch = false;
  app.add_option("--features", features_list, "comma-separated feature counts")->capture_default_str();
  app.add_option("--rows", rows, "rows of the shard")->capture_default_str();
  app.add_option("--nonzeros", per_row, "stored entries per row")->capture_default_str();
  app.add_option("--repeats", repeats, "passes of each variant; the median is printed")->capture_default_str();
  app.add_flag("--prefetch", prefetch, "also time the software-prefetch variants");
  CLI11_PARSE(app, argc, argv);

  struct Variant {
    std::string name;
    bool huge;
    std::function<double(const dlogit::data::Dataset&, const double*, double*)> pass;
  };
  std::unique_ptr<dlogit::model::LocalObjective> objective;
  const auto engine = [&](const dlogit::data::Dataset&, const double* theta, double* gradient) {
    return objective->loss_and_gradient_sum(theta, gradient);
  };
  std::vector<Variant> variants = {{"engine", false, engine}, {"engine+huge", true, engine}};
  if (prefetch) {
    variants.push_back({"ahead=0", false, prefetching_pass_0});
    variants.push_back({"ahead=1", false, prefetching_pass_1});
    variants.push_back({"ahead=2", false, prefetching_pass_2});
    variants.push_back({"ahead=4", false, prefetching_pass_4});
    variants.push_back({"ahead=0+huge", true, prefetching_pass_0});
    variants.push_back({"ahead=1+huge", true, prefetching_pass_1});
    variants.push_back({"ahead=2+huge", true, prefetching_pass_2});
    variants.push_back({"ahead=4+huge", true, prefetching_pass_4});
  }

  std::printf("rows %lld, %d nonzeros per row, 1 thread, median of %d passes (ns per nonzero; ratio to the first size)\n",
              rows, per_row, repeats);
  std::vector<double> first(variants.size(), 0.0);
  for (const long long features : parse_sizes(features_list)) {
    dlogit::data::SyntheticOptions options;
    options.rows = rows;
    options.features = features;
    options.density = static_cast<double>(per_row) / static_cast<double>(features);
    options.storage.values = dlogit::data::StorageOptions::Values::float64;
    const dlogit::data::Dataset shard = dlogit::data::synthetic_rows(options, 0, rows);
    const double nonzeros = static_cast<double>(shard.sparse_storage().columns.size());
    objective = dlogit::model::logistic_loss().make_local_objective(shard, true, 1, nullptr);
    objective->keep_curvature(false);  // as lbfgs/owlqn run it
    const auto n = static_cast<std::size_t>(features + 1);
    std::vector<double> theta(n), gradient(n + 1);
    HugePageVector<double> huge_theta(n), huge_gradient(n + 1);
    for (std::size_t j = 0; j < n; ++j) theta[j] = huge_theta[j] = 0.01 * static_cast<double>(j % 7) - 0.03;
    std::vector<std::vector<double>> times(variants.size());
    std::vector<double> losses(variants.size());
    for (int r = 0; r < repeats + 1; ++r) {  // the first round touches the pages and is not counted
      for (std::size_t v = 0; v < variants.size(); ++v) {
        const double* t = variants[v].huge ? huge_theta.data() : theta.data();
        double* g = variants[v].huge ? huge_gradient.data() : gradient.data();
        const double s = seconds_of([&] { losses[v] = variants[v].pass(shard, t, g); });
        if (r > 0) times[v].push_back(s);
      }
    }
    for (std::size_t v = 0; v < variants.size(); ++v) {
      const double ns = median(times[v]) / nonzeros * 1e9;
      if (first[v] == 0.0) first[v] = ns;
      std::printf("features %10lld  %-13s %7.2f ns/nnz  x%5.2f  (pass %.3f s, loss %.6f)\n", features,
                  variants[v].name.c_str(), ns, ns / first[v], median(times[v]), losses[v]);
    }
    // What one rank of two holds (the first half of the rows): the share of features its rows touch,
    // which is what a sparse exchange could leave out.
    std::vector<char> touched(static_cast<std::size_t>(features), 0);
    const auto& s = shard.sparse_storage();
    for (int k = 0; k < s.offsets[static_cast<std::size_t>(rows / 2)]; ++k) touched[static_cast<std::size_t>(s.columns[static_cast<std::size_t>(k)])] = 1;
    const double share = static_cast<double>(std::count(touched.begin(), touched.end(), 1)) / static_cast<double>(features);
    std::printf("features %10lld  rows [0, %lld) touch %.1f%% of the features\n", features, rows / 2, 100.0 * share);
    std::printf("features %10lld  anonymous memory on huge pages: %lld MB\n", features, anon_huge_kb() / 1024);
    std::fflush(stdout);
  }
  return 0;
}
