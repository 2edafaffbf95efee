#pragma once
#include <cstddef>
#include <vector>

#include "data/dataset.hpp"

namespace dlogit::data {

// Feature values as a parser meets them, held from the first value in the leanest layout the storage
// options allow: no array at all while every value is 1 (sparse data only), float32 while every value
// converts exactly (or always, when float32 is asked for), float64 otherwise. The shard is thereby
// built in its final layout, and peak memory stays near the shard's size instead of holding 8-byte
// values next to their narrowed copy. A value that needs a wider layout copies the array once.
class ParsedValues {
 public:
  ParsedValues() : ParsedValues(StorageOptions{}, true) {}
  // `sparse`: whether all-ones may be held without an array (dense rows always keep their values).
  ParsedValues(const StorageOptions& options, bool sparse);

  // Room for `count` values in whichever array is (or becomes) in use: the parsers measure their
  // shard first, so the arrays are allocated once at their final size.
  void reserve(std::size_t count);

  void push(double value) {
    switch (layout_) {
      case ValueType::implicit_ones:
        if (value == 1.0) {
          ++ones_;
          return;
        }
        break;
      case ValueType::float32: {
        const float narrow = static_cast<float>(value);
        if (round_to_float_ || static_cast<double>(narrow) == value) {
          narrow_.push_back(narrow);
          return;
        }
        break;
      }
      case ValueType::float64:
        wide_.push_back(value);
        return;
    }
    widen_and_push(value);
  }

  // Drops the values after the first `count` (a row that turned out bad). The layout stays as wide as
  // it became; Dataset::compact narrows it again if it can.
  void truncate(std::size_t count);

  std::size_t size() const;
  ValueType layout() const { return layout_; }
  double operator[](std::size_t i) const;
  // Every value as a double (tests and tools).
  std::vector<double> to_vector() const;

  // Hands the array over (nothing for implicit ones); the other one is left empty.
  void move_into(std::vector<double>& values64, std::vector<float>& values32);

 private:
  void widen_and_push(double value);

  ValueType layout_ = ValueType::float64;
  bool round_to_float_ = false;   // float32 asked for: rounding is accepted
  bool float32_allowed_ = false;
  std::size_t ones_ = 0;          // count while the layout is implicit_ones
  std::size_t reserved_ = 0;
  std::vector<float> narrow_;
  std::vector<double> wide_;
};

}  // namespace dlogit::data
