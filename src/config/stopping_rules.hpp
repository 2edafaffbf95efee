#pragma once
#include "config/config.hpp"

namespace dlogit::config {

// When a training run stops. With a certificate of optimality (a penalty with λ > 0: the duality gap of
// model/duality_gap.hpp), optimizer.gap_tol decides, and the defaults of optimizer.tol and max_iter
// become safety stops that a run reaches only when its certificate cannot be met (kSafetyTol,
// kSafetyMaxIter) — unless the config sets them, which makes them stops of their own again. Without a
// certificate (penalty "none", or λ = 0) tol and max_iter keep their defaults and gap_tol does nothing.
struct StoppingRules {
  int max_iter = 1000;
  double tol = 1e-6;
  double gap_tol = 0.0;  // 0: no certificate, or gap_tol = 0 in the config

  // The gradient-norm ratio below which the gradient carries no more information than rounding; the
  // certificate is far below gap_tol long before (tests/e2e/gap_test.cpp runs the parity problems).
  static constexpr double kSafetyTol = 1e-10;
  // pqn with its exact model converges quadratically: one more iteration takes the gradient from 1e-10 of
  // its start to rounding, and its l1 certificate (looser than the true gap) needs that iteration. On the
  // l1 problems of issue 15 the 1e-10 stop came first on 10 of 24 (bad_a9a, l1, C = 1, intercept: at
  // iteration 12, certified 1.4e-4; at 1e-14 the certificate stopped it at 13 with 1.4e-8).
  static constexpr double kSafetyTolPqn = 1e-14;
  // OWL-QN on badly scaled data with an intercept needs a few thousand iterations.
  static constexpr int kSafetyMaxIter = 20000;
};

// `lambda`: the λ of the run (a path point's own).
StoppingRules stopping_rules(const Config& config, double lambda);

// Whether the runs of this config stop on the certificate (a penalty, λ > 0 or a path, gap_tol > 0): the
// passes then compute its sums (LocalObjective::keep_dual_terms).
bool certificate_wanted(const Config& config);

}  // namespace dlogit::config
