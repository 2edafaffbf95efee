#include "optim/proximal_quasi_newton.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "optim/lbfgs_history.hpp"
#include "optim/line_search.hpp"
#include "optim/optimizer_skeleton.hpp"

namespace dlogit::optim {

namespace {
constexpr double kSufficientDecrease = 1e-4;
constexpr int kMaxBacktracks = 40;
constexpr int kMaxSweeps = 100;
// On a9a (l1, C = 1) 0.1, 0.01 and 0.001 took 247, 210 and 256 passes to a 1e-6 gap with an intercept.
constexpr double kInnerReduction = 0.01;
constexpr int kSweepsPerRound = 10;
constexpr int kMaxRounds = 30;
constexpr int kMaxFaceSteps = 20;
constexpr double kFaceRidge = 1e-10;
constexpr double kRoundingFloor = 1e-13;

using RowMajor = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// One coordinate of a model's minimization: the new value v minimizing ½a (v − u)² + b (v − u) + c|v|
// (b: the model's gradient at u, a > 0 its curvature), by soft thresholding. Adds the coordinate's
// optimality violation at u to `violation`.
inline double coordinate_minimizer(double u, double a, double b, double c, double& violation) {
  if (c == 0.0) {
    violation += std::abs(b);
    return u - b / a;
  }
  violation += u != 0.0 ? std::abs(b + (u > 0.0 ? c : -c)) : std::max(std::abs(b) - c, 0.0);
  const double z = u - b / a;
  const double shrink = c / a;
  return z > shrink ? z - shrink : z < -shrink ? z + shrink : 0.0;
}

// The inner products of the stored pairs, oldest first: SS(i, j) = s_i'D s_j, SY(i, j) = s_i'y_j. Each
// entry is always computed by the same expression, so adding pairs one by one and recomputing all of
// them on resume give the same bits.
class PairProducts {
 public:
  void rebuild(const LbfgsHistory& history, const Eigen::VectorXd& scaling) {
    scaling_ = &scaling;
    const int k = history.size();
    size(history.capacity());
    for (int j = 0; j < k; ++j) fill_column(history, j);
    count_ = k;
  }
  // After the history kept a new pair: `dropped_oldest` when the memory was full before.
  void add_newest(const LbfgsHistory& history, bool dropped_oldest) {
    const int k = history.size();
    if (dropped_oldest) {
      // Entry (i, j) takes (i + 1, j + 1), in column order: each source is read before it is written,
      // so the shift needs no temporary (an iteration allocates nothing once the memory is full).
      for (int j = 0; j + 1 < k; ++j) {
        for (int i = 0; i + 1 < k; ++i) {
          ss_(i, j) = ss_(i + 1, j + 1);
          sy_(i, j) = sy_(i + 1, j + 1);
        }
      }
    }
    fill_column(history, k - 1);
    count_ = k;
  }
  void clear() { count_ = 0; }
  int count() const { return count_; }
  const Eigen::MatrixXd& ss() const { return ss_; }
  const Eigen::MatrixXd& sy() const { return sy_; }

 private:
  void size(int capacity) {
    if (ss_.rows() != capacity) {
      ss_.setZero(capacity, capacity);
      sy_.setZero(capacity, capacity);
    }
  }
  // Column (and row) j against the pairs 0..j.
  void fill_column(const LbfgsHistory& history, int j) {
    size(history.capacity());
    for (int i = 0; i <= j; ++i) {
      ss_(i, j) = ss_(j, i) = history.s_at(i).cwiseProduct(*scaling_).dot(history.s_at(j));
      sy_(i, j) = history.s_at(i).dot(history.y_at(j));
      sy_(j, i) = history.s_at(j).dot(history.y_at(i));
    }
  }
  Eigen::MatrixXd ss_, sy_;
  const Eigen::VectorXd* scaling_ = nullptr;
  int count_ = 0;
};

class ProximalQuasiNewton final : public detail::OptimizerSkeleton {
 public:
  explicit ProximalQuasiNewton(const OptimizerOptions& options) : OptimizerSkeleton("pqn", options, true) {}

