// dlogit's entry point: parses the command line, runs one subcommand on every rank, and turns every
// error into a message and an exit code that all ranks share (no rank is left hanging).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <string>

#include "cli/commands.hpp"
#include "comm/world.hpp"
#include "common/build_info.hpp"
#include "common/errors.hpp"
#include "common/huge_page_malloc.hpp"

namespace {

void print_error(const dlogit::comm::Communicator& comm, const char* what) {
  if (comm.size() > 1 && !comm.is_root())
    std::fprintf(stderr, "dlogit: error (rank %d): %s\n", comm.rank(), what);
  else
    std::fprintf(stderr, "dlogit: error: %s\n", what);
}

// Rank 0's exit code into the file named by DLOGIT_EXIT_CODE_FILE (set by launch/train): mpirun
// reports 1 for a job it stopped on a signal even when every rank exited 75 with a checkpoint, and the
// launcher needs the code the ranks agreed on.
int record_exit_code(const dlogit::comm::Communicator& comm, int code) {
  const char* path = std::getenv("DLOGIT_EXIT_CODE_FILE");
  if (path == nullptr || *path == '\0' || !comm.is_root()) return code;
  if (std::FILE* file = std::fopen(path, "w")) {
    std::fprintf(file, "%d\n", code);
    std::fclose(file);
  }
  return code;
}

int run(dlogit::comm::Communicator& comm, int argc, char** argv);

}  // namespace

int main(int argc, char** argv) {
  dlogit::restart_with_huge_page_malloc(argv);
  const std::unique_ptr<dlogit::comm::Communicator> world = dlogit::comm::world_communicator(&argc, &argv);
  return record_exit_code(*world, run(*world, argc, argv));
}

namespace {

int run(dlogit::comm::Communicator& comm, int argc, char** argv) {
  CLI::App app{"dlogit: L1/L2-regularized binary logistic regression, data-parallel across MPI ranks.\n"
               "Run it alone (one rank) or under mpirun; every rank takes the same arguments."};
  app.require_subcommand(1);
  const dlogit::BuildInfo& build = dlogit::build_info();
  app.set_version_flag("--version", "dlogit " + build.version + " (commit " + build.commit + ", " + build.build_type +
                                        ", " + build.compiler + ", fused passes: " + DLOGIT_PASS_ISA + ")");
  const dlogit::cli::Commands commands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Every rank parses the same arguments, so every rank stops here; only rank 0 speaks.
    if (comm.is_root()) return app.exit(e);
    return e.get_exit_code();
  }

  try {
    commands.run(comm);
    return 0;
  } catch (const dlogit::ConfigError& e) {
    if (comm.is_root()) print_error(comm, e.what());  // identical on every rank
    return dlogit::cli::kExitFailure;
  } catch (const dlogit::UserError& e) {
    print_error(comm, e.what());  // raised by the rank that found the problem
    return dlogit::cli::kExitFailure;
  } catch (const dlogit::Interrupted& e) {
    if (comm.is_root()) std::fprintf(stderr, "dlogit: %s\n", e.what());
    return dlogit::cli::kExitInterrupted;
  } catch (const dlogit::CheckpointWriteFailed& e) {
    if (comm.is_root()) std::fprintf(stderr, "dlogit: warning: %s\n", e.what());
    return dlogit::cli::kExitCheckpointFailed;
  } catch (const dlogit::AgreedFailure& e) {
    if (!e.reported_elsewhere()) print_error(comm, e.what());
    return dlogit::cli::kExitFailure;
  } catch (const std::exception& e) {
    // Unexpected and possibly on one rank only: the others may wait in a collective forever.
    print_error(comm, e.what());
    if (comm.size() > 1) comm.abort(dlogit::cli::kExitInternal);
    return dlogit::cli::kExitInternal;
  }
}

}  // namespace
