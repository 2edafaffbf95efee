#include "optim/optimizer_state.hpp"

#include <cstring>
#include <stdexcept>
#include <type_traits>

namespace dlogit::optim {
namespace {

// The bits of every field a state visits, in order: two states are equal when these are.
class FieldBits {
 public:
  template <class T>
  void operator()(const char* /*name*/, const T& value) {
    if constexpr (std::is_arithmetic_v<T>) {
      append(&value, sizeof value);
    } else if constexpr (std::is_same_v<T, std::string>) {
      (*this)("size", value.size());
      append(value.data(), value.size());
    } else if constexpr (std::is_same_v<T, Eigen::VectorXd>) {
      (*this)("size", value.size());
      append(value.data(), static_cast<std::size_t>(value.size()) * sizeof(double));
    } else if constexpr (std::is_same_v<T, LbfgsHistory>) {
      // The pairs in their logical order: the ring buffer position does not change the memory.
      (*this)("capacity", value.capacity());
      for (const Eigen::VectorXd& s : value.s_in_order()) (*this)("s", s);
      for (const Eigen::VectorXd& y : value.y_in_order()) (*this)("y", y);
      (*this)("rho", value.rho_in_order());
    } else {
      T::visit(value, *this);
    }
  }
  const std::string& bits() const { return bits_; }

 private:
  void append(const void* data, std::size_t size) {
    // memcpy-like reads must not see the null data pointer of an empty vector.
    if (size > 0) bits_.append(static_cast<const char*>(data), size);
  }
  std::string bits_;
};

std::string bits_of(const OptimizerState& state) {
  FieldBits bits;
  visit_all(state, bits);
  return bits.bits();
}

template <std::size_t Index = 0>
MethodState default_state_of(const std::string& method) {
  if constexpr (Index < std::variant_size_v<MethodState>) {
    using Alternative = std::variant_alternative_t<Index, MethodState>;
    if (method == Alternative::kMethod) return Alternative{};
    return default_state_of<Index + 1>(method);
  } else {
    throw std::invalid_argument("no optimizer state for the method '" + method + "'");
  }
}

}  // namespace

std::string method_of(const MethodState& state) {
  return std::visit([](const auto& own) -> std::string { return std::decay_t<decltype(own)>::kMethod; }, state);
}

MethodState method_state_for(const std::string& method) { return default_state_of(method); }

bool OptimizerState::operator==(const OptimizerState& other) const {
  return method_state.index() == other.method_state.index() && bits_of(*this) == bits_of(other);
}

}  // namespace dlogit::optim
