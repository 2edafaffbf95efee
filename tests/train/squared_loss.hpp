#pragma once
// A second per-row loss, for tests only: ½(z − y)². It is all a loss takes (the policy of
// model/row_pass_objective.hpp); in src/ it would also get one line in model/losses.cpp's registry.
#include "model/row_block.hpp"

namespace dlogit::test {

struct SquaredLoss {
  static constexpr const char* name = "squared";
  static double link(double z) { return z; }
  static double loss(double z, double y) { return 0.5 * (z - y) * (z - y); }
  static void block_terms(const model::RowBlock& z, const double* y, double* loss, double* slope, double* curvature) {
    for (Eigen::Index k = 0; k < z.size(); ++k) {
      const double residual = z[k] - y[k];
      loss[k] = 0.5 * residual * residual;
      slope[k] = residual;
      curvature[k] = 1.0;
    }
  }
};

}  // namespace dlogit::test
