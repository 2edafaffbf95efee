#pragma once
#include <Eigen/Dense>
#include <vector>

#include "comm/communicator.hpp"
#include "model/local_objective.hpp"
#include "model/penalty.hpp"
#include "optim/objective.hpp"
#include "train/timers.hpp"

namespace dlogit::train {

// The request protocol between rank 0 (which runs the optimizer) and the other ranks (which only
// evaluate). Every request is one broadcast from rank 0 of [code, payload...] with the payload
// θ (loss and gradient) or v (Hessian-vector product at the last θ; unused for the Hessian diagonal);
// every evaluation answer is one allreduce of [Σ gradient, Σ Hv or Σ diagonal; Σ nll; Σ stop flags]. No optimizer code runs on the other ranks.
// The stop flags (SIGTERM/SIGINT seen on a rank) ride in the allreduce that happens anyway, so all
// ranks learn of a signal at the next evaluation without an extra collective.
enum class Request : int { loss_and_gradient = 1, hessian_vector = 2, finish = 3, abort = 4, hessian_diagonal = 5 };

// Rank 0's view of J(θ) = NLL/m + smooth part of R(w), summed over all ranks' shards.
// The non-smooth L1 part is handed to the optimizers separately (Penalty::l1_weights).
class DistributedObjective final : public optim::Objective {
 public:
  DistributedObjective(comm::Communicator& comm, model::LocalObjective& local_loss, const model::Penalty& penalty,
                       double global_rows, PhaseTimers& timers);

  Eigen::Index dimension() const override { return local_loss_.parameter_count(); }
  double value_and_gradient(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) override;
  void hessian_vector(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, Eigen::VectorXd& hv) override;
  bool hessian_diagonal(const Eigen::VectorXd& theta, Eigen::VectorXd& diagonal) override;

  // Releases the other ranks from serve(); `failed` makes them raise AgreedFailure.
  void finish(bool failed);
  // Whether any rank had received SIGTERM/SIGINT as of the last evaluation.
  bool stop_requested() const { return stop_requested_; }

  // The optimizer's time between evaluations counts as `update`, except what the driver brackets with
  // these two calls (printing, checkpoints), which counts as `output`.
  void begin_output();
  void end_output();
  void restart_update_clock() { update_clock_ = Stopwatch(); }
  // Evaluations (broadcast + allreduce round trips) so far: an index into timers.evaluation_compute.
  long evaluations() const { return static_cast<long>(timers_.evaluation_compute.size()); }

 private:
  void send(Request request, const Eigen::VectorXd& payload);
  void refresh_curvature(const Eigen::VectorXd& theta);
  template <class LocalPass>
  void evaluate_curvature_request(Request request, const Eigen::VectorXd& theta, const Eigen::VectorXd& payload,
                                  LocalPass&& local_pass, Eigen::VectorXd& result);
  void reduce();

  comm::Communicator& comm_;
  model::LocalObjective& local_loss_;
  model::Penalty penalty_;
  double global_rows_;
  Eigen::Index weights_;
  PhaseTimers& timers_;
  std::vector<double> request_;  // [code, payload]
  std::vector<double> answer_;   // [vector, nll, stop]
  Eigen::VectorXd last_theta_;   // where every rank's cached curvature was computed
  Stopwatch update_clock_;       // since the end of the last evaluation (or output)
  bool finished_ = false;
  bool stop_requested_ = false;
};

// The other ranks' side of the protocol: evaluate what rank 0 asks for until it says finish.
// Throws AgreedFailure when rank 0 aborts.
void serve(comm::Communicator& comm, model::LocalObjective& local_loss, PhaseTimers& timers);

// Collective: both sides of the protocol. Rank 0 calls drive(objective) on a DistributedObjective over
// `penalty` and then releases the other ranks; if drive throws, rank 0 makes them raise AgreedFailure and
// rethrows. The other ranks serve() until rank 0 is done.
template <class Drive>
void drive_on_root_or_serve(comm::Communicator& comm, model::LocalObjective& local_loss, const model::Penalty& penalty,
                            double global_rows, PhaseTimers& timers, Drive&& drive) {
  if (comm.is_root()) {
    DistributedObjective objective(comm, local_loss, penalty, global_rows, timers);
    try {
      drive(objective);
    } catch (...) {
      objective.finish(true);
      throw;
    }
    objective.finish(false);
  } else {
    serve(comm, local_loss, timers);
  }
}

}  // namespace dlogit::train
