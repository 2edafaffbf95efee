#include "train/rank_protocol.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/errors.hpp"
#include "train/stop_signal.hpp"

namespace dlogit::train {
namespace {

std::size_t as_size(Eigen::Index n) { return static_cast<std::size_t>(n); }

}  // namespace

RankProtocol::RankProtocol(comm::Communicator& comm, model::LocalObjective& local, PhaseTimers& timers)
    : comm_(comm),
      local_(local),
      // Rank 0 starts in its own work (update); the others start waiting for its first broadcast.
      clock_(timers, comm.is_root() ? &PhaseTimers::update : &PhaseTimers::broadcast),
      request_(as_size(local.parameter_count()) + 1),
      answer_(as_size(local.parameter_count() + local.extra_sum_count()) + 2) {}

Request RankProtocol::run_request() {
  clock_.enter(&PhaseTimers::broadcast);
  comm_.broadcast(request_, 0);
  const auto code = static_cast<Request>(static_cast<int>(request_[0]));
  const double* point = request_.data() + 1;
  double* sums = answer_.data();
  double& loss = answer_[as_size(parameter_count() + local_.extra_sum_count())];
  clock_.enter(&PhaseTimers::compute);
  Stopwatch compute;
  switch (code) {
    case Request::loss_and_gradient:
      loss = local_.loss_and_gradient_sum(point, sums);
      break;
    case Request::hessian_vector:
      local_.hessian_vector_sum(point, sums);
      loss = 0.0;
      break;
    case Request::hessian_diagonal:
      local_.hessian_diagonal_sum(sums);
      loss = 0.0;
      break;
    case Request::hessian_diagonal_at:
      local_.hessian_diagonal_sum_at(point, sums);
      loss = 0.0;
      break;
    case Request::finish:
    case Request::abort:
      return code;
    default:
      throw std::logic_error("unknown request from rank 0");
  }
  clock_.timers().evaluation_compute.push_back(compute.seconds());
  clock_.enter(&PhaseTimers::allreduce);
  const double stop_flag = StopSignal::requested() ? 1.0 : 0.0;
  if (code == Request::loss_and_gradient) {
    answer_.back() = stop_flag;
    comm_.allreduce_sum(answer_);
    stop_requested_ = answer_.back() > 0.0;
  } else {
    // A curvature request has no loss and no extra sums: only [vector, stop flag] travels, the flag in
    // the slot after the vector (the extra sums are then undefined until the next gradient request).
    double& flag = answer_[as_size(parameter_count())];
    flag = stop_flag;
    comm_.allreduce_sum(answer_.data(), as_size(parameter_count()) + 1);
    stop_requested_ = flag > 0.0;
    flag = 0.0;
    loss = 0.0;
  }
  clock_.enter(comm_.is_root() ? &PhaseTimers::update : &PhaseTimers::broadcast);
  return code;
}

const double* RankProtocol::request(Request request, const Eigen::VectorXd& payload) {
  request_[0] = static_cast<double>(request);
  if (request != Request::hessian_diagonal) std::copy(payload.data(), payload.data() + payload.size(), request_.begin() + 1);
  run_request();
  return answer_.data();
}

void RankProtocol::finish(bool failed) {
  if (finished_) return;
  finished_ = true;
  request_[0] = static_cast<double>(failed ? Request::abort : Request::finish);
  comm_.broadcast(request_, 0);
}

void RankProtocol::serve() {
  for (;;) {
    switch (run_request()) {
      case Request::finish:
        return;
      case Request::abort:
        throw AgreedFailure("training stopped on rank 0", true);
      default:
        break;
    }
  }
}

}  // namespace dlogit::train
