#include "train/provenance.hpp"

#include <unistd.h>

#include <CLI/Version.hpp>
#include <Eigen/Core>
#include <boost/version.hpp>
#include <chrono>
#include <climits>
#include <ctime>

#include "comm/mpi_library.hpp"
#include "comm/text_gather.hpp"
#include "common/build_info.hpp"
#include "common/checked_file.hpp"
#include "common/sha256.hpp"
#include "config/resolved_config.hpp"
#include "config/toml_include.hpp"

namespace dlogit::train {
namespace {

std::string host_name() {
  char name[HOST_NAME_MAX + 1] = {};
  if (gethostname(name, sizeof name - 1) != 0) return "unknown";
  return name;
}

}  // namespace

LibraryVersions library_versions() {
  LibraryVersions versions;
  const comm::MpiLibrary mpi = comm::mpi_library();
  versions.mpi = mpi.compiled;
  versions.mpi_runtime = mpi.runtime;
  versions.eigen = std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                   std::to_string(EIGEN_MINOR_VERSION);
  versions.boost = std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "." +
                   std::to_string(BOOST_VERSION % 100);
  versions.tomlplusplus = std::to_string(TOML_LIB_MAJOR) + "." + std::to_string(TOML_LIB_MINOR) + "." +
                          std::to_string(TOML_LIB_PATCH);
  versions.cli11 = CLI11_VERSION;
  versions.openssl = crypto_library_version();
  return versions;
}

std::string utc_iso8601(long long seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm utc{};
  gmtime_r(&time, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

RunProvenance run_provenance(const config::Config& config, comm::Communicator& comm, int threads) {
  RunProvenance provenance;
  const BuildInfo& build = build_info();
  provenance.version = build.version;
  provenance.commit = build.commit;
  provenance.build_type = build.build_type;
  provenance.compiler = build.compiler;
  provenance.cxx_flags = build.cxx_flags;
  provenance.pass_flags = build.pass_flags;
  provenance.avx2 = build.avx2;
  provenance.march_native = build.march_native;
  provenance.libraries = library_versions();
  provenance.ranks = comm.size();
  provenance.threads = threads;
  provenance.start_time = utc_iso8601(std::chrono::duration_cast<std::chrono::seconds>(
                                          std::chrono::system_clock::now().time_since_epoch())
                                          .count());
  provenance.hosts = comm::gather_text(comm, host_name(), 0);
  provenance.config_toml = config::resolved_toml(config);
  provenance.config_sha256 = sha256_hex(provenance.config_toml);
  config::ResolvedOptions model_keys;
  model_keys.model_keys_only = true;
  provenance.model.version = build.version;
  provenance.model.commit = build.commit;
  provenance.model.config_sha256 = sha256_hex(config::resolved_toml(config, model_keys));
  return provenance;
}

void write_config_toml(const RunProvenance& provenance, const std::string& dir) {
  write_file_atomically(dir + "/config.toml", provenance.config_toml);
}

}  // namespace dlogit::train