 private:
  MethodState fresh_state(Eigen::Index n) const override {
    return PqnState{Eigen::VectorXd::Ones(n), LbfgsHistory(options_.history), StagnationGuard()};
  }
  void prepare(const L1Term& l1, Eigen::Index n) override;
  double start(double /*smooth_value*/) override {
    PqnState& pqn = method_state<PqnState>();
    // The curvature cached at x_0 gives the diagonal without a data pass of its own in a test objective;
    // the distributed one makes a (counted) pass.
    if (!counted_.hessian_diagonal(state_.x, pqn.scaling)) pqn.scaling.setOnes(state_.x.size());
    // An empty column has no curvature (and its coordinate never moves); keep D positive.
    double mean = 0.0;
    for (Eigen::Index j = 0; j < pqn.scaling.size(); ++j) mean += pqn.scaling[j] > 0.0 ? pqn.scaling[j] : 0.0;
    mean = mean > 0.0 ? mean / static_cast<double>(pqn.scaling.size()) : 1.0;
    for (Eigen::Index j = 0; j < pqn.scaling.size(); ++j) {
      if (!(pqn.scaling[j] > 1e-12 * mean) || !std::isfinite(pqn.scaling[j])) pqn.scaling[j] = mean;
    }
    detail::pseudo_gradient(state_.x, state_.g, *c_, pg_);
    state_.gradient_norm = pg_.norm();
    return 0.0;
  }
  detail::IterationOutcome iterate() override;
  void release_work() override {
    for (Eigen::VectorXd* v : {&pg_, &d_, &x_new_, &g_new_, &s_new_, &y_new_}) *v = Eigen::VectorXd();
    std::vector<double>().swap(w_);
    std::vector<double>().swap(wm_);
    std::vector<double>().swap(b_diagonal_storage_);
    std::vector<double>().swap(block_);
    std::vector<double>().swap(block_d_);
    std::vector<Eigen::Index>().swap(working_set_);
    products_valid_ = false;
  }

  // Builds the model at x from the memory (or B = D without one) and minimizes it over the
  // working set into d_. Returns Δ = g'd + L1(x + d) − L1(x) (< 0 for a descent direction).
  double solve_subproblem(const LbfgsHistory& history);
  // The same with B = the exact Hessian block on the working set (in block_).
  double solve_block_subproblem();
  // Δ = g'd + L1(x + d) − L1(x) for the d_ found.
  double predicted_change() const;
  // Sets d_j so that x_j + d_j is `value` (exactly, for 0: d_j = −x_j, so that a unit step lands on 0;
  // adding the change to d_j can round back to a d_j that misses 0 by less than its last digit). Returns
  // the change of d_j.
  double move_to(Eigen::Index j, double value);
  // One sweep of coordinate descent on the block model (d_, block_d_ = H d updated); returns the model's
  // optimality violation seen during it.
  double block_sweep(double floor);
  // The exact Hessian on the working set, and its product with d_ (kept up to date by both solvers).
  Eigen::Map<const Eigen::MatrixXd> block() const {
    const auto n = static_cast<Eigen::Index>(working_set_.size());
    return Eigen::Map<const Eigen::MatrixXd>(block_.data(), n, n);
  }
  Eigen::Map<Eigen::VectorXd> block_times_d() {
    return Eigen::Map<Eigen::VectorXd>(block_d_.data(), static_cast<Eigen::Index>(block_d_.size()));
  }
  // Newton steps on the face of the current signs (free and nonzero coordinates), each as long as the
  // signs allow, until one reaches the face's minimum or kMaxFaceSteps.
  void face_newton_steps(double floor);
  void select_working_set();

