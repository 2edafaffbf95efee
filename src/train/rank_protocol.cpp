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
      request_(as_size(local.parameter_count()) + 2),
      answer_(as_size(local.parameter_count() + local.extra_sum_count()) + 2) {}

Request RankProtocol::run_request() {
  clock_.enter(&PhaseTimers::broadcast);
  comm_.broadcast(request_, 0);
  const auto code = static_cast<Request>(static_cast<int>(request_[0]));
  if (code == Request::hessian_block_at) return run_block_request();
  if (code == Request::loss_and_gradient_linearized) return run_linearized_request();
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
  if (code == Request::loss_and_gradient) {
    sum_with_stop_flag(answer_.data(), as_size(parameter_count() + local_.extra_sum_count()) + 2);
  } else {
    // A curvature request has no loss and no extra sums: only [vector, stop flag] travels, the flag in
    // the slot after the vector (the extra sums are then undefined until the next gradient request).
    sum_with_stop_flag(answer_.data(), as_size(parameter_count()) + 1);
    answer_[as_size(parameter_count())] = 0.0;
    loss = 0.0;
  }
  return code;
}

void RankProtocol::sum_with_stop_flag(double* data, std::size_t count) {
  clock_.enter(&PhaseTimers::allreduce);
  double& flag = data[count - 1];
  flag = StopSignal::requested() ? 1.0 : 0.0;
  comm_.allreduce_sum(data, count);
  stop_requested_ = flag > 0.0;
  clock_.enter(comm_.is_root() ? &PhaseTimers::update : &PhaseTimers::broadcast);
}

Request RankProtocol::run_block_request() {
  const auto count = static_cast<std::size_t>(request_.back());
  block_request_.resize(count);
  comm_.broadcast(block_request_, 0);
  block_set_.resize(count);
  for (std::size_t a = 0; a < count; ++a) block_set_[a] = static_cast<Eigen::Index>(block_request_[a]);
  const std::size_t packed = count * (count + 1) / 2;
  block_answer_.resize(packed + 1);
  clock_.enter(&PhaseTimers::compute);
  Stopwatch compute;
  local_.hessian_block_sum_at(request_.data() + 1, block_set_.data(), static_cast<Eigen::Index>(count),
                              block_answer_.data());
  clock_.timers().evaluation_compute.push_back(compute.seconds());
  sum_with_stop_flag(block_answer_.data(), block_answer_.size());
  return Request::hessian_block_at;
}

Request RankProtocol::run_linearized_request() {
  step_.resize(as_size(parameter_count()));
  comm_.broadcast(step_, 0);
  const std::size_t sums = as_size(parameter_count() + local_.extra_sum_count());
  answer_.resize(2 * sums + 2);
  clock_.enter(&PhaseTimers::compute);
  Stopwatch compute;
  answer_[sums] = local_.loss_and_gradient_sum_linearized(request_.data() + 1, step_.data(), answer_.data(),
                                                          answer_.data() + sums + 1);
  clock_.timers().evaluation_compute.push_back(compute.seconds());
  sum_with_stop_flag(answer_.data(), answer_.size());
  return Request::loss_and_gradient_linearized;
}

const double* RankProtocol::request_linearized(const Eigen::VectorXd& theta, const Eigen::VectorXd& step) {
  request_[0] = static_cast<double>(Request::loss_and_gradient_linearized);
  std::copy(theta.data(), theta.data() + theta.size(), request_.begin() + 1);
  step_.assign(step.data(), step.data() + step.size());
  run_request();
  return answer_.data();
}

const double* RankProtocol::request_hessian_block(const Eigen::VectorXd& theta, const std::vector<Eigen::Index>& set) {
  request_[0] = static_cast<double>(Request::hessian_block_at);
  std::copy(theta.data(), theta.data() + theta.size(), request_.begin() + 1);
  request_.back() = static_cast<double>(set.size());
  block_request_.resize(set.size());
  for (std::size_t a = 0; a < set.size(); ++a) block_request_[a] = static_cast<double>(set[a]);
  run_request();
  return block_answer_.data();
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
