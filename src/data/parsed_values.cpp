#include "data/parsed_values.hpp"

#include <algorithm>

namespace dlogit::data {

ParsedValues::ParsedValues(const StorageOptions& options, bool sparse) {
  using Values = StorageOptions::Values;
  float32_allowed_ = options.values != Values::float64;
  round_to_float_ = options.values == Values::float32;
  if (sparse && options.implicit_ones && float32_allowed_) {
    layout_ = ValueType::implicit_ones;
  } else {
    layout_ = float32_allowed_ ? ValueType::float32 : ValueType::float64;
  }
}

void ParsedValues::reserve(std::size_t count) {
  reserved_ = count;
  if (layout_ == ValueType::float32) narrow_.reserve(count);
  if (layout_ == ValueType::float64) wide_.reserve(count);
}

void ParsedValues::widen_and_push(double value) {
  const float narrow = static_cast<float>(value);
  const bool fits_float = round_to_float_ || static_cast<double>(narrow) == value;
  if (layout_ == ValueType::implicit_ones && float32_allowed_ && fits_float) {
    narrow_.reserve(std::max(reserved_, ones_ + 1));
    narrow_.assign(ones_, 1.0f);
    narrow_.push_back(narrow);
    layout_ = ValueType::float32;
    return;
  }
  wide_.reserve(std::max(reserved_, size() + 1));
  if (layout_ == ValueType::implicit_ones) wide_.assign(ones_, 1.0);
  if (layout_ == ValueType::float32) {
    wide_.assign(narrow_.begin(), narrow_.end());
    std::vector<float>().swap(narrow_);
  }
  wide_.push_back(value);
  layout_ = ValueType::float64;
}

void ParsedValues::truncate(std::size_t count) {
  switch (layout_) {
    case ValueType::implicit_ones: ones_ = std::min(ones_, count); break;
    case ValueType::float32: narrow_.resize(std::min(narrow_.size(), count)); break;
    case ValueType::float64: wide_.resize(std::min(wide_.size(), count)); break;
  }
}

std::size_t ParsedValues::size() const {
  switch (layout_) {
    case ValueType::implicit_ones: return ones_;
    case ValueType::float32: return narrow_.size();
    case ValueType::float64: return wide_.size();
  }
  return 0;
}

double ParsedValues::operator[](std::size_t i) const {
  switch (layout_) {
    case ValueType::implicit_ones: return 1.0;
    case ValueType::float32: return static_cast<double>(narrow_[i]);
    case ValueType::float64: return wide_[i];
  }
  return 0.0;
}

std::vector<double> ParsedValues::to_vector() const {
  std::vector<double> out(size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = (*this)[i];
  return out;
}

void ParsedValues::move_into(std::vector<double>& values64, std::vector<float>& values32) {
  values64 = std::move(wide_);
  values32 = std::move(narrow_);
  wide_.clear();
  narrow_.clear();
  ones_ = 0;
}

}  // namespace dlogit::data
