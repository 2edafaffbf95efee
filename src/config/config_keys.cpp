#include "config/config_keys.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>
#include <type_traits>
#include <utility>

#include "common/quoted_excerpt.hpp"
#include "config/class_weight.hpp"
#include "config/validation.hpp"

namespace dlogit::config {
namespace {

template <class T>
struct NonDeduced {
  using type = T;
};
template <class T>
using NonDeducedCheck = typename NonDeduced<Check<T>>::type;

std::string mismatch(ValueType expected, const Value& got) {
  return "expected " + expected_name(expected) + ", got " + describe(got);
}

// How a value of each field type is taken out of a Value.
template <class T>
struct FieldType;

// A key whose TOML value must hold exactly the C++ type T.
template <class T, ValueType Type>
struct ExactFieldType {
  static constexpr ValueType type = Type;
  static std::string take(const Value& value, T& out) {
    if (const auto* exact = std::get_if<T>(&value)) {
      out = *exact;
      return "";
    }
    return mismatch(type, value);
  }
};

template <>
struct FieldType<bool> : ExactFieldType<bool, ValueType::boolean> {};

template <>
struct FieldType<std::int64_t> : ExactFieldType<std::int64_t, ValueType::integer> {};

template <>
struct FieldType<int> {
  static constexpr ValueType type = ValueType::integer;
  static std::string take(const Value& value, int& out) {
    std::int64_t wide = 0;
    std::string problem = FieldType<std::int64_t>::take(value, wide);
    if (!problem.empty()) return problem;
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
      return "integer " + std::to_string(wide) + " is out of range (at most " +
             std::to_string(std::numeric_limits<int>::max()) + ")";
    }
    out = static_cast<int>(wide);
    return "";
  }
};

template <>
struct FieldType<double> {
  static constexpr ValueType type = ValueType::floating;
  static std::string take(const Value& value, double& out) {
    if (const auto* d = std::get_if<double>(&value)) {
      if (!std::isfinite(*d)) return "must be a finite number, got " + describe(value);
      out = *d;
      return "";
    }
    if (const auto* i = std::get_if<std::int64_t>(&value)) {  // integers are fine where a float is expected
      out = static_cast<double>(*i);
      return "";
    }
    return mismatch(type, value);
  }
};

template <>
struct FieldType<std::string> : ExactFieldType<std::string, ValueType::string> {};

// A field's value as the Value the file would hold (ints widened, as the file's integers are).
Value value_of(bool field) { return field; }
Value value_of(int field) { return static_cast<std::int64_t>(field); }
Value value_of(std::int64_t field) { return field; }
Value value_of(double field) { return field; }
Value value_of(const std::string& field) { return field; }

template <class T>
std::optional<Value> value_of(const std::optional<T>& field) {
  if (!field) return std::nullopt;
  return value_of(*field);
}

// How a key read from a string (an enum, the class weights) writes its field back as that string.
template <class T>
using Writer = std::function<std::string(const T&)>;

template <class Enum>
Writer<Enum> name_of(const NameTable<Enum>& names) {
  return [&names](const Enum& value) { return names.name(value); };
}

// A key stored in a plain field: it always has a value (its default until set).
template <class S, class T>
KeySpec bind(const char* section, const char* name, S Config::*part, T S::*field,
             NonDeducedCheck<T> check = nullptr) {
  KeySpec spec;
  spec.section = section;
  spec.name = name;
  spec.type = FieldType<T>::type;
  spec.assign = [part, field](Config& config, const Value& value) {
    return Assignment{FieldType<T>::take(value, config.*part.*field), ""};
  };
  spec.clear = [part, field](Config& config) { config.*part.*field = S{}.*field; };
  spec.check = [part, field, check](const Config& config) -> std::string {
    return check ? check(config.*part.*field) : std::string();
  };
  spec.get = [part, field](const Config& config) -> std::optional<Value> { return value_of(config.*part.*field); };
  return spec;
}

// An optional key: unset unless given; an empty override clears it.
template <class S, class T>
KeySpec bind(const char* section, const char* name, S Config::*part, std::optional<T> S::*field,
             NonDeducedCheck<T> check = nullptr) {
  KeySpec spec;
  spec.section = section;
  spec.name = name;
  spec.type = FieldType<T>::type;
  spec.unset = Unset::to_nothing;
  spec.assign = [part, field](Config& config, const Value& value) {
    T stored{};
    std::string problem = FieldType<T>::take(value, stored);
    if (problem.empty()) (config.*part.*field) = std::move(stored);
    return Assignment{problem, ""};
  };
  spec.clear = [part, field](Config& config) { (config.*part.*field).reset(); };
  spec.check = [part, field, check](const Config& config) -> std::string {
    const auto& stored = config.*part.*field;
    return check && stored ? check(*stored) : std::string();
  };
  spec.get = [part, field](const Config& config) { return value_of(config.*part.*field); };
  return spec;
}

// regularization.lambda: one number, or a list of them (a path over those lambdas, largest first).
KeySpec lambda_key() {
  KeySpec spec;
  spec.section = "regularization";
  spec.name = "lambda";
  spec.type = ValueType::floating_or_list;
  spec.assign = [](Config& config, const Value& value) -> Assignment {
    RegularizationConfig& regularization = config.regularization;
    if (const auto* list = std::get_if<NumberList>(&value)) {
      if (list->values.empty()) return {"expected a non-empty list of lambdas, got an empty list", ""};
      for (const double lambda : list->values) {
        if (!std::isfinite(lambda)) return {"every lambda must be a finite number, got " + describe(value), ""};
      }
      regularization.lambda_list = list->values;
      std::sort(regularization.lambda_list.begin(), regularization.lambda_list.end(), std::greater<>());
      regularization.lambda = regularization.lambda_list.front();
      return {};
    }
    std::string problem = FieldType<double>::take(value, regularization.lambda);
    if (!problem.empty()) {
      // A number of the right type that is not finite (nan, inf) says so; any other value names the types.
      if (std::holds_alternative<double>(value)) return {problem, ""};
      return {"expected " + expected_name(ValueType::floating_or_list) + ", got " + describe(value), ""};
    }
    regularization.lambda_list.clear();
    return {};
  };
  spec.clear = [](Config& config) {
    config.regularization.lambda = RegularizationConfig{}.lambda;
    config.regularization.lambda_list.clear();
  };
  spec.check = [](const Config& config) -> std::string {
    const auto& list = config.regularization.lambda_list;
    for (const double lambda : list) {
      if (lambda < 0.0) return "must be >= 0, got " + format_number(lambda) + " in the list";
    }
    for (std::size_t i = 1; i < list.size(); ++i) {
      if (list[i] == list[i - 1]) return "lists " + format_number(list[i]) + " twice";
    }
    return at_least(0.0)(config.regularization.lambda);
  };
  spec.get = [](const Config& config) -> std::optional<Value> {
    const auto& list = config.regularization.lambda_list;
    if (list.empty()) return Value(config.regularization.lambda);
    return Value(NumberList{list});
  };
  return spec;
}

// An optional key stored one struct deeper (regularization.path.max lives in Config::regularization.path).
template <class S, class N, class T>
KeySpec bind(const char* section, const char* name, S Config::*part, N S::*nested, std::optional<T> N::*field,
             NonDeducedCheck<T> check = nullptr) {
  KeySpec spec;
  spec.section = section;
  spec.name = name;
  spec.type = FieldType<T>::type;
  spec.unset = Unset::to_nothing;
  spec.assign = [part, nested, field](Config& config, const Value& value) {
    T stored{};
    std::string problem = FieldType<T>::take(value, stored);
    if (problem.empty()) (config.*part.*nested.*field) = std::move(stored);
    return Assignment{problem, ""};
  };
  spec.clear = [part, nested, field](Config& config) { (config.*part.*nested.*field).reset(); };
  spec.check = [part, nested, field, check](const Config& config) -> std::string {
    const auto& stored = config.*part.*nested.*field;
    return check && stored ? check(*stored) : std::string();
  };
  spec.get = [part, nested, field](const Config& config) { return value_of(config.*part.*nested.*field); };
  return spec;
}

// A string key read into a typed field (a choice's enum, the class weights). Text it cannot read leaves
// the field as it was and waits, as unreadable, for validate to report it.
template <class T>
Assignment read_string(const Value& value, const Reader<T>& read, T& out) {
  std::string text;
  std::string refused = FieldType<std::string>::take(value, text);
  if (!refused.empty()) return {refused, ""};
  T stored{};
  std::string unreadable = read(text, stored);
  if (unreadable.empty()) out = std::move(stored);
  return {"", unreadable};
}

template <class S, class T>
KeySpec bind_read(const char* section, const char* name, S Config::*part, T S::*field,
                  typename NonDeduced<Reader<T>>::type read, typename NonDeduced<Writer<T>>::type write) {
  KeySpec spec;
  spec.section = section;
  spec.name = name;
  spec.type = ValueType::string;
  spec.assign = [part, field, read](Config& config, const Value& value) {
    return read_string(value, read, config.*part.*field);
  };
  spec.clear = [part, field](Config& config) { config.*part.*field = S{}.*field; };
  spec.check = [](const Config&) { return std::string(); };
  spec.get = [part, field, write](const Config& config) -> std::optional<Value> { return Value(write(config.*part.*field)); };
  return spec;
}

// An optional key read from a string: unset unless given; an empty override clears it.
template <class S, class T>
KeySpec bind_read(const char* section, const char* name, S Config::*part, std::optional<T> S::*field,
                  typename NonDeduced<Reader<T>>::type read, typename NonDeduced<Writer<T>>::type write) {
  KeySpec spec;
  spec.section = section;
  spec.name = name;
  spec.type = ValueType::string;
  spec.unset = Unset::to_nothing;
  spec.assign = [part, field, read](Config& config, const Value& value) {
    T stored{};
    const Assignment assignment = read_string(value, read, stored);
    if (assignment.refused.empty() && assignment.unreadable.empty()) config.*part.*field = std::move(stored);
    return assignment;
  };
  spec.clear = [part, field](Config& config) { (config.*part.*field).reset(); };
  spec.check = [](const Config&) { return std::string(); };
  spec.get = [part, field, write](const Config& config) -> std::optional<Value> {
    const auto& stored = config.*part.*field;
    if (!stored) return std::nullopt;
    return Value(write(*stored));
  };
  return spec;
}

KeySpec required(KeySpec spec) {
  spec.required = true;
  return spec;
}

KeySpec path(KeySpec spec) {
  spec.is_path = true;
  return spec;
}

KeySpec only_when_set(KeySpec spec) {
  spec.only_when_set = true;
  return spec;
}

// Where files go, whether to resume, how many threads: the same training whatever they are.
KeySpec run_only(KeySpec spec) {
  spec.shapes_model = false;
  return spec;
}

// An empty override puts the default back (data.format: derived again from data.train).
KeySpec resettable(KeySpec spec) {
  spec.unset = Unset::to_default;
  return spec;
}

Reader<ClassWeightSetting> class_weight_form() {
  return [](const std::string& text, ClassWeightSetting& setting) {
    setting.text = text;
    return parse_class_weight(text, setting.weights);
  };
}

// data.zero_based: true, false or "auto" (detected, as scikit-learn's load_svmlight_file does).
KeySpec zero_based_key() {
  KeySpec spec;
  spec.section = "data";
  spec.name = "zero_based";
  spec.type = ValueType::boolean_or_auto;
  spec.assign = [](Config& config, const Value& value) -> Assignment {
    if (const auto* flag = std::get_if<bool>(&value)) {
      config.data.zero_based = *flag ? data::IndexBase::zero : data::IndexBase::one;
      return {};
    }
    if (const auto* text = std::get_if<std::string>(&value); text != nullptr && *text == "auto") {
      config.data.zero_based = data::IndexBase::detect;
      return {};
    }
    return {mismatch(ValueType::boolean_or_auto, value), ""};
  };
  spec.clear = [](Config& config) { config.data.zero_based = DataConfig{}.zero_based; };
  spec.check = [](const Config&) { return std::string(); };
  spec.get = [](const Config& config) -> std::optional<Value> {
    switch (config.data.zero_based) {
      case data::IndexBase::zero: return Value(true);
      case data::IndexBase::one: return Value(false);
      case data::IndexBase::detect: break;
    }
    return Value(std::string("auto"));
  };
  return spec;
}

std::vector<KeySpec> make_table() {
  using C = Config;
  return {
      path(required(bind("data", "train", &C::data, &DataConfig::train, non_empty()))),
      path(bind("data", "test", &C::data, &DataConfig::test, non_empty())),
      resettable(bind_read("data", "format", &C::data, &DataConfig::format, one_of(data::format_names()),
                           name_of(data::format_names()))),
      bind("data", "features", &C::data, &DataConfig::features, at_least<std::int64_t>(1)),
      bind("data", "positive_label", &C::data, &DataConfig::positive_label),
      bind("data", "label_column", &C::data, &DataConfig::label_column, at_least(1)),
      bind("data", "header", &C::data, &DataConfig::header),
      zero_based_key(),
      path(bind("data", "weights", &C::data, &DataConfig::weights, non_empty())),
      bind("data", "weight_column", &C::data, &DataConfig::weight_column, at_least(1)),
      bind("data", "value_type", &C::data, &DataConfig::value_type, one_of({"auto", "float64", "float32"})),
      bind("data", "implicit_ones", &C::data, &DataConfig::implicit_ones),
      run_only(bind("data", "cache", &C::data, &DataConfig::cache)),
      run_only(path(bind("data", "cache_dir", &C::data, &DataConfig::cache_dir, non_empty()))),

      bind("data.synthetic", "rows", &C::synthetic, &SyntheticConfig::rows, at_least<std::int64_t>(1)),
      bind("data.synthetic", "features", &C::synthetic, &SyntheticConfig::features,
           [](const std::int64_t& value) -> std::string {
             // The column indices of the sparse rows are ints.
             if (value >= 1 && value <= std::numeric_limits<int>::max()) return "";
             return "must be in [1, " + std::to_string(std::numeric_limits<int>::max()) + "], got " +
                    std::to_string(value);
           }),
      bind("data.synthetic", "density", &C::synthetic, &SyntheticConfig::density, 
           [](const double& value) -> std::string {
             if (value > 0.0 && value <= 1.0) return "";
             return "must be in (0, 1], got " + format_number(value);
           }),
      bind("data.synthetic", "dense", &C::synthetic, &SyntheticConfig::dense),
      bind("data.synthetic", "binary", &C::synthetic, &SyntheticConfig::binary),
      bind("data.synthetic", "seed", &C::synthetic, &SyntheticConfig::seed, at_least<std::int64_t>(0)),
      bind("data.synthetic", "weight_scale", &C::synthetic, &SyntheticConfig::weight_scale, at_least(0.0)),
      bind("data.synthetic", "label_noise", &C::synthetic, &SyntheticConfig::label_noise, between(0.0, 0.5)),
      bind("data.synthetic", "test_rows", &C::synthetic, &SyntheticConfig::test_rows, at_least<std::int64_t>(1)),

      bind("model", "fit_intercept", &C::model, &ModelConfig::fit_intercept),
      bind_read("model", "class_weight", &C::model, &ModelConfig::class_weight, class_weight_form(),
                [](const ClassWeightSetting& setting) { return setting.text; }),

      bind_read("regularization", "penalty", &C::regularization, &RegularizationConfig::penalty,
                one_of(model::penalty_names()), name_of(model::penalty_names())),
      lambda_key(),
      bind("regularization", "l1_ratio", &C::regularization, &RegularizationConfig::l1_ratio, between(0.0, 1.0)),
      bind("regularization", "path.max", &C::regularization, &RegularizationConfig::path, &PathConfig::max,
           Check<double>([](const double& value) -> std::string {
             return value > 0.0 ? "" : "must be > 0, got " + format_number(value);
           })),
      bind("regularization", "path.min_ratio", &C::regularization, &RegularizationConfig::path,
           &PathConfig::min_ratio, positive_at_most_one()),
      bind("regularization", "path.count", &C::regularization, &RegularizationConfig::path, &PathConfig::count,
           at_least(1)),

      bind_read("optimizer", "method", &C::optimizer, &OptimizerConfig::method, one_of(method_names()),
                name_of(method_names())),
      only_when_set(bind("optimizer", "max_iter", &C::optimizer, &OptimizerConfig::max_iter, at_least(1))),
      only_when_set(bind("optimizer", "tol", &C::optimizer, &OptimizerConfig::tol, at_least(0.0))),
      bind("optimizer", "gap_tol", &C::optimizer, &OptimizerConfig::gap_tol, at_least(0.0)),
      bind("optimizer", "history", &C::optimizer, &OptimizerConfig::history, at_least(1)),
      bind("optimizer", "hessian_block", &C::optimizer, &OptimizerConfig::hessian_block, at_least(0)),
      bind("optimizer", "preconditioner", &C::optimizer, &OptimizerConfig::preconditioner),

      run_only(path(bind("output", "dir", &C::output, &OutputConfig::dir, non_empty()))),

      run_only(path(bind("checkpoint", "dir", &C::checkpoint, &CheckpointConfig::dir, non_empty()))),
      run_only(bind("checkpoint", "every", &C::checkpoint, &CheckpointConfig::every, at_least(0))),
      run_only(bind("checkpoint", "seconds", &C::checkpoint, &CheckpointConfig::seconds, at_least(0.0))),
      run_only(bind("checkpoint", "keep", &C::checkpoint, &CheckpointConfig::keep, at_least(1))),
      run_only(bind("checkpoint", "resume", &C::checkpoint, &CheckpointConfig::resume)),

      run_only(bind("runtime", "threads", &C::runtime, &RuntimeConfig::threads, at_least(0))),

      bind("cv", "folds", &C::cv, &CvConfig::folds, at_least(2)),
      bind("cv", "seed", &C::cv, &CvConfig::seed, at_least<std::int64_t>(0)),
      bind("cv", "stratified", &C::cv, &CvConfig::stratified),
      bind_read("cv", "metric", &C::cv, &CvConfig::metric, one_of(cv_metric_names()), name_of(cv_metric_names())),
      bind_read("cv", "rule", &C::cv, &CvConfig::rule, one_of(selection_rule_names()),
                name_of(selection_rule_names())),
      bind("cv", "refit", &C::cv, &CvConfig::refit),
  };
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

std::string describe(const Value& value) {
  struct Describe {
    std::string operator()(bool b) const { return std::string("boolean ") + (b ? "true" : "false"); }
    std::string operator()(std::int64_t i) const { return "integer " + std::to_string(i); }
    std::string operator()(double d) const { return "float " + format_number(d); }
    std::string operator()(const std::string& s) const { return "string \"" + quoted_excerpt(s) + "\""; }
    std::string operator()(const NumberList& list) const {
      std::string text = "list [";
      for (std::size_t i = 0; i < list.values.size(); ++i) text += (i ? ", " : "") + format_number(list.values[i]);
      return text + "]";
    }
    std::string operator()(const OtherValue& other) const { return other.type_name; }
  };
  return std::visit(Describe{}, value);
}

std::string expected_name(ValueType type) {
  switch (type) {
    case ValueType::boolean: return "boolean";
    case ValueType::integer: return "integer";
    case ValueType::floating: return "float (or integer)";
    case ValueType::string: return "string";
    case ValueType::floating_or_list: return "float (or integer) or a list of them";
    case ValueType::boolean_or_auto: return "true, false or \"auto\"";
  }
  return "?";
}

const std::vector<KeySpec>& key_table() {
  static const std::vector<KeySpec> table = make_table();
  return table;
}

const KeySpec* find_key(const std::string& section, const std::string& name) {
  for (const auto& spec : key_table()) {
    if (spec.section == section && spec.name == name) return &spec;
  }
  return nullptr;
}

bool is_known_section(const std::string& section) {
  for (const auto& spec : key_table()) {
    if (spec.section == section) return true;
  }
  return false;
}

bool is_known_subtable(const std::string& section, const std::string& name) {
  const std::string prefix = name + ".";
  for (const auto& spec : key_table()) {
    if (spec.section == section && spec.name.compare(0, prefix.size(), prefix) == 0) return true;
  }
  return false;
}

std::string known_sections_list() {
  std::vector<std::string> sections;
  for (const auto& spec : key_table()) {
    if (sections.empty() || sections.back() != spec.section) sections.push_back(spec.section);
  }
  return join(sections);
}

std::string known_keys_list(const std::string& section) {
  std::vector<std::string> names;
  for (const auto& spec : key_table()) {
    if (spec.section == section) names.push_back(spec.name);
  }
  return join(names);
}

void Origins::record(const std::string& key, const std::string& where, const Assignment& assignment) {
  keys[key] = where;
  if (assignment.unreadable.empty()) {
    unreadable.erase(key);
  } else {
    unreadable[key] = assignment.unreadable;
  }
}

void Origins::forget(const std::string& key) {
  keys.erase(key);
  unreadable.erase(key);
}

std::string Origins::where(const std::string& key) const {
  auto found = keys.find(key);
  return found == keys.end() ? file : found->second;
}

}  // namespace dlogit::config
