#pragma once
#include <cmath>

namespace dlogit::optim {

// Detects a run that only moves at rounding level (possible with tol = 0, or a tolerance tighter than
// the objective's precision): an iteration is stagnant when |F_new - F_old| <= 1e-10 |F_old| and the
// stationarity measure is no smaller than the best seen. `update` returns true after 50 in a row.
class StagnationGuard {
 public:
  StagnationGuard() = default;
  explicit StagnationGuard(double initial_norm) : best_norm_(initial_norm) {}
  bool update(double old_value, double new_value, double norm) {
    const bool flat = std::abs(new_value - old_value) <= 1e-10 * std::abs(old_value);
    if (flat && !(norm < best_norm_)) {
      ++count_;
    } else {
      count_ = 0;
    }
    if (norm < best_norm_) best_norm_ = norm;
    return stalled();
  }
  bool stalled() const { return count_ >= 50; }
  double best_norm() const { return best_norm_; }
  int count() const { return count_; }
  static constexpr const char* reason() {
    return "no progress possible: objective and gradient no longer change beyond rounding";
  }

  // Part of an optimizer's state (see optimizer_state.hpp).
  template <class Self, class Visitor>
  static void visit(Self& guard, Visitor& field) {
    field("best_norm", guard.best_norm_);
    field("count", guard.count_);
  }

 private:
  double best_norm_ = 0.0;
  int count_ = 0;
};

}  // namespace dlogit::optim
