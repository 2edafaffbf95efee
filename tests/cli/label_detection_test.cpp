#include "cli/label_detection.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "common/errors.hpp"
#include "support/test_paths.hpp"

using dlogit::cli::data_has_labels;
using dlogit::cli::LabelPresence;
using dlogit::data::Format;

namespace {

std::string error_of(const std::string& path, Format format, LabelPresence presence, bool evaluating) {
  try {
    data_has_labels(path, format, 4, presence, evaluating);
  } catch (const dlogit::UserError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("LIBSVM: the first line with data says whether there are labels", "[cli][labels]") {
  const std::string dir = dlogit::test::temp_dir("label-detection-libsvm");
  const std::string labeled = dlogit::test::write_file(dir, "l.svm", "# header\n\n  -1 1:1\n2:1\n");
  const std::string unlabeled = dlogit::test::write_file(dir, "u.svm", "\n# comment 1 2\n  \t3:1 4:2\n1 2:1\n");
  CHECK(data_has_labels(labeled, Format::libsvm, 4, LabelPresence::auto_detect, false));
  CHECK(data_has_labels(labeled, Format::libsvm, 4, LabelPresence::auto_detect, true));
  CHECK_FALSE(data_has_labels(unlabeled, Format::libsvm, 4, LabelPresence::auto_detect, false));
  CHECK_FALSE(data_has_labels(labeled, Format::libsvm, 4, LabelPresence::absent, false));
  CHECK(data_has_labels(unlabeled, Format::libsvm, 4, LabelPresence::present, false));
  CHECK_THAT(error_of(unlabeled, Format::libsvm, LabelPresence::auto_detect, true),
             Catch::Contains(unlabeled + ":3: evaluate needs labeled data") && Catch::Contains("'3:1'"));
  CHECK_THAT(error_of(labeled, Format::libsvm, LabelPresence::absent, true), Catch::Contains("evaluate needs labeled"));
  // A missing file is left to the reader, which names it.
  CHECK(data_has_labels(dir + "/none.svm", Format::libsvm, 4, LabelPresence::auto_detect, false));
}

TEST_CASE("CSV: the column count against the model's features says whether there are labels", "[cli][labels]") {
  const std::string dir = dlogit::test::temp_dir("label-detection-csv");
  const std::string five = dlogit::test::write_file(dir, "5.csv", "\ny,a,b,c,d\n1,2,3,4,5\n");
  const std::string four = dlogit::test::write_file(dir, "4.csv", "1,2,3,4\n");
  const std::string three = dlogit::test::write_file(dir, "3.csv", "\n\n1,2,3\n");
  CHECK(data_has_labels(five, Format::csv, 4, LabelPresence::auto_detect, false));
  CHECK_FALSE(data_has_labels(four, Format::csv, 4, LabelPresence::auto_detect, false));
  CHECK_THAT(error_of(four, Format::csv, LabelPresence::auto_detect, true),
             Catch::Contains(four + ":1: evaluate needs labeled data, but the first line has 4 columns"));
  CHECK(data_has_labels(four, Format::csv, 4, LabelPresence::present, true));
  CHECK_THAT(error_of(three, Format::csv, LabelPresence::auto_detect, false),
             Catch::Contains(three + ":3: 3 columns for a model of 4 features: cannot tell whether one of them is a "
                                     "label; say --labels yes or --labels no"));
  CHECK(data_has_labels(three, Format::csv, 4, LabelPresence::auto_detect, true));  // evaluate: labeled, padded
  CHECK_FALSE(data_has_labels(three, Format::csv, 4, LabelPresence::absent, false));
}
