// When runs stop (config/stopping_rules.hpp): the certificate's gap_tol with a penalty, tol and max_iter
// as safety stops unless set, and the old rules without a certificate.
#include "config/stopping_rules.hpp"

#include <catch2/catch.hpp>

#include "config_test_helpers.hpp"

using dlogit::config::StoppingRules;
using dlogit::config::stopping_rules;
using dlogit::test::load_text;

namespace {
const std::string kData = "[data]\ntrain = \"x.svm\"\n";
}

TEST_CASE("with a penalty the certificate decides, and unset tol and max_iter become safety stops") {
  const auto config = load_text(kData + "[regularization]\npenalty = \"l1\"\nlambda = 2.0\n");
  const StoppingRules rules = stopping_rules(config, 2.0);
  CHECK(rules.gap_tol == 1e-6);
  CHECK(rules.tol == StoppingRules::kSafetyTolPqn);  // auto is pqn for l1
  CHECK(stopping_rules(load_text(kData + "[regularization]\npenalty = \"l1\"\nlambda = 2.0\n[optimizer]\nmethod = \"owlqn\"\n"), 2.0).tol ==
        StoppingRules::kSafetyTol);
  CHECK(stopping_rules(load_text(kData + "[regularization]\npenalty = \"l2\"\nlambda = 2.0\n"), 2.0).tol ==
        StoppingRules::kSafetyTol);
  CHECK(rules.max_iter == StoppingRules::kSafetyMaxIter);
  CHECK(dlogit::config::certificate_wanted(config));
}

TEST_CASE("tol and max_iter that the config sets stop a certified run as before") {
  const auto config =
      load_text(kData + "[optimizer]\ntol = 1e-4\ngap_tol = 1e-8\n", {"optimizer.max_iter=50"});
  const StoppingRules rules = stopping_rules(config, 1.0);
  CHECK(rules.gap_tol == 1e-8);
  CHECK(rules.tol == 1e-4);
  CHECK(rules.max_iter == 50);
}

TEST_CASE("without a certificate (no penalty, lambda 0, gap_tol 0) tol and max_iter keep their defaults") {
  for (const std::string& text : {kData + "[regularization]\npenalty = \"none\"\n",
                                  kData + "[regularization]\nlambda = 0.0\n", kData + "[optimizer]\ngap_tol = 0\n"}) {
    INFO(text);
    const auto config = load_text(text);
    const StoppingRules rules = stopping_rules(config, config.regularization.lambda);
    CHECK(rules.gap_tol == 0.0);
    CHECK(rules.tol == 1e-6);
    CHECK(rules.max_iter == 1000);
    CHECK_FALSE(dlogit::config::certificate_wanted(config));
  }
}

TEST_CASE("a path's points are certified, each at its own lambda") {
  const auto config = load_text(kData + "[regularization]\npenalty = \"l1\"\npath = { count = 3 }\n");
  CHECK(dlogit::config::certificate_wanted(config));
  CHECK(stopping_rules(config, 0.5).gap_tol == 1e-6);
}
