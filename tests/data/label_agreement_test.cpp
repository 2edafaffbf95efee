#include "data/label_agreement.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "common/errors.hpp"

using namespace dlogit::data;

TEST_CASE("LocalLabels holds at most two distinct labels", "[data][labels]") {
  LocalLabels labels;
  CHECK(labels.add(1));
  CHECK(labels.add(1));
  CHECK(labels.add(-1));
  CHECK(labels.add(-1.0));
  CHECK(labels.count() == 2);
  CHECK_FALSE(labels.add(2));
  CHECK(labels.count() == 2);
}

TEST_CASE("label slots gather into the sorted union", "[data][labels]") {
  LocalLabels a, b, empty;
  a.add(1);
  b.add(-1);
  b.add(1);
  std::vector<double> slots(3 * label_slot_size);
  pack_labels(a, &slots[0]);
  pack_labels(empty, &slots[label_slot_size]);
  pack_labels(b, &slots[2 * label_slot_size]);
  CHECK(std::isnan(slots[label_slot_size + 1]));
  CHECK(union_labels(slots.data(), 3, label_slot_size) == std::vector<double>{-1, 1});
}

TEST_CASE("the larger label is class 1 unless positive_label says otherwise", "[data][labels]") {
  const auto minus_plus = choose_mapping({-1, 1}, std::nullopt, "f");
  CHECK(minus_plus.negative == -1);
  CHECK(minus_plus.positive == 1);
  const auto one_two = choose_mapping({1, 2}, std::nullopt, "f");
  CHECK(one_two.negative == 1);
  CHECK(one_two.positive == 2);
  const auto zero_one = choose_mapping({0, 1}, std::nullopt, "f");
  CHECK(zero_one.positive == 1);
  const auto flipped = choose_mapping({1, 2}, 1.0, "f");
  CHECK(flipped.positive == 1);
  CHECK(flipped.negative == 2);
  const auto same = choose_mapping({-1, 1}, 1.0, "f");
  CHECK(same.positive == 1);
}

TEST_CASE("label sets that are not two classes are errors", "[data][labels]") {
  CHECK_THROWS_WITH(choose_mapping({-1, 1, 2}, std::nullopt, "train.svm"),
                    Catch::Contains("data file train.svm has more than two labels: -1, 1, 2"));
  CHECK_THROWS_WITH(choose_mapping({1}, std::nullopt, "train.svm"),
                    Catch::Contains("train.svm") && Catch::Contains("needs two classes"));
  CHECK_THROWS_AS(choose_mapping({-1, 1}, 3.0, "train.svm"), dlogit::InputError);
  CHECK_THROWS_WITH(choose_mapping({-1, 1}, 3.0, "train.svm"),
                    Catch::Contains("positive_label 3 is not one of the labels") && Catch::Contains("-1, 1"));
}

TEST_CASE("a trained model's labels: the file may hold one or both of them and nothing else", "[data][labels]") {
  const LabelMapping model{-1, 1};
  const auto both = check_known_mapping({-1, 1}, model, "test.svm");
  CHECK(both.negative == -1);
  CHECK(both.positive == 1);
  CHECK(check_known_mapping({1}, model, "test.svm").positive == 1);  // one class is enough
  CHECK(check_known_mapping({-1}, model, "test.svm").negative == -1);
  CHECK_THROWS_AS(check_known_mapping({0, 1}, model, "test.svm"), dlogit::InputError);
  CHECK_THROWS_WITH(check_known_mapping({1, 2}, model, "test.svm"),
                    Catch::Contains("test.svm has label 2, which is not one of the model's labels (-1, 1"));
}

namespace {

// Slots of ranks that saw `labels` (in order of first appearance; a third entry is the label that
// stopped the shard).
std::vector<double> slots_of(const std::vector<std::vector<double>>& ranks) {
  std::vector<double> slots(ranks.size() * label_slot_size);
  for (std::size_t r = 0; r < ranks.size(); ++r) {
    LocalLabels labels;
    for (const double label : ranks[r]) labels.add(label);
    pack_labels(labels, &slots[r * label_slot_size]);
  }
  return slots;
}

}  // namespace

TEST_CASE("the data's first extra label is found in rank order, on any rank's slot", "[data][labels]") {
  using Ranks = std::vector<std::vector<double>>;
  const auto extra = [](const Ranks& ranks, std::optional<LabelMapping> known = std::nullopt) {
    const auto slots = slots_of(ranks);
    return first_extra_label(slots.data(), static_cast<int>(ranks.size()), label_slot_size, known);
  };
  CHECK_FALSE(extra({{1, -1}, {-1}, {1, -1}}));
  CHECK_FALSE(extra({{}, {1}, {-1}}));
  // Each rank alone has two labels; the third is rank 2's second.
  const auto late = extra({{1, -1}, {-1, 1}, {1, 2}});
  REQUIRE(late);
  CHECK(late->rank == 2);
  CHECK(late->slot == 1);
  CHECK(late->label == 2);
  CHECK(late->allowed == std::vector<double>{1, -1});
  CHECK_THAT(extra_label_detail(*late, false), Catch::Contains("third label '2'") && Catch::Contains("1 and -1"));
  // Rank 1 stopped at its own third label (3), but its first label (2) is the data's third.
  const auto early = extra({{1, -1}, {2, -1, 3}});
  REQUIRE(early);
  CHECK(early->rank == 1);
  CHECK(early->slot == 0);
  CHECK(early->label == 2);
  // A shard's own third label is the first extra one when its other labels are the data's first two.
  const auto own = extra({{1}, {-1, 1, 5}, {7}});
  REQUIRE(own);
  CHECK(own->rank == 1);
  CHECK(own->slot == 2);
  CHECK(own->label == 5);
  // A model's labels: any other label is extra, even the data's first.
  const auto foreign = extra({{1}, {1, 0}}, LabelMapping{-1, 1});
  REQUIRE(foreign);
  CHECK(foreign->rank == 1);
  CHECK(foreign->slot == 1);
  CHECK_THAT(extra_label_detail(*foreign, true), Catch::Contains("label 0 is not one of the model's labels (-1, 1)"));
  CHECK_FALSE(extra({{1}, {-1}}, LabelMapping{-1, 1}));
}

TEST_CASE("a reader's third label keeps the shard's labels and lines", "[data][labels]") {
  LocalLabels labels;
  labels.add(1);
  labels.note_line(0, {0, 10});
  labels.add(1);
  labels.note_line(1, {0, 20});  // no new label: nothing noted
  labels.add(-1);
  labels.note_line(1, {1, 30});
  CHECK_FALSE(labels.add(4));
  CHECK(labels.third() == 4.0);
  CHECK(labels.line(0).offset == 10);
  CHECK(labels.line(1).file == 1);
  CHECK(labels.line(1).offset == 30);
  CHECK_THROWS_AS(throw_line_error("/nonexistent/x.svm", {1, 40}, "third label '4'", labels), ThirdLabelError);
  CHECK(labels.line(2).offset == 40);
  LocalLabels two;
  two.add(1);
  CHECK_THROWS_WITH(throw_line_error("/nonexistent/x.svm", {0, 7}, "bad label", two),
                    Catch::Contains("x.svm:byte 7: bad label"));
}
