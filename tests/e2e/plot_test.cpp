// launch/plot draws non-empty PNGs from a plain run folder and from a path run folder.
// Needs Debian's python3-matplotlib (launch/setup installs it as root, launch/plot names it otherwise).
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::run_dlogit;

namespace {

std::string run_shell(const std::string& command, int& exit_code) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[4096];
  std::size_t got = 0;
  while ((got = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, got);
  const int status = pclose(pipe);
  exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return out;
}

void check_png(const std::string& path) {
  INFO(path);
  REQUIRE(std::filesystem::exists(path));
  CHECK(std::filesystem::file_size(path) > 1000);
  const std::string bytes = dlogit::test::read_text(path);
  CHECK(bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  CHECK(bytes.find("IEND") != std::string::npos);  // written to the end
}

std::string small_run_config(const std::string& dir, const std::string& regularization) {
  return dlogit::test::write_file(dir, "run.toml",
                                  "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") + "\"\ntest = \"" +
                                      dlogit::test::dataset("a9a.t.svm") + "\"\n[regularization]\n" +
                                      regularization + "[optimizer]\nmax_iter = 30\n");
}

}  // namespace

TEST_CASE("launch/plot draws convergence, time and ROC PNGs of a plain run, and path.png of a path run") {
  const std::string dir = dlogit::test::temp_dir("e2e-plot");
  const auto plain = run_dlogit(2, "train " + small_run_config(dir, "lambda = 1.0\n") + " --quiet --set output.dir=" +
                                       dir + "/plain");
  INFO(plain.out);
  REQUIRE(plain.exit_code == 0);
  int code = -1;
  const std::string plot = dlogit::test::source_dir() + "/launch/plot";
  std::string out = run_shell(plot + " " + dir + "/plain", code);
  INFO(out);
  REQUIRE(code == 0);
  for (const char* png : {"convergence.png", "time_per_iteration.png", "roc.png"}) check_png(dir + "/plain/plots/" + png);
  CHECK_FALSE(std::filesystem::exists(dir + "/plain/plots/path.png"));

  const auto path = run_dlogit(2, "train " + small_run_config(dir, "penalty = \"l1\"\npath = { count = 4, min_ratio = 0.01 }\n") +
                                      " --quiet --set output.dir=" + dir + "/path");
  INFO(path.out);
  REQUIRE(path.exit_code == 0);
  out = run_shell(plot + " " + dir + "/path --out " + dir + "/path-plots", code);
  INFO(out);
  REQUIRE(code == 0);
  for (const char* png : {"path.png", "convergence.png", "time_per_iteration.png", "roc.png"})
    check_png(dir + "/path-plots/" + png);
}

TEST_CASE("launch/plot skips what is absent and fails on a folder with nothing to draw") {
  const std::string dir = dlogit::test::temp_dir("e2e-plot-empty");
  int code = -1;
  const std::string out = run_shell(dlogit::test::source_dir() + "/launch/plot " + dir, code);
  INFO(out);
  CHECK(code == 1);
  CHECK_THAT(out, Catch::Contains("no trace.csv"));
  CHECK_THAT(out, Catch::Contains("nothing to draw"));
  const std::string missing = run_shell(dlogit::test::source_dir() + "/launch/plot " + dir + "/absent", code);
  CHECK(code == 1);
  CHECK_THAT(missing, Catch::Contains("is not a folder"));
}

// A hand-written experiment folder in the runner's cv.csv format (two grid points, one with a quoted
// value holding a comma and an unset class_weight, a nan mean): cv.png goes into the folder itself.
TEST_CASE("launch/plot draws cv.png into an experiment folder, and --cv-only draws nothing else") {
  const std::string dir = dlogit::test::temp_dir("e2e-plot-cv");
  dlogit::test::write_file(dir, "cv.csv",
                           "point,regularization.penalty,regularization.l1_ratio,model.class_weight,lambda,mean,sd,se,"
                           "fold1,fold2,fold3,nonzeros,passes,chosen\n"
                           "0,l1,0.5,,100,nan,nan,nan,0.7,0.69,0.71,0,3,0\n"
                           "0,l1,0.5,,10,0.45,0.03,0.017320508075688773,0.42,0.45,0.48,12.5,40,0\n"
                           "0,l1,0.5,,1,0.38,0.02,0.011547005383792516,0.36,0.38,0.4,40,90,1\n"
                           "1,elasticnet,\"0.2,x\",balanced,100,0.6,0.01,0.0057735026918962584,0.59,0.6,0.61,1,3,0\n"
                           "1,elasticnet,\"0.2,x\",balanced,10,0.5,0.02,0.011547005383792516,0.48,0.5,0.52,20,50,0\n"
                           "1,elasticnet,\"0.2,x\",balanced,1,0.41,0.02,0.011547005383792516,0.39,0.41,0.43,60,95,0\n");
  dlogit::test::write_file(dir, "config.toml", "[cv]\nfolds = 3\nmetric = \"logloss\"\nrule = \"min\"\n");
  int code = -1;
  const std::string plot = dlogit::test::source_dir() + "/launch/plot";
  std::string out = run_shell(plot + " --cv-only " + dir, code);
  INFO(out);
  REQUIRE(code == 0);
  check_png(dir + "/cv.png");
  CHECK_FALSE(std::filesystem::exists(dir + "/plots"));
  std::filesystem::remove(dir + "/cv.png");
  out = run_shell(plot + " " + dir, code);
  INFO(out);
  REQUIRE(code == 0);
  check_png(dir + "/cv.png");
  CHECK_THAT(out, Catch::Contains("no best/"));  // no refit folder here: said, not an error
  // --cv-only on a folder that is not an experiment has nothing to draw.
  const std::string plain = dlogit::test::temp_dir("e2e-plot-cv-none");
  out = run_shell(plot + " --cv-only " + plain, code);
  CHECK(code == 1);
  CHECK_THAT(out, Catch::Contains("no cv.csv"));
}

// launch/train learns output.dir from --set (here the config names another folder) and draws cv.png
// there after the experiment, with training's exit code.
TEST_CASE("launch/train draws cv.png into the output.dir of a finished experiment") {
  const std::string dir = dlogit::test::temp_dir("e2e-train-cv-png");
  const std::string config = dlogit::test::write_file(
      dir, "cv.toml",
      "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") +
          "\"\n[regularization]\nlambda = [100.0, 10.0, 1.0]\n[cv]\nfolds = 3\nrefit = false\n[output]\ndir = \"" + dir +
          "/not-this-one\"\n");
  const std::string build_dir = std::filesystem::path(dlogit::test::dlogit_binary()).parent_path().string();
  int code = -1;
  const std::string out = run_shell("DLOGIT_BUILD_DIR=" + build_dir + " timeout -k 5 300 " + dlogit::test::source_dir() +
                                        "/launch/train " + config + " --quiet --set 'output.dir=\"" + dir + "/exp\"'",
                                    code);
  INFO(out);
  REQUIRE(code == 0);
  CHECK_THAT(out, Catch::Contains("launch/train: drew " + dir + "/exp/cv.png"));
  check_png(dir + "/exp/cv.png");
  CHECK_FALSE(std::filesystem::exists(dir + "/not-this-one"));
}
