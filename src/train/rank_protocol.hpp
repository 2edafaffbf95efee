#pragma once
#include <Eigen/Dense>
#include <vector>

#include "comm/communicator.hpp"
#include "model/local_objective.hpp"
#include "train/timers.hpp"

namespace dlogit::train {

// What rank 0 can ask every rank for. Rank 0 runs the optimizer; every rank, rank 0 included, evaluates.
// hessian_diagonal uses the curvature kept by the last gradient pass; hessian_diagonal_at computes it at
// its payload θ in the pass itself (LocalObjective::hessian_diagonal_sum_at); hessian_block_at computes the
// Hessian block on a set of parameters at θ (LocalObjective::hessian_block_sum_at).
enum class Request : int {
  loss_and_gradient = 1,
  hessian_vector = 2,
  finish = 3,
  abort = 4,
  hessian_diagonal = 5,
  hessian_diagonal_at = 6,
  hessian_block_at = 7,
  loss_and_gradient_linearized = 8
};

// How ranks agree on a value: one function, run_request(), that every rank runs for every request.
// It is one broadcast from rank 0 of [code, payload] (θ for loss_and_gradient and hessian_diagonal_at, v
// for hessian_vector, unused for hessian_diagonal), this rank's pass over its own rows, and one allreduce of
// [Σ vector; Σ extra sums of the loss; Σ loss; Σ stop flags] (curvature requests: [Σ vector; Σ stop flags]).
// A Hessian block request sends its set's size in the first broadcast and the set in a second one, and
// sums [packed block; stop flags] instead. A linearized gradient request sends its step in a second
// broadcast and sums the second dual point's [vector; extra sums] before the stop flags. Rank 0 is a worker that also fills the request. The stop
// flags (SIGTERM/SIGINT seen on a rank) ride in that allreduce, so all ranks learn of a signal at the
// next evaluation without an extra collective.
//
// The protocol is also where time is kept: its PhaseClock charges broadcast, compute and allreduce,
// and logs every evaluation's compute seconds (the imbalance breakdown of result.json).
class RankProtocol {
 public:
  RankProtocol(comm::Communicator& comm, model::LocalObjective& local, PhaseTimers& timers);

  Eigen::Index parameter_count() const { return local_.parameter_count(); }
  bool fit_intercept() const { return local_.fit_intercept(); }
  bool has_hessian_diagonal() const { return local_.has_hessian_diagonal(); }
  bool has_hessian_block() const { return local_.has_hessian_block(); }

  // Rank 0: runs `request` at `payload` (parameter_count() values; ignored for hessian_diagonal) on every
  // rank and returns the summed vector; loss_sum() is the summed loss (0 for curvature requests).
  const double* request(Request request, const Eigen::VectorXd& payload);
  // Rank 0: the Hessian block at θ on `set` (ascending parameter indices) from every rank, summed: its
  // lower triangle packed by rows (LocalObjective::hessian_block_sum_at), set.size()(set.size()+1)/2 values.
  const double* request_hessian_block(const Eigen::VectorXd& theta, const std::vector<Eigen::Index>& set);
  bool has_linearized_dual() const { return local_.has_linearized_dual(); }
  // Rank 0: a loss_and_gradient request at θ that also sums the dual point linearized from θ − step
  // (LocalObjective::loss_and_gradient_sum_linearized); sums(), loss_sum() and extra_sums() as for
  // loss_and_gradient, linearized_sums() the second point's [vector; extra sums].
  const double* request_linearized(const Eigen::VectorXd& theta, const Eigen::VectorXd& step);
  const double* linearized_sums() const {
    return answer_.data() + parameter_count() + local_.extra_sum_count() + 1;
  }
  // Rank 0: releases the other ranks from serve(); `failed` makes them throw AgreedFailure. Once.
  void finish(bool failed);
  // The other ranks: answer rank 0's requests until it finishes; AgreedFailure when it aborts.
  void serve();

  // The summed vector of the last request (what request() returned).
  const double* sums() const { return answer_.data(); }
  double loss_sum() const { return answer_[static_cast<std::size_t>(parameter_count() + local_.extra_sum_count())]; }
  // The extra sums of the last request if it was loss_and_gradient (LocalObjective::extra_sum_count();
  // undefined after a curvature request).
  const double* extra_sums() const { return answer_.data() + parameter_count(); }
  // Whether any rank had received SIGTERM/SIGINT as of the last request.
  bool stop_requested() const { return stop_requested_; }
  // Requests evaluated so far (an index into timers.evaluation_compute).
  long evaluations() const { return static_cast<long>(clock_.timers().evaluation_compute.size()); }
  PhaseClock& clock() { return clock_; }
  const PhaseClock& clock() const { return clock_; }

 private:
  Request run_request();
  Request run_block_request();
  Request run_linearized_request();
  // The allreduce that ends every request: data[count - 1] carries this rank's stop flag in and the
  // summed flags out (stop_requested()); the clock charges it to allreduce, then to what follows.
  void sum_with_stop_flag(double* data, std::size_t count);  // the rest of run_request() for hessian_block_at

  comm::Communicator& comm_;
  model::LocalObjective& local_;
  PhaseClock clock_;
  // Both are exchanged in place (a broadcast into the buffer the pass reads θ from, an allreduce with
  // MPI_IN_PLACE over the buffer the pass writes): the exchange has no other feature-sized buffer.
  std::vector<double> request_;  // [code, payload, size of a Hessian block's set]
  std::vector<double> answer_;   // [vector, extra sums, loss, (linearized vector, extra sums,) stop]
  std::vector<double> step_;     // a linearized request's step
  // A Hessian block request's set (as sent, and as indices) and its answer [packed block, stop]; they keep
  // their capacity from one request to the next.
  std::vector<double> block_request_;
  std::vector<Eigen::Index> block_set_;
  std::vector<double> block_answer_;
  bool finished_ = false;
  bool stop_requested_ = false;
};

// Collective: rank 0 calls drive(protocol) and then releases the other ranks; if drive throws, rank 0
// makes them throw AgreedFailure and rethrows. The other ranks serve until rank 0 is done.
template <class Drive>
void drive_on_root_serve_elsewhere(comm::Communicator& comm, model::LocalObjective& local, PhaseTimers& timers,
                                   Drive&& drive) {
  RankProtocol protocol(comm, local, timers);
  if (!comm.is_root()) {
    protocol.serve();
    return;
  }
  try {
    drive(protocol);
  } catch (...) {
    protocol.finish(true);
    throw;
  }
  protocol.finish(false);
}

}  // namespace dlogit::train
