#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/errors.hpp"
#include "support/thread_ranks.hpp"
#include "eval/ordered_write.hpp"
#include "eval/predictions.hpp"
#include "eval/scoring.hpp"
#include "model/losses.hpp"
#include "eval_test_support.hpp"
#include "support/test_paths.hpp"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

dlogit::model::TrainedModel model_with_labels(double negative, double positive) {
  dlogit::model::TrainedModel model;
  model.labels = {negative, positive};
  return model;
}

}  // namespace

TEST_CASE("predictions are the probability with 17 digits, a tab and the original label") {
  const std::string text = dlogit::eval::format_predictions({0.0, -2.0, 1e-20}, model_with_labels(-1.0, 1.0));
  CHECK(text == "0.5\t1\n0.11920292202211755\t-1\n0.5\t1\n");
  // Other label values; the probability reads back as the very same double.
  std::istringstream lines(dlogit::eval::format_predictions({3.0, -3.0}, model_with_labels(2.0, 7.5)));
  for (const double z : {3.0, -3.0}) {
    std::string probability;
    std::string label;
    REQUIRE(std::getline(lines, probability, '\t'));
    REQUIRE(std::getline(lines, label));
    CHECK(std::strtod(probability.c_str(), nullptr) == dlogit::model::sigmoid(z));
    CHECK(label == (z > 0 ? "7.5" : "2"));
  }
  CHECK(dlogit::eval::format_predictions({}, model_with_labels(0.0, 1.0)).empty());
}

TEST_CASE("margins are w.x + b for sparse and dense rows") {
  dlogit::model::TrainedModel model;
  model.weights = {2.0, -1.0};
  model.intercept = 0.5;
  Eigen::VectorXd y(2);
  y << 1.0, 0.0;
  dlogit::data::Dataset::DenseRows dense(2, 2);
  dense << 1.0, 3.0, 0.0, -2.0;
  CHECK(dlogit::eval::margins(dlogit::data::Dataset(dense, y), model) == std::vector<double>{-0.5, 2.5});
  const auto sparse = dlogit::test::one_feature_rows({1.5, -1.0}, {1.0, 0.0}, 0, 2);
  model.weights = {2.0};
  CHECK(dlogit::eval::margins(sparse, model) == std::vector<double>{3.5, -1.5});
  model.weights = {2.0, 1.0};
  CHECK_THROWS_AS(dlogit::eval::margins(sparse, model), std::invalid_argument);
}

TEST_CASE("write_in_rank_order concatenates the ranks' blocks in rank order") {
  const std::string dir = dlogit::test::temp_dir("eval-ordered");
  const std::string path = dir + "/out.tsv";
  dlogit::test::write_file(dir, "out.tsv", "an older, longer file that must be replaced entirely\n");
  const std::vector<std::string> blocks = {"a\nb\n", "", "ccc\n"};
  const auto errors = dlogit::test::run_ranks(3, [&](int rank, dlogit::comm::Communicator& comm) {
    dlogit::eval::write_in_rank_order(path, blocks[static_cast<std::size_t>(rank)], comm);
  });
  for (const auto& error : errors) REQUIRE(!error);
  CHECK(read(path) == "a\nb\nccc\n");
  CHECK(!std::filesystem::exists(path + ".tmp"));
}

TEST_CASE("write_in_rank_order creates the output's folder") {
  const std::string path = dlogit::test::temp_dir("eval-ordered-folder") + "/new/sub/out.tsv";
  const auto errors = dlogit::test::run_ranks(2, [&](int rank, dlogit::comm::Communicator& comm) {
    dlogit::eval::write_in_rank_order(path, rank == 0 ? "x\n" : "y\n", comm);
  });
  for (const auto& error : errors) REQUIRE(!error);
  CHECK(read(path) == "x\ny\n");
}

TEST_CASE("write_in_rank_order names the file it cannot create, not its temporary name, on every rank together") {
  // Root may write anywhere a mode allows, but not create folders in /proc.
  for (const std::string path : {"/proc/dlogit-no-such-folder/out.tsv", "/proc/version/out.tsv"}) {
    const auto errors = dlogit::test::run_ranks(2, [&](int rank, dlogit::comm::Communicator& comm) {
      dlogit::eval::write_in_rank_order(path, rank == 0 ? "x\n" : "y\n", comm);
    });
    REQUIRE(errors[0]);
    REQUIRE(errors[1]);
    CHECK_THROWS_WITH(std::rethrow_exception(errors[0]),
                      Catch::Contains(path) && !Catch::Contains(".tmp") && Catch::StartsWith("cannot create"));
    CHECK_THROWS_AS(std::rethrow_exception(errors[1]), dlogit::AgreedFailure);
  }
}

TEST_CASE("write_in_rank_order writes a FIFO in place, in rank order, in chunks, and never renames over it") {
  const std::string dir = dlogit::test::temp_dir("eval-ordered-fifo");
  const std::string fifo = dir + "/fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // Rank 1's block spans three of the 8 MiB chunks that rank 0 fetches, and ends mid-double.
  std::string big(std::size_t{20} << 20, 'x');
  for (std::size_t i = 0; i < big.size(); i += 4099) big[i] = static_cast<char>('a' + i % 26);
  big += "tail\n";
  const std::vector<std::string> blocks = {"first\n", big, "", "last\n"};
  std::string received;
  std::thread reader([&] { received = read(fifo); });  // like `cat fifo`: opens, reads to the end
  const auto errors = dlogit::test::run_ranks(4, [&](int rank, dlogit::comm::Communicator& comm) {
    dlogit::eval::write_in_rank_order(fifo, blocks[static_cast<std::size_t>(rank)], comm);
  });
  reader.join();
  for (const auto& error : errors) REQUIRE(!error);
  CHECK(received == "first\n" + big + "last\n");
  struct stat status {};
  REQUIRE(::lstat(fifo.c_str(), &status) == 0);
  CHECK(S_ISFIFO(status.st_mode));
  CHECK(!std::filesystem::exists(fifo + ".tmp"));
}

TEST_CASE("write_in_rank_order keeps a link to a device a link, and a link to a file a link") {
  const std::string dir = dlogit::test::temp_dir("eval-ordered-links");
  const std::string null_link = dir + "/null";
  std::filesystem::create_symlink("/dev/null", null_link);
  const std::string target = dlogit::test::write_file(dir, "target.tsv", "old\n");
  const std::string file_link = dir + "/link.tsv";
  std::filesystem::create_symlink(target, file_link);
  for (const std::string& path : {null_link, file_link}) {
    const auto errors = dlogit::test::run_ranks(2, [&](int rank, dlogit::comm::Communicator& comm) {
      dlogit::eval::write_in_rank_order(path, rank == 0 ? "a\n" : "b\n", comm);
    });
    for (const auto& error : errors) REQUIRE(!error);
    CHECK(std::filesystem::is_symlink(path));
  }
  CHECK(std::filesystem::read_symlink(null_link) == "/dev/null");
  struct stat status {};
  REQUIRE(::stat("/dev/null", &status) == 0);
  CHECK(S_ISCHR(status.st_mode));
  CHECK(read(target) == "a\nb\n");
  CHECK(read(file_link) == "a\nb\n");
}
