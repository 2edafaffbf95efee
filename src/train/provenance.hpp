#pragma once
// What produced a run, for result.json's "provenance", model.bin and the run folder's config.toml.
#include <string>
#include <vector>

#include "comm/communicator.hpp"
#include "config/config.hpp"
#include "model/trained_model.hpp"

namespace dlogit::train {

struct LibraryVersions {
  std::string mpi;          // compiled against (mpi.h)
  std::string mpi_runtime;  // MPI_Get_library_version's first line
  std::string eigen;
  std::string boost;
  std::string tomlplusplus;
  std::string cli11;
  std::string openssl;  // the libcrypto that takes the config's SHA-256
};

struct RunProvenance {
  std::string version;
  std::string commit;
  std::string build_type;
  std::string compiler;
  std::string cxx_flags;
  std::string pass_flags;
  bool avx2 = false;
  bool march_native = false;
  LibraryVersions libraries;
  int ranks = 1;
  int threads = 1;                // per rank (rank 0's)
  std::vector<std::string> hosts;  // every rank's host name, rank 0 first (rank 0 only)
  std::string start_time;         // UTC, ISO 8601: 2026-12-06T02:14:52Z
  std::string config_toml;        // the resolved config (config/resolved_config.hpp): config.toml's text
  std::string config_sha256;      // of config_toml: `sha256sum config.toml`
  model::ModelProvenance model;   // what model.bin keeps: version, commit, SHA-256 of the model keys
};

LibraryVersions library_versions();

// "2026-12-06T02:14:52Z" for `seconds` since the epoch.
std::string utc_iso8601(long long seconds);

// Collective (the host names are gathered to rank 0): the provenance of a run of `config` started now,
// with `threads` pass threads per rank. Relative paths of the config are resolved against the working
// directory.
RunProvenance run_provenance(const config::Config& config, comm::Communicator& comm, int threads);

// Writes `provenance.config_toml` to DIR/config.toml (crash-safe).
void write_config_toml(const RunProvenance& provenance, const std::string& dir);

}  // namespace dlogit::train
