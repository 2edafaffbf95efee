// Provenance of a run (README "Provenance"): config.toml repeats the run bitwise, result.json says what
// produced it, model.bin holds only what is the same for the same build and config.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::read_text;
using dlogit::test::run_shell;
using dlogit::test::same_bytes;

namespace {

// dlogit on `ranks` ranks started in the folder `cwd`, so that the config's relative paths resolve there.
dlogit::test::RunOutcome run_in(const std::string& cwd, int ranks, const std::string& arguments) {
  return run_shell("cd '" + cwd + "' && timeout -k 5 120 " + dlogit::test::mpirun() + " " + std::to_string(ranks) +
                   " " + dlogit::test::dlogit_binary() + " " + arguments);
}

// The string value of "key" (first occurrence) in a JSON file; "" when absent.
std::string json_string(const std::string& text, const std::string& key) {
  const std::string opening = "\"" + key + "\": \"";
  const auto at = text.find(opening);
  if (at == std::string::npos) return "";
  const auto begin = at + opening.size();
  return text.substr(begin, text.find('"', begin) - begin);
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

// A run folder of a small in-repo data set, its config with relative paths.
std::string make_run_folder(const std::string& tag, const std::string& extra) {
  const std::string dir = dlogit::test::temp_dir(tag);
  std::filesystem::create_directory_symlink(dlogit::test::source_dir() + "/tests/golden/data", dir + "/data");
  dlogit::test::write_file(dir, "c.toml",
                           "[data]\ntrain = \"data/a9a-300.svm\"\ntest = \"data/a9a-test-100.svm\"\n"
                           "[regularization]\npenalty = \"l1\"\nlambda = 0.05\n[optimizer]\nmax_iter = 40\n"
                           "[output]\ndir = \"out\"\n" + extra);
  return dir;
}

void check_provenance(const std::string& dir, const std::string& folder, int ranks) {
  const std::string result = read_text(folder + "/result.json");
  INFO(result);
  for (const char* key : {"provenance", "version", "commit", "build_type", "compiler", "cxx_flags", "pass_flags",
                          "avx2", "march_native", "libraries", "mpi", "mpi_runtime", "eigen", "boost",
                          "tomlplusplus", "cli11", "openssl", "hosts", "start_time", "config_sha256",
                          "model_config_sha256"})
    CHECK(result.find("\"" + std::string(key) + "\": ") != std::string::npos);
  const std::string provenance = result.substr(result.find("\"provenance\""));
  CHECK(provenance.find("\"ranks\": " + std::to_string(ranks)) != std::string::npos);
  CHECK_THAT(json_string(provenance, "mpi"), Catch::StartsWith("Open MPI") || Catch::StartsWith("MPI"));
  CHECK(!json_string(provenance, "commit").empty());
  CHECK(json_string(provenance, "start_time").size() == 20);  // 2026-12-06T02:14:52Z
  CHECK(json_string(provenance, "start_time").back() == 'Z');
  // One host name per rank.
  const std::string hosts = provenance.substr(provenance.find("\"hosts\": ["));
  CHECK(std::count(hosts.begin(), hosts.begin() + static_cast<long>(hosts.find(']')), '"') == 2 + 2 * ranks);
  // The hash is sha256sum's of config.toml.
  const auto sum = run_shell("sha256sum '" + folder + "/config.toml'");
  REQUIRE(sum.exit_code == 0);
  CHECK(sum.out.substr(0, 64) == json_string(provenance, "config_sha256"));
  // inspect shows model.bin's version, commit and config hash: result.json's.
  const auto inspect = run_in(dir, 1, "inspect '" + folder + "/model.bin'");
  INFO(inspect.out);
  CHECK(inspect.out.find(json_string(provenance, "model_config_sha256")) != std::string::npos);
  CHECK(inspect.out.find("commit " + json_string(provenance, "commit")) != std::string::npos);
  CHECK_THAT(inspect.out, Catch::Contains("format version 2"));
}

}  // namespace

TEST_CASE("config.toml has absolute paths and no unset optional key, and repeats the run bitwise on 1 and 2 ranks") {
  for (const int ranks : {1, 2}) {
    const std::string dir = make_run_folder("e2e-provenance-" + std::to_string(ranks), "");
    const auto first = run_in(dir, ranks, "train c.toml --quiet");
    INFO(ranks << " ranks\n" << first.out);
    REQUIRE(first.exit_code == 0);
    const std::string out = dir + "/out";
    const std::string config = read_text(out + "/config.toml");
    INFO(config);
    CHECK(has_line(config, "train = \"" + dir + "/data/a9a-300.svm\""));
    CHECK(has_line(config, "test = \"" + dir + "/data/a9a-test-100.svm\""));
    CHECK(has_line(config, "dir = \"" + out + "\""));
    CHECK(has_line(config, "max_iter = 40"));
    CHECK(has_line(config, "penalty = \"l1\""));
    CHECK(has_line(config, "fit_intercept = true"));  // a default
    for (const char* unset : {"weights =", "weight_column =", "class_weight =", "[runtime]", "tol =", "path.count ="})
      CHECK(("\n" + config).find("\n" + std::string(unset)) == std::string::npos);
    check_provenance(dir, out, ranks);

    // Another equal run elsewhere: the same model.bin, byte for byte.
    const auto second = run_in(dir, ranks, "train c.toml --quiet --set output.dir=again");
    INFO(second.out);
    REQUIRE(second.exit_code == 0);
    CHECK(same_bytes(out + "/model.bin", dir + "/again/model.bin"));

    // config.toml repeats the run, from any folder.
    std::filesystem::copy_file(out + "/model.bin", dir + "/first.bin");
    std::filesystem::copy_file(out + "/result.json", dir + "/first.json");
    const auto repeat = run_in("/", ranks, "train '" + out + "/config.toml' --set checkpoint.resume=false --quiet");
    INFO(repeat.out);
    REQUIRE(repeat.exit_code == 0);
    CHECK_THAT(repeat.out, !Catch::Contains("resuming"));
    CHECK(same_bytes(dir + "/first.bin", out + "/model.bin"));
    CHECK(dlogit::test::json_number(dir + "/first.json", "objective") ==
          dlogit::test::json_number(out + "/result.json", "objective"));
    CHECK(json_string(read_text(dir + "/first.json"), "model_config_sha256") ==
          json_string(read_text(out + "/result.json"), "model_config_sha256"));
  }
}

TEST_CASE("a path writes config.toml to output.dir and every point's folder, and it repeats every point bitwise") {
  const std::string dir = make_run_folder("e2e-provenance-path", "");
  const auto first = run_in(dir, 2, "train c.toml --quiet --set regularization.lambda=[0.1,0.01]");
  INFO(first.out);
  REQUIRE(first.exit_code == 0);
  const std::string out = dir + "/out";
  const std::string config = read_text(out + "/config.toml");
  CHECK(has_line(config, "lambda = [0.1, 0.01]"));
  std::vector<std::string> points;
  for (const auto& entry : std::filesystem::directory_iterator(out + "/path")) points.push_back(entry.path().string());
  REQUIRE(points.size() == 2);
  for (const auto& point : points) {
    CHECK(read_text(point + "/config.toml") == config);
    check_provenance(dir, point, 2);
    std::filesystem::copy_file(point + "/model.bin", point + "/first.bin");
  }
  const auto repeat = run_in("/", 2, "train '" + out + "/config.toml' --set checkpoint.resume=false --quiet");
  INFO(repeat.out);
  REQUIRE(repeat.exit_code == 0);
  for (const auto& point : points) CHECK(same_bytes(point + "/first.bin", point + "/model.bin"));
}