  detail::BoundL1Weights c_;
  PairProducts products_;
  bool products_valid_ = false;  // products_ describe the state's memory (false after a resume)
  Eigen::VectorXd pg_, d_, x_new_, g_new_, s_new_, y_new_;
  std::vector<Eigen::Index> working_set_;
  // W and W M restricted to the working set (row-major), and B's diagonal there: std::vector keeps its
  // capacity as the working set shrinks and grows, so iterations allocate only when it outgrows it.
  std::vector<double> w_, wm_, b_diagonal_storage_;
  // The exact Hessian on the working set (column-major) and its product with d, when the objective has it.
  std::vector<double> block_, block_d_;
  std::vector<Eigen::Index> face_;  // positions in the working set
  Eigen::MatrixXd face_matrix_;
  Eigen::VectorXd face_rhs_, face_step_;
  Eigen::LDLT<Eigen::MatrixXd> face_ldlt_;
  Eigen::VectorXd wq_;
  // The compact form's middle matrix, its LU and M (2·history square), resized only while the memory fills.
  Eigen::MatrixXd middle_, m_, identity_;
  Eigen::PartialPivLU<Eigen::MatrixXd> middle_lu_;
};

void ProximalQuasiNewton::prepare(const L1Term& l1, Eigen::Index n) {
  c_.bind(l1, n);
  for (Eigen::VectorXd* v : {&pg_, &d_, &x_new_, &g_new_, &s_new_, &y_new_}) v->resize(n);
  products_valid_ = false;
  if (std::holds_alternative<PqnState>(state_.method_state) && state_.x.size() == n) {
    // A resumed state: pg at its point (start() is not called for it).
    detail::pseudo_gradient(state_.x, state_.g, *c_, pg_);
  }
}

void ProximalQuasiNewton::select_working_set() {
  const Eigen::VectorXd& x = state_.x;
  const Eigen::VectorXd& g = state_.g;
  const Eigen::VectorXd& c = *c_;
  working_set_.clear();
  for (Eigen::Index j = 0; j < x.size(); ++j) {
    if (c[j] == 0.0 || x[j] != 0.0 || std::abs(g[j]) > c[j]) working_set_.push_back(j);
  }
}

double ProximalQuasiNewton::solve_subproblem(const LbfgsHistory& history) {
  const Eigen::VectorXd& scaling = method_state<PqnState>().scaling;
  const Eigen::VectorXd& x = state_.x;
  const Eigen::VectorXd& g = state_.g;
  const Eigen::VectorXd& c = *c_;
  const int k = history.size();
  const int width = 2 * k;
  const Eigen::Index active = static_cast<Eigen::Index>(working_set_.size());

  // B = γD − W M W' with W = [γDS Y] and M = [[γ S'DS, L], [L', −E]]^-1 (L: the strictly lower part of
  // S'Y, E its diagonal), γ = y'D^-1 y / s'y of the newest pair. Without a memory, B = D.
  double gamma = 1.0;
  Eigen::MatrixXd& m = m_;
  if (k > 0) {
    const Eigen::VectorXd& y_newest = history.y_at(k - 1);
    gamma = y_newest.cwiseAbs2().cwiseQuotient(scaling).sum() / products_.sy()(k - 1, k - 1);
    Eigen::MatrixXd& middle = middle_;
    middle.setZero(width, width);
    middle.topLeftCorner(k, k) = gamma * products_.ss().topLeftCorner(k, k);
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < i; ++j) {
        middle(i, k + j) = products_.sy()(i, j);
        middle(k + j, i) = products_.sy()(i, j);
      }
      middle(k + i, k + i) = -products_.sy()(i, i);
    }
    // The same factorization and inverse as middle.partialPivLu().inverse(), in storage kept from one
    // iteration to the next.
    middle_lu_.compute(middle);
    identity_.setIdentity(width, width);
    m.noalias() = middle_lu_.solve(identity_);
  }
  w_.resize(static_cast<std::size_t>(active * width));
  wm_.resize(static_cast<std::size_t>(active * width));
  Eigen::Map<RowMajor> w(w_.data(), active, width);
  Eigen::Map<RowMajor> wm(wm_.data(), active, width);
  b_diagonal_storage_.resize(static_cast<std::size_t>(active));
  Eigen::Map<Eigen::VectorXd> b_diagonal_(b_diagonal_storage_.data(), active);
  if (k > 0) {
    for (int i = 0; i < k; ++i) {
      const Eigen::VectorXd& s = history.s_at(i);
      const Eigen::VectorXd& y = history.y_at(i);
      for (Eigen::Index r = 0; r < active; ++r) {
        w(r, i) = gamma * scaling[working_set_[r]] * s[working_set_[r]];
        w(r, k + i) = y[working_set_[r]];
      }
    }
    wm.noalias() = w * m;
    b_diagonal_ = -(w.cwiseProduct(wm)).rowwise().sum();
  } else {
    b_diagonal_.setZero();
  }
  // B_jj > 0 in exact arithmetic (every stored pair has s'y > 0); guard against rounding.
  for (Eigen::Index r = 0; r < active; ++r) {
    const double initial = gamma * scaling[working_set_[r]];
    b_diagonal_[r] += initial;
    if (!(b_diagonal_[r] > 1e-12 * initial)) b_diagonal_[r] = 1e-12 * initial;
  }

