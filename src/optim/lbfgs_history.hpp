#pragma once
// The L-BFGS memory: the last m pairs s_k = x_{k+1} - x_k, y_k = g_{k+1} - g_k, and the two-loop
// recursion that applies the implied inverse-Hessian approximation to a vector (Nocedal & Wright,
// Algorithm 7.4), with the initial matrix H0 = (s'y / y'y) I from the newest pair.
#include <vector>

#include <Eigen/Dense>

namespace dlogit::optim {

class LbfgsHistory {
 public:
  explicit LbfgsHistory(int capacity);

  // Stores the pair unless it carries no usable curvature: skipped (returns false) when
  // s'y <= 1e-10 ||s|| ||y|| or any of s, y, s'y is not finite.
  bool update(const Eigen::VectorXd& s, const Eigen::VectorXd& y);
  // The same test and the same pair, stored by swapping storage instead of copying: when the pair is
  // kept, s and y come back holding the storage of the pair it replaced (the oldest, once the memory
  // is full; empty before), for the caller to write the next pair into. A rejected pair leaves s and
  // y as they were. Each slot is allocated once per run, so a full memory allocates nothing.
  bool update_by_swap(Eigen::VectorXd& s, Eigen::VectorXd& y);
  // The pair s = x_new - x, y = g_new - g, tested and written straight into its slot: no vectors of
  // the caller's for it. The same bits as update(x_new - x, g_new - g) (Eigen reduces an expression
  // and a stored vector in the same order).
  bool update(const Eigen::VectorXd& x_new, const Eigen::VectorXd& x, const Eigen::VectorXd& g_new,
              const Eigen::VectorXd& g);

  // Writes H v into `out` (H: the inverse Hessian approximation; the identity when empty). `out` must
  // not be `v`; it is resized only when its size differs.
  void apply_inverse(const Eigen::VectorXd& v, Eigen::VectorXd& out) const;
  Eigen::VectorXd apply_inverse(const Eigen::VectorXd& v) const;

  void clear();
  int size() const { return count_; }
  int capacity() const { return capacity_; }

  // The stored pairs, oldest first, with their rho = 1 / s'y (the two-loop recursion depends on the
  // pairs only through this order: the ring buffer position is irrelevant).
  std::vector<Eigen::VectorXd> s_in_order() const;
  std::vector<Eigen::VectorXd> y_in_order() const;
  Eigen::VectorXd rho_in_order() const;
  // The k-th oldest pair's s and y (0 <= k < size()), without copying them (a checkpoint is written from them).
  const Eigen::VectorXd& s_at(int k) const { return s_[ring_index(k)]; }
  const Eigen::VectorXd& y_at(int k) const { return y_[ring_index(k)]; }

  // Replaces the memory with saved pairs (oldest first) and their rho, taken as they are (not
  // recomputed), so that apply_inverse gives the same bits as the memory that was saved. The vectors
  // move into the memory's slots: a caller that moves them in (a checkpoint being read) costs no copy.
  // Throws std::invalid_argument when the lists differ in length, hold more than capacity() pairs, or
  // the vectors are not all of size n (the memory is then unchanged).
  void restore(std::vector<Eigen::VectorXd> s, std::vector<Eigen::VectorXd> y, const Eigen::VectorXd& rho,
               Eigen::Index n);
  bool empty() const { return count_ == 0; }

 private:
  std::size_t ring_index(int k) const { return static_cast<std::size_t>((newest_ - (count_ - 1 - k) + capacity_) % capacity_); }

  int capacity_;
  int count_ = 0;
  int newest_ = -1;  // ring buffer index of the newest pair
  std::vector<Eigen::VectorXd> s_;
  std::vector<Eigen::VectorXd> y_;
  std::vector<double> rho_;  // 1 / s'y
  mutable std::vector<double> alpha_;  // the two-loop recursion's coefficients, sized once

  // The ring slot the next kept pair goes into, after the curvature test of (s, y); -1 when rejected.
  int slot_for(const Eigen::VectorXd& s, const Eigen::VectorXd& y, double& rho) const;
  void commit(int slot, double rho);
};

}  // namespace dlogit::optim
