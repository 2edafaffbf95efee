#pragma once
// The penalties of the objective and their names (regularization.penalty, result.json), without the
// arithmetic of model/penalty.hpp, so that the config can hold one.
#include "common/name_table.hpp"

namespace dlogit::model {

enum class PenaltyKind { none, l2, l1, elasticnet };

const NameTable<PenaltyKind>& penalty_names();  // none, l2, l1, elasticnet

}  // namespace dlogit::model