  // Cyclic coordinate descent on q(d); wq_ = W'd, so (Bd)_j = γ d_j − (WM)_j · wq_.
  d_.setZero();
  wq_.setZero(width);
  double outer_violation = 0.0;
  for (Eigen::Index r = 0; r < active; ++r) outer_violation += std::abs(pg_[working_set_[r]]);
  for (int sweep = 0; sweep < kMaxSweeps; ++sweep) {
    double violation = 0.0;
    for (Eigen::Index r = 0; r < active; ++r) {
      const Eigen::Index j = working_set_[r];
      const double a = b_diagonal_[r];
      double b = g[j] + gamma * scaling[j] * d_[j];
      if (k > 0) b -= wm.row(r).dot(wq_);
      const double delta = move_to(j, coordinate_minimizer(x[j] + d_[j], a, b, c[j], violation));
      if (delta != 0.0 && k > 0) wq_.noalias() += delta * w.row(r).transpose();
    }
    if (violation <= kInnerReduction * outer_violation) break;
  }
  return predicted_change();
}

double ProximalQuasiNewton::move_to(Eigen::Index j, double value) {
  const double before = d_[j];
  d_[j] = value - state_.x[j];
  return d_[j] - before;
}

double ProximalQuasiNewton::predicted_change() const {
  const Eigen::VectorXd& x = state_.x;
  const Eigen::VectorXd& g = state_.g;
  const Eigen::VectorXd& c = *c_;
  double change = 0.0;
  for (const Eigen::Index j : working_set_) change += g[j] * d_[j] + c[j] * (std::abs(x[j] + d_[j]) - std::abs(x[j]));
  return change;
}

double ProximalQuasiNewton::block_sweep(double floor) {
  const Eigen::VectorXd& x = state_.x;
  const Eigen::VectorXd& g = state_.g;
  const Eigen::VectorXd& c = *c_;
  const auto active = static_cast<Eigen::Index>(working_set_.size());
  const auto h = block();
  auto hd = block_times_d();
  double violation = 0.0;
  for (Eigen::Index r = 0; r < active; ++r) {
    const Eigen::Index j = working_set_[static_cast<std::size_t>(r)];
    const double a = std::max(h(r, r), floor);
    const double b = g[j] + hd[r];
    const double delta = move_to(j, coordinate_minimizer(x[j] + d_[j], a, b, c[j], violation));
    if (delta != 0.0) hd.noalias() += delta * h.col(r);
  }
  return violation;
}

