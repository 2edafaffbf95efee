#include "optim/lbfgs_history.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace dlogit::optim {

LbfgsHistory::LbfgsHistory(int capacity) : capacity_(capacity) {
  if (capacity < 1) throw std::invalid_argument("L-BFGS history must hold at least one pair");
  s_.resize(static_cast<std::size_t>(capacity));
  y_.resize(static_cast<std::size_t>(capacity));
  rho_.assign(static_cast<std::size_t>(capacity), 0.0);
  alpha_.assign(static_cast<std::size_t>(capacity), 0.0);
}

int LbfgsHistory::slot_for(const Eigen::VectorXd& s, const Eigen::VectorXd& y, double& rho) const {
  const double sy = s.dot(y);
  const double scale = s.norm() * y.norm();
  if (!std::isfinite(sy) || !std::isfinite(scale) || !(sy > 1e-10 * scale)) return -1;
  rho = 1.0 / sy;
  return (newest_ + 1) % capacity_;
}

void LbfgsHistory::commit(int slot, double rho) {
  newest_ = slot;
  rho_[static_cast<std::size_t>(slot)] = rho;
  if (count_ < capacity_) ++count_;
}

bool LbfgsHistory::update(const Eigen::VectorXd& s, const Eigen::VectorXd& y) {
  double rho = 0.0;
  const int slot = slot_for(s, y, rho);
  if (slot < 0) return false;
  const auto k = static_cast<std::size_t>(slot);
  s_[k] = s;
  y_[k] = y;
  commit(slot, rho);
  return true;
}

bool LbfgsHistory::update(const Eigen::VectorXd& x_new, const Eigen::VectorXd& x, const Eigen::VectorXd& g_new,
                          const Eigen::VectorXd& g) {
  const auto s = x_new - x;
  const auto y = g_new - g;
  const double sy = s.dot(y);
  const double scale = s.norm() * y.norm();
  if (!std::isfinite(sy) || !std::isfinite(scale) || !(sy > 1e-10 * scale)) return false;
  const int slot = (newest_ + 1) % capacity_;
  const auto k = static_cast<std::size_t>(slot);
  s_[k] = s;
  y_[k] = y;
  commit(slot, 1.0 / sy);
  return true;
}

bool LbfgsHistory::update_by_swap(Eigen::VectorXd& s, Eigen::VectorXd& y) {
  double rho = 0.0;
  const int slot = slot_for(s, y, rho);
  if (slot < 0) return false;
  const auto k = static_cast<std::size_t>(slot);
  s_[k].swap(s);
  y_[k].swap(y);
  commit(slot, rho);
  return true;
}

Eigen::VectorXd LbfgsHistory::apply_inverse(const Eigen::VectorXd& v) const {
  Eigen::VectorXd q;
  apply_inverse(v, q);
  return q;
}

void LbfgsHistory::apply_inverse(const Eigen::VectorXd& v, Eigen::VectorXd& q) const {
  q = v;
  if (count_ == 0) return;
  std::vector<double>& alpha = alpha_;
  // Newest to oldest.
  for (int i = 0; i < count_; ++i) {
    const auto k = static_cast<std::size_t>((newest_ - i + capacity_) % capacity_);
    const double a = rho_[k] * s_[k].dot(q);
    alpha[static_cast<std::size_t>(i)] = a;
    q.noalias() -= a * y_[k];
  }
  const auto newest = static_cast<std::size_t>(newest_);
  const double gamma = 1.0 / (rho_[newest] * y_[newest].squaredNorm());  // s'y / y'y
  q *= gamma;
  // Oldest to newest.
  for (int i = count_ - 1; i >= 0; --i) {
    const auto k = static_cast<std::size_t>((newest_ - i + capacity_) % capacity_);
    const double b = rho_[k] * y_[k].dot(q);
    q.noalias() += (alpha[static_cast<std::size_t>(i)] - b) * s_[k];
  }
}

std::vector<Eigen::VectorXd> LbfgsHistory::s_in_order() const {
  std::vector<Eigen::VectorXd> out;
  for (int i = count_ - 1; i >= 0; --i) out.push_back(s_[static_cast<std::size_t>((newest_ - i + capacity_) % capacity_)]);
  return out;
}

std::vector<Eigen::VectorXd> LbfgsHistory::y_in_order() const {
  std::vector<Eigen::VectorXd> out;
  for (int i = count_ - 1; i >= 0; --i) out.push_back(y_[static_cast<std::size_t>((newest_ - i + capacity_) % capacity_)]);
  return out;
}

Eigen::VectorXd LbfgsHistory::rho_in_order() const {
  Eigen::VectorXd out(count_);
  for (int i = count_ - 1; i >= 0; --i) out[count_ - 1 - i] = rho_[static_cast<std::size_t>((newest_ - i + capacity_) % capacity_)];
  return out;
}

void LbfgsHistory::restore(std::vector<Eigen::VectorXd> s, std::vector<Eigen::VectorXd> y, const Eigen::VectorXd& rho,
                           Eigen::Index n) {
  if (s.size() != y.size() || rho.size() != static_cast<Eigen::Index>(s.size())) {
    throw std::invalid_argument("L-BFGS history: " + std::to_string(s.size()) + " s, " + std::to_string(y.size()) +
                                " y and " + std::to_string(rho.size()) + " rho values do not match");
  }
  if (s.size() > static_cast<std::size_t>(capacity_)) {
    throw std::invalid_argument("L-BFGS history: " + std::to_string(s.size()) + " saved pairs exceed the memory of " +
                                std::to_string(capacity_) + " (history option)");
  }
  for (std::size_t k = 0; k < s.size(); ++k) {
    if (s[k].size() != n || y[k].size() != n) {
      throw std::invalid_argument("L-BFGS history: a saved pair has dimension other than " + std::to_string(n));
    }
  }
  count_ = static_cast<int>(s.size());
  newest_ = count_ - 1;
  for (std::size_t k = 0; k < s.size(); ++k) {
    s_[k] = std::move(s[k]);
    y_[k] = std::move(y[k]);
    rho_[k] = rho[static_cast<Eigen::Index>(k)];
  }
}

void LbfgsHistory::clear() {
  count_ = 0;
  newest_ = -1;
}

}  // namespace dlogit::optim
