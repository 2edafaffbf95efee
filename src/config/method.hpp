#pragma once
// optimizer.method: the optimizers a config can ask for, their names, and what "auto" picks.
#include "common/name_table.hpp"
#include "model/penalty_kind.hpp"

namespace dlogit::config {

enum class Method { automatic, gd, lbfgs, owlqn, newton, pqn };

// auto, gd, lbfgs, owlqn, newton, pqn. The names of the optimizers themselves (optim::make_optimizer,
// a checkpoint's optimizer state) are these; "auto" is the config's own.
const NameTable<Method>& method_names();

// `method`, or for automatic the one the penalty calls for: newton for none/l2, pqn for l1/elasticnet.
Method resolve_method(Method method, model::PenaltyKind penalty);

// lbfgs and newton minimize a smooth objective only: no L1 part.
bool needs_smooth_penalty(Method method);

}  // namespace dlogit::config
