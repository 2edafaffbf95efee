// End-to-end runs of `dlogit train` on real data, on one and several ranks.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::json_number;
using dlogit::test::run_dlogit;

namespace {

std::string a9a_config(const std::string& dir, const std::string& extra = "") {
  return dlogit::test::write_file(dir, "a9a.toml",
                                  "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") +
                                      "\"\n[regularization]\npenalty = \"l2\"\nlambda = 1.0\n" + extra);
}

double relative_difference(double a, double b) { return std::abs(a - b) / std::max(std::abs(b), 1e-300); }

}  // namespace

TEST_CASE("train --help documents the command") {
  const auto outcome = run_dlogit(1, "train --help");
  CHECK(outcome.exit_code == 0);
  CHECK_THAT(outcome.out, Catch::Contains("--set"));
  CHECK_THAT(outcome.out, Catch::Contains("config"));
}

TEST_CASE("a9a trains on 2 ranks and writes model.bin, result.json and trace.csv") {
  const std::string dir = dlogit::test::temp_dir("e2e-a9a");
  const auto config = a9a_config(dir);
  const auto outcome = run_dlogit(2, "train " + config + " --set output.dir=" + dir + "/out");
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  for (const char* file : {"model.bin", "result.json", "trace.csv"})
    CHECK(std::filesystem::file_size(dir + "/out/" + file) > 0);
  const std::string result = dir + "/out/result.json";
  CHECK(json_number(result, "rows") == 32561);
  CHECK(json_number(result, "features") == 123);
  CHECK(json_number(result, "nonzeros") == 451592);
  CHECK(json_number(result, "ranks") == 2);
  CHECK(json_number(result, "iterations") >= 1);
  CHECK_THAT(dlogit::test::read_text(result), Catch::Contains("\"converged\": true"));
  CHECK_THAT(outcome.out, Catch::Contains("iter"));
}

TEST_CASE("L2 on a9a without intercept reaches liblinear's optimum within 1e-6") {
  // Reference (first row of tests/e2e/reference/peer_optima.csv, made by peer_optima.py there):
  //   liblinear-train -q -s 0 -c 1 -B -1 -e 1e-12 a9a.svm, objective evaluated from its weights.
  const double liblinear = 0.32337958246485315;
  const std::string dir = dlogit::test::temp_dir("e2e-liblinear");
  const auto config = a9a_config(dir, "[model]\nfit_intercept = false\n[optimizer]\ntol = 1e-9\nmax_iter = 100000\n");
  for (const std::string method : {"gd", "auto"}) {
    const auto outcome =
        run_dlogit(2, "train " + config + " --set optimizer.method=" + method + " --set output.dir=" + dir + "/" + method, 300);
    INFO(method << "\n" << outcome.out.substr(outcome.out.size() > 3000 ? outcome.out.size() - 3000 : 0));
    REQUIRE(outcome.exit_code == 0);
    const double objective = json_number(dir + "/" + method + "/result.json", "objective");
    CHECK(relative_difference(objective, liblinear) <= 1e-6);
  }
}

TEST_CASE("the same run on 1, 2 and 3 ranks gives the same objective to 1e-10") {
  const std::string dir = dlogit::test::temp_dir("e2e-ranks");
  // tol = 0: exactly max_iter iterations, so the runs are comparable iterate by iterate.
  const auto config = a9a_config(dir, "[optimizer]\nmethod = \"gd\"\nmax_iter = 25\ntol = 0\n");
  double objectives[4] = {};
  for (int ranks = 1; ranks <= 3; ++ranks) {
    const std::string out = dir + "/r" + std::to_string(ranks);
    const auto outcome = run_dlogit(ranks, "train " + config + " --set output.dir=" + out);
    INFO(outcome.out);
    REQUIRE(outcome.exit_code == 0);
    CHECK(json_number(out + "/result.json", "iterations") == 25);
    objectives[ranks] = json_number(out + "/result.json", "objective");
  }
  CHECK(relative_difference(objectives[2], objectives[1]) <= 1e-10);
  CHECK(relative_difference(objectives[3], objectives[1]) <= 1e-10);
}

