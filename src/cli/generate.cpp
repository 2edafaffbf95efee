#include "cli/generate.hpp"

#include <cstdio>

#include "common/errors.hpp"
#include "common/output_target.hpp"
#include "data/synthetic.hpp"
#include "eval/ordered_write.hpp"
#include "train/data_options.hpp"

namespace dlogit::cli {

void run_generate(const config::Config& config, const std::string& output, bool test_rows, comm::Communicator& comm) {
  const config::SyntheticConfig& synthetic = config.synthetic;
  if (!synthetic.rows) throw ConfigError(config.source + ": dlogit generate needs [data.synthetic] with rows = N");
  if (test_rows && !synthetic.test_rows)
    throw ConfigError(config.source + ": --test needs data.synthetic.test_rows");
  // The same rows `dlogit train` generates from this config, in the LIBSVM layout.
  const data::SyntheticOptions options = test_rows ? train::synthetic_test_options(config) : train::synthetic_options(config);
  const data::Dataset rows = data::generate_dataset(options, comm);
  eval::write_in_rank_order(output, data::libsvm_lines(rows), comm);
  if (comm.is_root()) {
    std::fprintf(is_standard_output(output) ? stderr : stdout, "wrote %s: %lld rows, %lld features (train with data.features = %lld), labels 0/1\n", output.c_str(),
                static_cast<long long>(options.rows), static_cast<long long>(options.features),
                static_cast<long long>(options.features));
  }
}

}  // namespace dlogit::cli