void ProximalQuasiNewton::face_newton_steps(double floor) {
  const Eigen::VectorXd& x = state_.x;
  const Eigen::VectorXd& g = state_.g;
  const Eigen::VectorXd& c = *c_;
  const auto active = static_cast<Eigen::Index>(working_set_.size());
  const auto h = block();
  auto hd = block_times_d();
  const auto index = [&](Eigen::Index r) { return working_set_[static_cast<std::size_t>(r)]; };
  for (int step = 0; step < kMaxFaceSteps; ++step) {
    face_.clear();
    for (Eigen::Index r = 0; r < active; ++r) {
      if (c[index(r)] == 0.0 || x[index(r)] + d_[index(r)] != 0.0) face_.push_back(r);
    }
    const auto size = static_cast<Eigen::Index>(face_.size());
    if (size == 0) return;
    face_matrix_.resize(size, size);
    face_rhs_.resize(size);
    for (Eigen::Index a = 0; a < size; ++a) {
      const Eigen::Index r = face_[static_cast<std::size_t>(a)];
      const Eigen::Index j = index(r);
      const double u = x[j] + d_[j];
      const double sign_term = c[j] == 0.0 ? 0.0 : u > 0.0 ? c[j] : -c[j];
      face_rhs_[a] = -(g[j] + hd[r] + sign_term);
      for (Eigen::Index b = 0; b < size; ++b) face_matrix_(a, b) = h(r, face_[static_cast<std::size_t>(b)]);
      // A ridge relative to each coordinate's own curvature, so that columns ×1000 and ×1 are damped alike
      // (one absolute ridge stalled bad_w8a.t at C = 100 with intercept).
      face_matrix_(a, a) = std::max(face_matrix_(a, a), floor) * (1.0 + kFaceRidge);
    }
    face_ldlt_.compute(face_matrix_);
    face_step_ = face_ldlt_.solve(face_rhs_);
    if (face_ldlt_.info() != Eigen::Success || !face_step_.allFinite()) return;
    // The longest step <= 1 that keeps every penalized coordinate's sign; the model decreases along all
    // of it (a convex quadratic on the face, smallest at 1), and the first coordinate to reach 0 stops there.
    double t = 1.0;
    Eigen::Index blocking = -1;
    for (Eigen::Index a = 0; a < size; ++a) {
      const Eigen::Index j = index(face_[static_cast<std::size_t>(a)]);
      if (c[j] == 0.0) continue;
      const double u = x[j] + d_[j];
      const double u_new = u + face_step_[a];
      if ((u > 0.0 && u_new < 0.0) || (u < 0.0 && u_new > 0.0)) {
        const double reach = -u / face_step_[a];
        if (reach < t) {
          t = reach;
          blocking = a;
        }
      }
    }
    for (Eigen::Index a = 0; a < size; ++a) {
      const Eigen::Index r = face_[static_cast<std::size_t>(a)];
      const Eigen::Index j = index(r);
      double delta = t * face_step_[a];
      if (a == blocking) {
        delta = move_to(j, 0.0);
      } else {
        d_[j] += delta;
      }
      if (delta != 0.0) hd.noalias() += delta * h.col(r);
    }
    if (blocking < 0) return;
  }
}

double ProximalQuasiNewton::solve_block_subproblem() {
  const auto active = static_cast<Eigen::Index>(working_set_.size());
  const auto h = block();
  block_d_.assign(static_cast<std::size_t>(active), 0.0);
  // A coordinate without curvature (a column that is zero on every row with weight) would divide by 0;
  // collinear columns (one-hot groups beside the intercept) make the face's matrix singular.
  const double largest = std::max(h.diagonal().maxCoeff(), 1e-300);
  const double floor = 1e-12 * largest;
  d_.setZero();
  double outer_violation = 0.0;
  double magnitude = 0.0;  // of the terms the violation is made of: it cannot fall far below rounding of it
  for (Eigen::Index r = 0; r < active; ++r) {
    const Eigen::Index j = working_set_[static_cast<std::size_t>(r)];
    outer_violation += std::abs(pg_[j]);
    magnitude += std::abs(state_.g[j]) + (*c_)[j];
  }
  // A forcing term that shrinks with the gradient (inexact Newton): a fixed 1% made the outer iterations
  // converge only linearly on ill-conditioned problems, and left the model's dual point (which certifies
  // the next iterate, Objective::linearize_dual_from) as inexact as the model's solution. Not below the
  // rounding of the model's terms, which every round would otherwise try to reach (w8a.t: 30 rounds at 2e-18).
  const double relative_norm =
      state_.initial_norm > 0.0 ? state_.gradient_norm / state_.initial_norm : 1.0;
  const double target =
      std::max(std::min(kInnerReduction, relative_norm) * outer_violation, kRoundingFloor * magnitude);
  // Coordinate descent finds the signs; on ill-conditioned blocks (collinear or badly scaled columns) it
  // then crawls (10,000 sweeps did not reduce the violation 100-fold on bad_a9a), so Newton steps on the
  // face of the signs found finish the job exactly.
  for (int round = 0; round < kMaxRounds; ++round) {
    double violation = 0.0;
    for (int sweep = 0; sweep < kSweepsPerRound; ++sweep) {
      violation = block_sweep(floor);
      if (violation <= target) break;
    }
    if (violation <= target) break;
    // The last round ends with its sweeps, which set the coordinates whose optimum is 0 exactly.
    if (round + 1 < kMaxRounds) face_newton_steps(floor);
  }
  return predicted_change();
}

