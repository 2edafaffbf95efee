#include "train/run_setup.hpp"

#include "comm/agreement.hpp"
#include "config/stopping_rules.hpp"
#include "model/losses.hpp"
#include "train/input_paths.hpp"
#include "train/output_dir.hpp"

namespace dlogit::train {

RunSetup set_up_run(const config::Config& config, comm::Communicator& comm, const Console& console) {
  prepare_output_dir(config.output.dir, comm);
  // The default checkpoint folder is inside output.dir; one set elsewhere is checked before loading too.
  if (config.checkpoint.dir) prepare_output_dir(*config.checkpoint.dir, comm, "checkpoint.dir");
  // Held until the run returns: a second training into these folders is refused from here on.
  RunLocks locks = lock_run_folders(config, comm, console);
  check_input_paths(config, comm);
  // Every rank reads its own environment (the same under SLURM); a bad variable fails before loading.
  const ThreadCount threads = comm::on_every_rank(comm, "runtime.threads could not be resolved on another rank", [&] {
    return resolve_threads(config.runtime.threads, process_environment());
  });
  RunProvenance provenance = run_provenance(config, comm, threads.threads);
  comm::on_root(comm, "rank 0 failed", [&] { write_config_toml(provenance, config.output.dir); });
  return RunSetup{std::move(locks), threads, std::move(provenance)};
}

std::unique_ptr<model::LocalObjective> training_objective(const config::Config& config, const data::Dataset& rows,
                                                          int threads) {
  auto local = model::logistic_loss().make_local_objective(rows, config.model.fit_intercept, threads, nullptr);
  // Only the Newton method's Hessian passes read kept per-row curvature. pqn's one diagonal (at x_0, for
  // its initial matrix) computes its curvature in its own pass (DistributedObjective::hessian_diagonal).
  local->keep_curvature(config.resolved_method() == config::Method::newton);
  local->keep_dual_terms(config::certificate_wanted(config));
  return local;
}

}  // namespace dlogit::train