TEST_CASE("covtype CSV with labels 1/2 and CRLF trains with l1 on 3 ranks") {
  const std::string dir = dlogit::test::temp_dir("e2e-covtype");
  const auto config = dlogit::test::write_file(
      dir, "cov.toml",
      "[data]\ntrain = \"" + dlogit::test::dataset("covtype20k.csv") +
          "\"\n[regularization]\npenalty = \"l1\"\nlambda = 1.0\n[optimizer]\nmethod = \"gd\"\nmax_iter = 200\n");
  const auto outcome = run_dlogit(3, "train " + config + " --set output.dir=" + dir + "/out");
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  CHECK(json_number(dir + "/out/result.json", "rows") == 20000);
  CHECK(json_number(dir + "/out/result.json", "features") == 54);
  CHECK_THAT(outcome.out, Catch::Contains("labels 1 -> 0, 2 -> 1"));
}

TEST_CASE("one rank started alone runs without MPI and matches one MPI rank bitwise") {
  // launch/mpirun 1 on one machine starts dlogit directly: it then runs on a SerialCommunicator.
  // DLOGIT_MPI=1 makes the same process initialise MPI as a singleton; mpirun -n 1 is a third way.
  const std::string dir = dlogit::test::temp_dir("e2e-serial");
  const auto config = a9a_config(dir, "[optimizer]\nmax_iter = 30\n");
  const auto alone = run_dlogit(1, "train " + config + " --set output.dir=" + dir + "/alone");
  INFO(alone.out);
  REQUIRE(alone.exit_code == 0);
  const auto singleton = run_dlogit(1, "train " + config + " --set output.dir=" + dir + "/singleton", 120, "DLOGIT_MPI=1");
  INFO(singleton.out);
  REQUIRE(singleton.exit_code == 0);
  const auto launched = run_dlogit(1, "train " + config + " --set output.dir=" + dir + "/launched", 120,
                                   "DLOGIT_MPIRUN_FLAGS=\"--bind-to none\"");
  INFO(launched.out);
  REQUIRE(launched.exit_code == 0);
  CHECK(dlogit::test::same_bytes(dir + "/alone/model.bin", dir + "/singleton/model.bin"));
  CHECK(dlogit::test::same_bytes(dir + "/alone/model.bin", dir + "/launched/model.bin"));
  CHECK(json_number(dir + "/alone/result.json", "objective") == json_number(dir + "/launched/result.json", "objective"));
}

TEST_CASE("dlogit restarts itself with 2 MiB pages for malloc unless DLOGIT_HUGE_PAGES=0, and result.json says which") {
  const std::string dir = dlogit::test::temp_dir("e2e-huge-pages");
  const auto config = a9a_config(dir, "[optimizer]\nmax_iter = 2\n");
  const auto huge_page_malloc = [&](const std::string& name, const std::string& environment) {
    const auto outcome = run_dlogit(2, "train " + config + " --set output.dir=" + dir + "/" + name, 120, environment);
    INFO(outcome.out);
    REQUIRE(outcome.exit_code == 0);
    const std::string text = dlogit::test::read_text(dir + "/" + name + "/result.json");
    const bool on = text.find("\"huge_page_malloc\": true") != std::string::npos;
    CHECK((on || text.find("\"huge_page_malloc\": false") != std::string::npos));
    return on;
  };
  CHECK_FALSE(huge_page_malloc("off", "DLOGIT_HUGE_PAGES=0"));
  CHECK(huge_page_malloc("user", "GLIBC_TUNABLES=glibc.malloc.hugetlb=1"));  // the user's own setting
  CHECK_FALSE(huge_page_malloc("user-off", "GLIBC_TUNABLES=glibc.malloc.hugetlb=0"));
#if !defined(__SANITIZE_ADDRESS__)  // AddressSanitizer replaces malloc: no restart there
  CHECK(huge_page_malloc("default", ""));
#endif
}
