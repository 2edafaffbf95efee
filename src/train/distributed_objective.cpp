#include "train/distributed_objective.hpp"

#include "common/errors.hpp"
#include "train/stop_signal.hpp"

namespace dlogit::train {
namespace {

std::size_t as_size(Eigen::Index n) { return static_cast<std::size_t>(n); }

}  // namespace

DistributedObjective::DistributedObjective(comm::Communicator& comm, model::LocalObjective& local_loss,
                                           const model::Penalty& penalty, double global_rows, PhaseTimers& timers)
    : comm_(comm),
      local_loss_(local_loss),
      penalty_(penalty),
      global_rows_(global_rows),
      weights_(local_loss.parameter_count() - (local_loss.fit_intercept() ? 1 : 0)),
      timers_(timers),
      request_(as_size(local_loss.parameter_count()) + 1),
      answer_(as_size(local_loss.parameter_count()) + 2) {}

void DistributedObjective::begin_output() { update_clock_.lap(timers_.update); }
void DistributedObjective::end_output() { update_clock_.lap(timers_.output); }

void DistributedObjective::send(Request request, const Eigen::VectorXd& payload) {
  update_clock_.lap(timers_.update);
  Stopwatch watch;
  request_[0] = static_cast<double>(request);
  std::copy(payload.data(), payload.data() + payload.size(), request_.begin() + 1);
  comm_.broadcast(request_, 0);
  watch.lap(timers_.broadcast);
}

void DistributedObjective::reduce() {
  Stopwatch watch;
  answer_.back() = StopSignal::requested() ? 1.0 : 0.0;
  comm_.allreduce_sum(answer_);
  stop_requested_ = answer_.back() > 0.0;
  watch.lap(timers_.allreduce);
  timers_.comm = timers_.broadcast + timers_.allreduce;
  update_clock_ = Stopwatch();
}

double DistributedObjective::value_and_gradient(const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
  send(Request::loss_and_gradient, theta);
  Stopwatch watch;
  const Eigen::Index p = dimension();
  answer_[as_size(p)] = local_loss_.loss_and_gradient_sum(theta, answer_.data());
  timers_.evaluation_compute.push_back(watch.seconds());
  watch.lap(timers_.compute);
  reduce();
  last_theta_ = theta;

  gradient = Eigen::Map<const Eigen::VectorXd>(answer_.data(), p) / global_rows_;
  penalty_.add_smooth_gradient(theta, weights_, gradient);
  return answer_[as_size(p)] / global_rows_ + penalty_.smooth_value(theta, weights_);
}

// One curvature evaluation at θ: refreshes every rank's curvature if θ is new, sends the request with its
// payload, runs rank 0's share (local_pass writes its sum into answer_), adds up all ranks' sums and
// writes their mean into `result` (the caller adds the penalty's term).
template <class LocalPass>
void DistributedObjective::evaluate_curvature_request(Request request, const Eigen::VectorXd& theta,
                                                      const Eigen::VectorXd& payload, LocalPass&& local_pass,
                                                      Eigen::VectorXd& result) {
  refresh_curvature(theta);
  send(request, payload);
  Stopwatch watch;
  const Eigen::Index p = dimension();
  local_pass(answer_.data());
  answer_[as_size(p)] = 0.0;
  timers_.evaluation_compute.push_back(watch.seconds());
  watch.lap(timers_.compute);
  reduce();
  result = Eigen::Map<const Eigen::VectorXd>(answer_.data(), p) / global_rows_;
}

void DistributedObjective::hessian_vector(const Eigen::VectorXd& theta, const Eigen::VectorXd& v, Eigen::VectorXd& hv) {
  evaluate_curvature_request(Request::hessian_vector, theta, v,
                             [&](double* sum) { local_loss_.hessian_vector_sum(v, sum); }, hv);
  penalty_.add_smooth_hessian_vector(v, weights_, hv);
}

bool DistributedObjective::hessian_diagonal(const Eigen::VectorXd& theta, Eigen::VectorXd& diagonal) {
  if (!local_loss_.has_hessian_diagonal()) return false;  // the same objective type on every rank
  evaluate_curvature_request(Request::hessian_diagonal, theta, theta,  // the payload is not read
                             [&](double* sum) { local_loss_.hessian_diagonal_sum(sum); }, diagonal);
  penalty_.add_smooth_hessian_diagonal(weights_, diagonal);
  return true;
}

// The curvature every rank holds is from the last evaluated θ; refresh it when asked elsewhere.
void DistributedObjective::refresh_curvature(const Eigen::VectorXd& theta) {
  if (last_theta_.size() != theta.size() || last_theta_ != theta) {
    Eigen::VectorXd unused;
    value_and_gradient(theta, unused);
  }
}

void DistributedObjective::finish(bool failed) {
  if (finished_) return;
  finished_ = true;
  request_[0] = static_cast<double>(failed ? Request::abort : Request::finish);
  comm_.broadcast(request_, 0);
}

void serve(comm::Communicator& comm, model::LocalObjective& local_loss, PhaseTimers& timers) {
  const Eigen::Index p = local_loss.parameter_count();
  std::vector<double> request(as_size(p) + 1);
  std::vector<double> answer(as_size(p) + 2);  // [vector, nll, stop]
  Eigen::VectorXd point(p);
  for (;;) {
    Stopwatch watch;
    comm.broadcast(request, 0);
    watch.lap(timers.broadcast);
    const auto code = static_cast<Request>(static_cast<int>(request[0]));
    switch (code) {
      case Request::loss_and_gradient:
        std::copy(request.begin() + 1, request.end(), point.data());
        answer[as_size(p)] = local_loss.loss_and_gradient_sum(point, answer.data());
        break;
      case Request::hessian_vector:
        std::copy(request.begin() + 1, request.end(), point.data());
        local_loss.hessian_vector_sum(point, answer.data());
        answer[as_size(p)] = 0.0;
        break;
      case Request::hessian_diagonal:
        local_loss.hessian_diagonal_sum(answer.data());
        answer[as_size(p)] = 0.0;
        break;
      case Request::finish:
        return;
      case Request::abort:
        throw AgreedFailure("training stopped on rank 0", true);
      default:
        throw std::logic_error("unknown request from rank 0");
    }
    timers.evaluation_compute.push_back(watch.seconds());
    watch.lap(timers.compute);
    answer.back() = StopSignal::requested() ? 1.0 : 0.0;
    comm.allreduce_sum(answer);
    watch.lap(timers.allreduce);
    timers.comm = timers.broadcast + timers.allreduce;
  }
}

}  // namespace dlogit::train
