#include "optim/optimizer_state.hpp"

#include <cstring>

namespace dlogit::optim {
namespace {

bool same_bits(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
  // memcmp must not see the null data pointer of an empty vector.
  return a.size() == b.size() &&
         (a.size() == 0 || std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0);
}

}  // namespace

bool OptimizerState::operator==(const OptimizerState& other) const {
  if (method != other.method || iteration != other.iteration || function_evals != other.function_evals ||
      hessian_evals != other.hessian_evals || !same_bits(x, other.x) || scalars.size() != other.scalars.size() ||
      vectors.size() != other.vectors.size() || sequences.size() != other.sequences.size())
    return false;
  for (const auto& [name, value] : scalars) {
    const auto found = other.scalars.find(name);
    if (found == other.scalars.end() || std::memcmp(&value, &found->second, sizeof(double)) != 0) return false;
  }
  for (const auto& [name, value] : vectors) {
    const auto found = other.vectors.find(name);
    if (found == other.vectors.end() || !same_bits(value, found->second)) return false;
  }
  for (const auto& [name, list] : sequences) {
    const auto found = other.sequences.find(name);
    if (found == other.sequences.end() || found->second.size() != list.size()) return false;
    for (std::size_t i = 0; i < list.size(); ++i)
      if (!same_bits(list[i], found->second[i])) return false;
  }
  return true;
}

}  // namespace dlogit::optim
