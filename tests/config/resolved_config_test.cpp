#include "config/resolved_config.hpp"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include "config/config_keys.hpp"
#include "config_test_helpers.hpp"

using dlogit::config::ResolvedOptions;
using dlogit::config::resolved_toml;
using dlogit::test::load_text;

namespace {

ResolvedOptions in(const std::string& base) {
  ResolvedOptions options;
  options.base_dir = base;
  return options;
}

bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("every key of the table can be written back to a resolved config") {
  for (const auto& spec : dlogit::config::key_table()) {
    INFO(spec.full_name());
    CHECK(static_cast<bool>(spec.get));
  }
}

TEST_CASE("the resolved config holds every key with its value, defaults included, and loads back to the same text") {
  const auto config = load_text(
      "[data]\ntrain = \"data/a9a.svm\"\ntest = \"/abs/a9a.t\"\nweights = \"w.txt\"\n"
      "[model]\nclass_weight = \"balanced\"\n"
      "[regularization]\npenalty = \"elasticnet\"\nlambda = [0.1, 1, 0.01]\nl1_ratio = 0.3\n"
      "[optimizer]\nmethod = \"owlqn\"\n",
      {"output.dir=runs/x", "checkpoint.every=5"});
  const std::string text = resolved_toml(config, in("/work/here"));
  INFO(text);
  // Set keys, with relative paths made absolute against the working directory.
  CHECK(has_line(text, "train = \"/work/here/data/a9a.svm\""));
  CHECK(has_line(text, "test = \"/abs/a9a.t\""));
  CHECK(has_line(text, "weights = \"/work/here/w.txt\""));
  CHECK(has_line(text, "dir = \"/work/here/runs/x\""));
  CHECK(has_line(text, "every = 5"));
  CHECK(has_line(text, "class_weight = \"balanced\""));
  CHECK(has_line(text, "penalty = \"elasticnet\""));
  CHECK(has_line(text, "lambda = [1.0, 0.10000000000000001, 0.01]") == false);  // the fewest digits that read back
  CHECK(has_line(text, "lambda = [1.0, 0.1, 0.01]"));
  CHECK(has_line(text, "method = \"owlqn\""));
  // Defaults of keys that were not set, the derived data.format included.
  CHECK(has_line(text, "format = \"libsvm\""));
  CHECK(has_line(text, "zero_based = \"auto\""));
  CHECK(has_line(text, "fit_intercept = true"));
  CHECK(has_line(text, "gap_tol = 1e-06"));
  CHECK(has_line(text, "resume = true"));
  CHECK(has_line(text, "[data.synthetic]"));

  // Loading the text gives the same config: written again, the same text.
  const auto again = load_text(text);
  CHECK(resolved_toml(again, in("/elsewhere")) == text);
}

TEST_CASE("the resolved config leaves out optional keys that were not set, and keys that mean more when present") {
  const auto config = load_text(dlogit::test::minimal);
  const std::string text = resolved_toml(config, in("/w"));
  INFO(text);
  for (const char* absent : {"test =", "positive_label =", "header =", "weights =", "weight_column =",
                             "cache_dir =", "rows =", "test_rows =", "class_weight =", "path.max =", "path.min_ratio =",
                             "path.count =", "threads =", "[runtime]",
                             // Set, tol and max_iter are stops of their own; unset, safety stops behind gap_tol.
                             "tol =", "max_iter ="}) {
    INFO(absent);
    CHECK(("\n" + text).find("\n" + std::string(absent)) == std::string::npos);
  }
  // data.features is unset ([data.synthetic]'s features is a key of its own, with its default).
  CHECK(text.find("features =") == text.find("[data.synthetic]\nfeatures =") + 17);
  const auto set = load_text(dlogit::test::minimal + "[optimizer]\ntol = 1e-8\nmax_iter = 50\n[runtime]\nthreads = 2\n"
                                                     "[regularization]\npenalty = \"l1\"\npath.count = 5\n");
  const std::string with = resolved_toml(set, in("/w"));
  INFO(with);
  CHECK(has_line(with, "tol = 1e-08"));
  CHECK(has_line(with, "max_iter = 50"));
  CHECK(has_line(with, "threads = 2"));
  CHECK(has_line(with, "path.count = 5"));
  CHECK(!has_line(with, "path.max"));
  const auto again = load_text(with);
  CHECK(again.is_set("optimizer.tol"));
  CHECK(again.is_set("optimizer.max_iter"));
  CHECK(again.regularization.path.count == 5);
  CHECK(!again.regularization.path.max);
  CHECK(resolved_toml(again, in("/w")) == with);
}

TEST_CASE("a synthetic config's resolved config has no data.train and loads back") {
  const auto config = load_text("[data.synthetic]\nrows = 100\nfeatures = 7\n");
  const std::string text = resolved_toml(config, in("/w"));
  INFO(text);
  CHECK(("\n" + text).find("\ntrain =") == std::string::npos);
  CHECK(has_line(text, "rows = 100"));
  CHECK(resolved_toml(load_text(text), in("/w")) == text);
}

TEST_CASE("the model keys leave out where files go, resuming and threads") {
  const auto a = load_text(dlogit::test::minimal, {"output.dir=/a", "checkpoint.resume=false", "runtime.threads=2"});
  const auto b = load_text(dlogit::test::minimal, {"output.dir=/b", "data.cache=true"});
  ResolvedOptions model = in("/w");
  model.model_keys_only = true;
  CHECK(resolved_toml(a, model) == resolved_toml(b, model));
  CHECK(resolved_toml(a, in("/w")) != resolved_toml(b, in("/w")));
  const auto c = load_text(dlogit::test::minimal, {"regularization.lambda=2"});
  CHECK(resolved_toml(a, model) != resolved_toml(c, model));
  const std::string text = resolved_toml(a, model);
  CHECK(text.find("[output]") == std::string::npos);
  CHECK(text.find("[checkpoint]") == std::string::npos);
}

TEST_CASE("strings with quotes, backslashes and control characters, and awkward doubles, read back exactly") {
  CHECK(dlogit::config::toml_string("a\"b\\c\td") == "\"a\\\"b\\\\c\\u0009d\"");
  CHECK(dlogit::config::toml_float(3.0) == "3.0");
  CHECK(dlogit::config::toml_float(0.1) == "0.1");
  CHECK(dlogit::config::toml_float(1e-300) == "1e-300");
  for (const double value : {0.1 + 0.2, 1.0 / 3.0, 5e-324, std::numeric_limits<double>::max(), -2.5e-7}) {
    CHECK(std::strtod(dlogit::config::toml_float(value).c_str(), nullptr) == value);
  }
  const auto config = load_text("[data]\ntrain = \"/d/we\\\"ird\\\\name*.svm\"\n[data.synthetic]\nweight_scale = 0.30000000000000004\n");
  const std::string text = resolved_toml(config, in("/w"));
  const auto again = load_text(text);
  CHECK(again.data.train == "/d/we\"ird\\name*.svm");
  CHECK(again.synthetic.weight_scale == 0.1 + 0.2);
}
