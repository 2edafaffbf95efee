// The cross-validation runner is not built yet: a training config with cv.folds set is refused, naming
// the key, before anything is written, rather than trained once as if [cv] were not there.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "common/errors.hpp"
#include "config/config.hpp"
#include "support/test_paths.hpp"
#include "train/trainer.hpp"

TEST_CASE("train refuses a config with [cv] folds, naming where it was set, and writes nothing") {
  const std::string dir = dlogit::test::temp_dir("train-cv-refused");
  const std::string config_path = dlogit::test::write_file(
      dir, "cv.toml",
      "[data]\ntrain = \"" + dlogit::test::dataset("a9a.svm") + "\"\n[output]\ndir = \"" + dir +
          "/out\"\n[cv]\nfolds = 5\n");
  dlogit::comm::SerialCommunicator comm;
  const dlogit::config::Config config = dlogit::config::load_config(config_path);
  try {
    dlogit::train::train(config, comm, dlogit::train::Verbosity::quiet);
    FAIL("a config with [cv] folds was trained");
  } catch (const dlogit::ConfigError& error) {
    const std::string message = error.what();
    CHECK_THAT(message, Catch::StartsWith(config_path + ":6: [cv] is used only by `dlogit folds` in this version"));
    CHECK_THAT(message, Catch::Contains("the cross-validation runner is not built yet"));
  }
  CHECK_FALSE(std::filesystem::exists(dir + "/out"));

  // Without folds the section is inert, as reference.toml shows it: such a config is not refused here
  // (this checks only that the refusal keys on cv.folds; the config below trains nothing: bad data path).
  const dlogit::config::Config unset = dlogit::config::load_config(config_path, {"cv.folds=", "data.train=" + dir + "/none.svm"});
  try {
    dlogit::train::train(unset, comm, dlogit::train::Verbosity::quiet);
    FAIL("a missing data file was trained on");
  } catch (const dlogit::UserError& error) {
    CHECK_THAT(std::string(error.what()), !Catch::Contains("[cv]"));
  }
}
