#include "model/penalty_kind.hpp"

namespace dlogit::model {

const NameTable<PenaltyKind>& penalty_names() {
  static const NameTable<PenaltyKind> names = {{PenaltyKind::none, "none"},
                                               {PenaltyKind::l2, "l2"},
                                               {PenaltyKind::l1, "l1"},
                                               {PenaltyKind::elasticnet, "elasticnet"}};
  return names;
}

}  // namespace dlogit::model
