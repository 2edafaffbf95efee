#include "config/method.hpp"

namespace dlogit::config {

const NameTable<Method>& method_names() {
  static const NameTable<Method> names = {{Method::automatic, "auto"},
                                          {Method::gd, "gd"},
                                          {Method::lbfgs, "lbfgs"},
                                          {Method::owlqn, "owlqn"},
                                          {Method::newton, "newton"},
                                          {Method::pqn, "pqn"}};
  return names;
}

Method resolve_method(Method method, model::PenaltyKind penalty) {
  if (method != Method::automatic) return method;
  return penalty == model::PenaltyKind::l1 || penalty == model::PenaltyKind::elasticnet ? Method::pqn
                                                                                         : Method::newton;
}

bool needs_smooth_penalty(Method method) { return method == Method::lbfgs || method == Method::newton; }

}  // namespace dlogit::config
