// End-to-end runs of scoring with a model (predict, evaluate, export): unlabeled input, standard output
// and other outputs that are not regular files, output folders, checkpoints given as models.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "run_dlogit.hpp"
#include "support/test_paths.hpp"

using dlogit::test::read_text;
using dlogit::test::run_dlogit;
using dlogit::test::same_bytes;
using dlogit::test::write_file;

namespace {

constexpr int kFeatures = 6;

// Row i of a small, not separable problem: labels -1/1, features 1..kFeatures, some rows without any.
std::string features_of(int i) {
  std::string text;
  for (int j = 1; j <= kFeatures; ++j) {
    if ((i * 7 + j * 3) % 4 == 0) continue;
    text += (text.empty() ? "" : " ") + std::to_string(j) + ":" + std::to_string(((i * 13 + j * 5) % 11) - 4.5);
  }
  return text;
}
int label_of(int i) { return (i * 17 + 3) % 5 < 2 ? 1 : -1; }

// Labeled LIBSVM of `rows` rows; every 9th row has no feature (a line with the label alone).
std::string libsvm_rows(int rows, bool labeled) {
  std::string text;
  for (int i = 0; i < rows; ++i) {
    const std::string features = i % 9 == 4 ? "" : features_of(i);
    if (labeled) text += std::to_string(label_of(i)) + (features.empty() ? "" : " ");
    text += features + "\n";
  }
  return text;
}

// The same rows as dense CSV, the label first unless `labeled` is false.
std::string csv_rows(int rows, bool labeled) {
  std::string text;
  for (int i = 0; i < rows; ++i) {
    std::vector<std::string> cells(kFeatures, "0");
    std::istringstream tokens(i % 9 == 4 ? "" : features_of(i));
    for (std::string token; tokens >> token;) {
      const auto colon = token.find(':');
      cells[static_cast<std::size_t>(std::stoi(token.substr(0, colon)) - 1)] = token.substr(colon + 1);
    }
    std::string line = labeled ? std::to_string(label_of(i)) : "";
    for (const std::string& cell : cells) line += (line.empty() && !labeled ? "" : ",") + cell;
    text += line + "\n";
  }
  return text;
}

// Trains on 80 rows (1 rank, newton, l2) into dir/out, with checkpoints every iteration; returns model.bin.
std::string train_small(const std::string& dir) {
  const std::string data = write_file(dir, "train.svm", libsvm_rows(80, true));
  const std::string config = write_file(
      dir, "small.toml",
      "[data]\ntrain = \"" + data + "\"\nfeatures = " + std::to_string(kFeatures) +
          "\n[regularization]\npenalty = \"l2\"\nlambda = 0.1\n[optimizer]\nmethod = \"lbfgs\"\n[output]\ndir = \"" +
          dir + "/out\"\n[checkpoint]\ndir = \"" + dir + "/ckpt\"\nevery = 1\nkeep = 100\n");
  const auto outcome = run_dlogit(1, "train --quiet " + config);
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  return dir + "/out/model.bin";
}

std::size_t line_count(const std::string& path) {
  const std::string text = read_text(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("unlabeled predict equals labeled predict byte for byte on 1, 2 and 3 ranks, LIBSVM and CSV") {
  const std::string dir = dlogit::test::temp_dir("e2e-unlabeled");
  const std::string model = train_small(dir);
  const int rows = 50;
  // Lines with the label alone become empty lines without it: all-zero rows that keep their place.
  const std::string labeled_svm = write_file(dir, "labeled.svm", libsvm_rows(rows, true));
  const std::string unlabeled_svm = write_file(dir, "unlabeled.svm", libsvm_rows(rows, false));
  REQUIRE(read_text(unlabeled_svm).find("\n\n") != std::string::npos);
  const std::string labeled_csv = write_file(dir, "labeled.csv", csv_rows(rows, true));
  const std::string unlabeled_csv = write_file(dir, "unlabeled.csv", csv_rows(rows, false));

  // Sparse and dense rows may sum in another order, so each format has its own reference: labeled, 1 rank.
  for (const auto& [labeled, unlabeled] : {std::pair{labeled_svm, unlabeled_svm}, std::pair{labeled_csv, unlabeled_csv}}) {
    const std::string reference = labeled + ".reference.tsv";
    const auto first = run_dlogit(1, "predict --model " + model + " --data " + labeled + " --output " + reference);
    INFO(first.out);
    REQUIRE(first.exit_code == 0);
    CHECK_THAT(first.out, Catch::Contains("for labeled data"));
    REQUIRE(line_count(reference) == static_cast<std::size_t>(rows));
    for (const int ranks : {1, 2, 3}) {
      for (const std::string& data : {labeled, unlabeled}) {
        const std::string output = data + "." + std::to_string(ranks) + ".tsv";
        const auto outcome = run_dlogit(ranks, "predict --model " + model + " --data " + data + " --output " + output);
        INFO(ranks << " ranks, " << data << "\n" << outcome.out);
        REQUIRE(outcome.exit_code == 0);
        CHECK_THAT(outcome.out, Catch::Contains(data == unlabeled ? "for unlabeled data" : "for labeled data"));
        CHECK(same_bytes(reference, output));
      }
    }
  }
}

TEST_CASE("ambiguous or mixed unlabeled input is refused naming file and line, and evaluate needs labels") {
  const std::string dir = dlogit::test::temp_dir("e2e-unlabeled-refused");
  const std::string model = train_small(dir);
  const std::string output = dir + "/p.tsv";

  // CSV: fewer columns than the model has features could be a label and features or features alone.
  const std::string narrow = write_file(dir, "narrow.csv", "\n1,2,3\n4,5,6\n");
  for (const int ranks : {1, 2}) {
    const auto outcome = run_dlogit(ranks, "predict --model " + model + " --data " + narrow + " --output " + output);
    INFO(outcome.out);
    CHECK(outcome.exit_code == 1);
    CHECK_THAT(outcome.out, Catch::Contains(narrow + ":2: 3 columns for a model of 6 features: cannot tell whether "
                                                     "one of them is a label; say --labels yes or --labels no"));
    CHECK(!std::filesystem::exists(output));
  }
  // --labels no reads it: three features, the others zero.
  CHECK(run_dlogit(1, "predict --labels no --model " + model + " --data " + narrow + " --output " + output).exit_code == 0);
  CHECK(line_count(output) == 2);

  // LIBSVM: the first line decides; a later line with a label is an error naming its line, on any rank count.
  const std::string mixed = write_file(dir, "mixed.svm", libsvm_rows(30, false) + "1 2:1\n" + libsvm_rows(5, false));
  for (const int ranks : {1, 3}) {
    const auto outcome = run_dlogit(ranks, "predict --model " + model + " --data " + mixed + " --output " + dir + "/m.tsv");
    INFO(outcome.out);
    CHECK(outcome.exit_code == 1);
    CHECK_THAT(outcome.out, Catch::Contains(mixed + ":31: bad feature '1'") && Catch::Contains("read as unlabeled"));
  }
  // And a labeled file with a line that lacks its label.
  const std::string missing = write_file(dir, "missing.svm", libsvm_rows(10, true) + "2:1 3:1\n");
  const auto outcome = run_dlogit(2, "predict --model " + model + " --data " + missing + " --output " + dir + "/m.tsv");
  INFO(outcome.out);
  CHECK(outcome.exit_code == 1);
  CHECK_THAT(outcome.out, Catch::Contains(missing + ":11: no label: the line starts with the feature '2:1'"));

  // evaluate says plainly that labels are missing, for LIBSVM and CSV.
  const std::string unlabeled_svm = write_file(dir, "unlabeled.svm", libsvm_rows(20, false));
  const std::string unlabeled_csv = write_file(dir, "unlabeled.csv", csv_rows(20, false));
  for (const std::string& data : {unlabeled_svm, unlabeled_csv}) {
    const auto evaluated = run_dlogit(2, "evaluate --model " + model + " --data " + data);
    INFO(evaluated.out);
    CHECK(evaluated.exit_code == 1);
    CHECK_THAT(evaluated.out, Catch::Contains(data + ":1: evaluate needs labeled data"));
  }
}

TEST_CASE("an --output of - is standard output for predict, evaluate, export and generate, and their summaries go to standard error") {
  const std::string dir = dlogit::test::temp_dir("e2e-stdout");
  const std::string model = train_small(dir);
  const std::string data = write_file(dir, "unlabeled.svm", libsvm_rows(40, false));
  const std::string reference = dir + "/reference.tsv";
  REQUIRE(run_dlogit(1, "predict --model " + model + " --data " + data + " --output " + reference).exit_code == 0);
  const std::string err = dir + "/err.txt";
  // Standard output goes through `| cat > FILE`, standard error to err.txt.
  for (const int ranks : {1, 3}) {
    for (const std::string output : {" --output -", ""}) {
      const std::string piped = dir + "/piped.tsv";
      const auto outcome =
          run_dlogit(ranks, "predict --model " + model + " --data " + data + output + " 2> " + err + " | cat > " + piped);
      INFO(ranks << " ranks, " << output << "\n" << outcome.out << read_text(err));
      REQUIRE(outcome.exit_code == 0);
      CHECK_THAT(read_text(err), Catch::Contains("wrote 40 predictions") && Catch::Contains("to standard output"));
      CHECK(same_bytes(reference, piped));
      CHECK(!std::filesystem::exists(dir + "/-"));
    }
  }
  // export: the default, - and a file hold the same bytes.
  REQUIRE(run_dlogit(1, "export --model " + model + " --output " + dir + "/model.json").exit_code == 0);
  REQUIRE(run_dlogit(1, "export --model " + model + " | cat > " + dir + "/default.json").exit_code == 0);
  const auto exported = run_dlogit(1, "export --model " + model + " --output - 2> " + err + " | cat > " + dir + "/dash.json");
  REQUIRE(exported.exit_code == 0);
  CHECK(read_text(err).empty());
  CHECK(same_bytes(dir + "/model.json", dir + "/default.json"));
  CHECK(same_bytes(dir + "/model.json", dir + "/dash.json"));
  // evaluate: the JSON alone on standard output, the summary on standard error.
  const std::string labeled = write_file(dir, "labeled.svm", libsvm_rows(40, true));
  REQUIRE(run_dlogit(2, "evaluate --model " + model + " --data " + labeled + " --output " + dir + "/m.json").exit_code == 0);
  const auto evaluated =
      run_dlogit(2, "evaluate --model " + model + " --data " + labeled + " --output - 2> " + err + " | cat > " + dir + "/dash-m.json");
  INFO(evaluated.out << read_text(err));
  REQUIRE(evaluated.exit_code == 0);
  CHECK_THAT(read_text(err), Catch::StartsWith("evaluated "));
  CHECK(same_bytes(dir + "/m.json", dir + "/dash-m.json"));
  // generate on 2 ranks.
  const std::string config = write_file(dir, "synthetic.toml", "[data.synthetic]\nrows = 500\nfeatures = 20\nseed = 3\n");
  REQUIRE(run_dlogit(1, "generate " + config + " --output " + dir + "/g.svm").exit_code == 0);
  const auto generated = run_dlogit(2, "generate " + config + " --output - 2> " + err + " | cat > " + dir + "/g-dash.svm");
  INFO(generated.out << read_text(err));
  REQUIRE(generated.exit_code == 0);
  CHECK_THAT(read_text(err), Catch::Contains("wrote -: 500 rows"));
  CHECK(same_bytes(dir + "/g.svm", dir + "/g-dash.svm"));
}

TEST_CASE("an --output that is a FIFO or a link to a device is written in place, never renamed over") {
  const std::string dir = dlogit::test::temp_dir("e2e-nonregular");
  const std::string model = train_small(dir);
  const std::string data = write_file(dir, "unlabeled.svm", libsvm_rows(40, false));
  const std::string reference = dir + "/reference.tsv";
  REQUIRE(run_dlogit(1, "predict --model " + model + " --data " + data + " --output " + reference).exit_code == 0);

  // A FIFO read by a background cat (as `--output >(cat)` would be): it gets every line, the FIFO stays.
  const std::string fifo = dir + "/fifo";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string received = dir + "/received.tsv";
  REQUIRE(std::system(("timeout 60 cat " + fifo + " > " + received + " &").c_str()) == 0);
  const auto outcome = run_dlogit(2, "predict --model " + model + " --data " + data + " --output " + fifo);
  INFO(outcome.out);
  REQUIRE(outcome.exit_code == 0);
  for (int i = 0; i < 100 && !same_bytes(reference, received); ++i) usleep(100000);  // cat finishing
  CHECK(same_bytes(reference, received));
  struct stat status {};
  REQUIRE(::lstat(fifo.c_str(), &status) == 0);
  CHECK(S_ISFIFO(status.st_mode));

  // A link to /dev/null, standing in for /dev/stdout (itself a link): the link and the device stay.
  const std::string null_link = dir + "/stdout";
  std::filesystem::create_symlink("/dev/null", null_link);
  for (const std::string& command : {"predict --model " + model + " --data " + data,
                                    "evaluate --model " + model + " --data " + write_file(dir, "l.svm", libsvm_rows(9, true)),
                                    "export --model " + model}) {
    const auto run = run_dlogit(2, command + " --output " + null_link);
    INFO(command << "\n" << run.out);
    CHECK(run.exit_code == 0);
    CHECK(std::filesystem::is_symlink(null_link));
    CHECK(std::filesystem::read_symlink(null_link) == "/dev/null");
    REQUIRE(::stat("/dev/null", &status) == 0);
    CHECK(S_ISCHR(status.st_mode));
  }
}

TEST_CASE("predict, evaluate, export and generate create the folder of --output, and errors name the user's path") {
  const std::string dir = dlogit::test::temp_dir("e2e-output-folder");
  const std::string model = train_small(dir);
  const std::string data = write_file(dir, "labeled.svm", libsvm_rows(30, true));
  const std::string config = write_file(dir, "synthetic.toml", "[data.synthetic]\nrows = 50\nfeatures = 5\n");
  const std::vector<std::pair<std::string, std::string>> commands = {
      {"predict --model " + model + " --data " + data, "p.tsv"},
      {"evaluate --model " + model + " --data " + data, "m.json"},
      {"export --model " + model, "w.json"},
      {"generate " + config, "g.svm"}};
  for (const auto& [command, file] : commands) {
    const std::string output = dir + "/new/" + file + ".d/deeper/" + file;
    const auto outcome = run_dlogit(2, command + " --output " + output);
    INFO(command << "\n" << outcome.out);
    CHECK(outcome.exit_code == 0);
    CHECK(std::filesystem::is_regular_file(output));
    // A folder that cannot be created (root can create folders anywhere but in /proc and /sys).
    const std::string impossible = "/proc/dlogit-no-such-folder/" + file;
    const auto refused = run_dlogit(2, command + " --output " + impossible);
    INFO(refused.out);
    CHECK(refused.exit_code == 1);
    CHECK_THAT(refused.out, Catch::Contains("cannot create the folder /proc/dlogit-no-such-folder for " + impossible));
    CHECK_THAT(refused.out, !Catch::Contains(".tmp"));
  }
}

TEST_CASE("a checkpoint given as --model scores with the weights of its iteration and says so") {
  const std::string dir = dlogit::test::temp_dir("e2e-checkpoint-model");
  const std::string model = train_small(dir);
  std::vector<std::string> checkpoints;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/ckpt")) checkpoints.push_back(entry.path().string());
  std::sort(checkpoints.begin(), checkpoints.end());
  REQUIRE(checkpoints.size() >= 3);
  const std::string& last = checkpoints.back();
  const std::string early = dir + "/ckpt/ckpt-00000002.bin";
  REQUIRE(std::filesystem::exists(early));
  const std::string data = write_file(dir, "unlabeled.svm", libsvm_rows(40, false));

  // The last checkpoint holds the final weights: its predictions and export are model.bin's, byte for byte.
  REQUIRE(run_dlogit(1, "predict --model " + model + " --data " + data + " --output " + dir + "/model.tsv").exit_code == 0);
  const auto predicted = run_dlogit(2, "predict --model " + last + " --data " + data + " --output " + dir + "/last.tsv");
  INFO(predicted.out);
  REQUIRE(predicted.exit_code == 0);
  CHECK_THAT(predicted.out, Catch::Contains("using the weights of checkpoint iteration " +
                                            std::to_string(std::stoi(last.substr(last.size() - 12, 8))) + " of " + last));
  CHECK(same_bytes(dir + "/model.tsv", dir + "/last.tsv"));
  REQUIRE(run_dlogit(1, "export --model " + model + " --output " + dir + "/model.json").exit_code == 0);
  const auto exported = run_dlogit(1, "export --model " + last + " --output " + dir + "/last.json");
  CHECK_THAT(exported.out, Catch::Contains("using the weights of checkpoint iteration"));
  CHECK(same_bytes(dir + "/model.json", dir + "/last.json"));

  // An early one: its own weights, announced as such.
  const std::string labeled = write_file(dir, "labeled.svm", libsvm_rows(40, true));
  const auto evaluated = run_dlogit(3, "evaluate --model " + early + " --data " + labeled);
  INFO(evaluated.out);
  CHECK(evaluated.exit_code == 0);
  CHECK_THAT(evaluated.out, Catch::Contains("using the weights of checkpoint iteration 2 of " + early));
  REQUIRE(run_dlogit(1, "predict --model " + early + " --data " + data + " --output " + dir + "/early.tsv").exit_code == 0);
  CHECK(!same_bytes(dir + "/model.tsv", dir + "/early.tsv"));
  CHECK(line_count(dir + "/early.tsv") == 40);
}

namespace {

// The same LIBSVM text with every feature index one lower (as scikit-learn's dump_svmlight_file writes).
std::string zero_based(const std::string& text) {
  std::string out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    std::istringstream tokens(line);
    std::string shifted;
    for (std::string token; tokens >> token;) {
      const auto colon = token.find(':');
      if (colon != std::string::npos) token = std::to_string(std::stoi(token.substr(0, colon)) - 1) + token.substr(colon);
      shifted += (shifted.empty() ? "" : " ") + token;
    }
    out += shifted + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("data.zero_based = auto trains on 0-based data as on the same rows 1-based, and predict follows") {
  const std::string dir = dlogit::test::temp_dir("e2e-zero-based");
  const std::string one = write_file(dir, "one.svm", libsvm_rows(80, true));
  const std::string zero = write_file(dir, "zero.svm", zero_based(libsvm_rows(80, true)));
  REQUIRE(read_text(zero).find(" 0:") != std::string::npos);
  const std::string config = write_file(dir, "c.toml",
                                        "[data]\ntrain = \"" + one + "\"\n[regularization]\nlambda = 0.1\n"
                                        "[optimizer]\nmethod = \"newton\"\n[checkpoint]\nevery = 0\n");
  std::vector<std::string> results;
  for (const auto& [data, ranks, name] : {std::tuple{one, 1, "one1"}, std::tuple{zero, 1, "zero1"}, std::tuple{zero, 3, "zero3"}}) {
    const auto outcome = run_dlogit(ranks, "train --quiet " + config + " --set data.train=" + data +
                                               " --set output.dir=" + dir + "/" + name);
    INFO(outcome.out);
    REQUIRE(outcome.exit_code == 0);
    results.push_back(dir + "/" + name);
  }
  CHECK(dlogit::test::json_number(results[0] + "/result.json", "features") == kFeatures);
  CHECK(dlogit::test::json_number(results[1] + "/result.json", "features") == kFeatures);
  // The same trained state; the files differ in their config hash (data.train names another file).
  for (const auto& result : {results[0], results[1]})
    REQUIRE(run_dlogit(1, "export --model " + result + "/model.bin --output " + result + "/model.json").exit_code == 0);
  CHECK(same_bytes(results[0] + "/model.json", results[1] + "/model.json"));
  CHECK(std::abs(dlogit::test::json_number(results[2] + "/result.json", "objective") -
                 dlogit::test::json_number(results[0] + "/result.json", "objective")) <= 1e-12);
  // false reads the 0-based file as 1-based: its index 0 is refused, naming the key.
  const auto refused = run_dlogit(2, "train --quiet " + config + " --set data.train=" + zero +
                                         " --set data.zero_based=false --set output.dir=" + dir + "/refused");
  CHECK(refused.exit_code == 1);
  CHECK_THAT(refused.out, Catch::Contains("bad feature index '0'") && Catch::Contains("data.zero_based = true"));

  // predict: auto detects it too; a 0-based file without an index 0 needs --zero-based true.
  const std::string model = results[0] + "/model.bin";
  const std::string reference = dir + "/reference.tsv";
  REQUIRE(run_dlogit(1, "predict --model " + model + " --data " + one + " --output " + reference).exit_code == 0);
  for (const int ranks : {1, 3}) {
    const std::string output = dir + "/zero" + std::to_string(ranks) + ".tsv";
    const auto outcome = run_dlogit(ranks, "predict --model " + model + " --data " + zero + " --output " + output);
    INFO(outcome.out);
    REQUIRE(outcome.exit_code == 0);
    CHECK(same_bytes(reference, output));
  }
  const std::string no_zero_rows = "1 2:1 3:1\n-1 1:2\n1 6:1\n";
  const std::string shifted = write_file(dir, "no-zero.svm", zero_based(no_zero_rows));
  const std::string plain = write_file(dir, "plain.svm", no_zero_rows);
  REQUIRE(run_dlogit(1, "predict --model " + model + " --data " + plain + " --output " + dir + "/plain.tsv").exit_code == 0);
  REQUIRE(run_dlogit(2, "predict --zero-based true --model " + model + " --data " + shifted + " --output " + dir +
                            "/shifted.tsv").exit_code == 0);
  CHECK(same_bytes(dir + "/plain.tsv", dir + "/shifted.tsv"));
}

TEST_CASE("a feature beyond the model's width suggests data.features, and inspect verifies a model's checksum") {
  const std::string dir = dlogit::test::temp_dir("e2e-hints");
  const std::string model = train_small(dir);
  const std::string wide = write_file(dir, "wide.svm", "1 1:1\n-1 2:1 9:1\n");
  for (const std::string& command : {"predict --output " + dir + "/p.tsv", std::string("evaluate")}) {
    const auto outcome = run_dlogit(2, command + " --model " + model + " --data " + wide);
    INFO(outcome.out);
    CHECK(outcome.exit_code == 1);
    CHECK_THAT(outcome.out, Catch::Contains(wide + ":2: feature index 9 in \"9:1\" is above the feature count 6") &&
                                Catch::Contains("train with data.features >= 9"));
  }
  const std::string wide_csv = write_file(dir, "wide.csv", "1,0,0,0,0,0,0,0,1\n-1,1,0,0,0,0,0,0,0\n");
  const auto csv = run_dlogit(1, "evaluate --model " + model + " --data " + wide_csv);
  INFO(csv.out);
  CHECK(csv.exit_code == 1);
  CHECK_THAT(csv.out, Catch::Contains("has 8 feature columns") && Catch::Contains("train with data.features >= 8"));

  const auto inspected = run_dlogit(1, "inspect " + model);
  INFO(inspected.out);
  CHECK(inspected.exit_code == 0);
  CHECK_THAT(inspected.out, Catch::Contains(model + ": dlogit model, format version 2, checksum ok"));
}
