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