detail::IterationOutcome ProximalQuasiNewton::iterate() {
  PqnState& pqn = method_state<PqnState>();
  LbfgsHistory& history = pqn.history;
  if (!products_valid_) {
    products_.rebuild(history, pqn.scaling);
    products_valid_ = true;
  }
  Eigen::VectorXd& x = state_.x;
  Eigen::VectorXd& g = state_.g;
  const Eigen::VectorXd& c = *c_;
  const double F = state_.objective;
  const double l1_before = l1().value(x);
  const Eigen::Index n = x.size();
  select_working_set();
  static const LbfgsHistory kNoMemory(1);
  // The models in the order they are tried: the exact Hessian on the working set (when the objective has
  // it and the set is small enough), the memory's, and B = D (a proximal gradient step).
  bool have_block = false;
  // options_.hessian_block bounds the working set the exact block is asked for: the block travels as
  // |A|(|A|+1)/2 doubles in one allreduce (4 MiB at 1024), rank 0 keeps |A|² of them, and a row costs the
  // square of its nonzeros inside the set in the pass.
  if (working_set_.size() <= static_cast<std::size_t>(options_.hessian_block)) {
    block_.resize(working_set_.size() * working_set_.size());
    have_block = counted_.hessian_block(x, working_set_, block_.data());
  }

  bool accepted = false;
  bool saw_nonfinite = false;
  bool cleared = false;  // the memory failed: the iteration uses none, and it is cleared when a step is taken
  double a = 1.0;
  double F_new = 0.0;
  const int first_stage = have_block ? -1 : history.empty() ? 1 : 0;
  for (int stage = first_stage; stage <= 1 && !accepted; ++stage) {
    if (stage == 0 && history.empty()) continue;
    cleared = stage == 1 && !history.empty();
    const double delta = stage < 0    ? solve_block_subproblem()
                         : stage == 0 ? solve_subproblem(history)
                                      : solve_subproblem(kNoMemory);
    if (!(delta < 0.0) || !d_.allFinite()) continue;
    // After the exact model's step the certificate can use that model's dual point (Objective::
    // linearize_dual_from): it certifies the new point about as tightly as its true gap.
    counted_.linearize_dual_from(stage < 0 ? &x : nullptr);
    a = 1.0;
    for (int t = 0; t <= kMaxBacktracks; ++t, a *= 0.5) {
      x_new_ = x;
      for (const Eigen::Index j : working_set_) x_new_[j] += a * d_[j];
      if (x_new_ == x) break;
      const double l1_new = l1().value(x_new_);
      F_new = counted_.value_and_gradient(x_new_, g_new_) + l1_new;
      if (!std::isfinite(F_new) || !g_new_.allFinite()) {
        saw_nonfinite = true;
        continue;
      }
      if (F_new <= F + kSufficientDecrease * a * delta) {
        accepted = true;
        break;
      }
      if (std::abs(F_new - F) <= kValuePrecision * std::abs(F)) {
        // F cannot resolve the change: the trapezoid rule on the smooth part instead.
        s_new_ = x_new_ - x;
        const double estimate = 0.5 * (g + g_new_).dot(s_new_) + l1_new - l1_before;
        if (estimate <= kSufficientDecrease * a * delta) {
          accepted = true;
          break;
        }
      }
    }
  }
  counted_.linearize_dual_from(nullptr);
  if (!accepted) {
    return detail::IterationOutcome::failed(
        saw_nonfinite ? "line search failed: objective or gradient NaN/Inf along the search direction"
                      : "line search failed: no decrease along the proximal gradient direction");
  }
  if (cleared) {
    history.clear();
    products_.clear();
  }
  s_new_ = x_new_ - x;
  y_new_ = g_new_ - g;
  for (Eigen::Index i = 0; i < n; ++i) {
    if (c[i] > 0.0 && x_new_[i] == 0.0 && x[i] == 0.0) y_new_[i] = 0.0;
  }
  const bool full = history.size() == history.capacity();
  if (history.update_by_swap(s_new_, y_new_)) products_.add_newest(history, full);
  std::swap(x, x_new_);
  std::swap(g, g_new_);
  state_.objective = F_new;
  detail::pseudo_gradient(x, g, c, pg_);
  state_.gradient_norm = pg_.norm();
  return detail::IterationOutcome::moved(a);
}

}  // namespace

std::unique_ptr<Optimizer> make_proximal_quasi_newton(const OptimizerOptions& options) {
  return std::make_unique<ProximalQuasiNewton>(options);
}

}  // namespace dlogit::optim
