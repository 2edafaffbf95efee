#pragma once
#include <cstdint>
#include <string>

#include "common/name_table.hpp"
#include "data/format.hpp"

namespace dlogit::cli {

// --labels of evaluate and predict: whether the data file has labels.
enum class LabelPresence { auto_detect, present, absent };
const NameTable<LabelPresence>& label_presence_names();  // auto, yes, no

// Whether the data at `path` (a file or a glob of part files) is read with labels. `auto_detect` looks at
// the first line of the input that holds data (the same line on every rank, so every rank decides alike):
//   LIBSVM: labeled unless its first token is a feature (holds a ':');
//   CSV: columns = features + 1 is labeled, columns = features is unlabeled, more is labeled (the reader
//        then reports too many columns); fewer is ambiguous and refused, naming file and line, unless
//        `evaluating` (evaluate reads labels, padding missing feature columns with zeros as before).
// When `evaluating` and the data has no labels, throws InputError naming file and line. An input that
// cannot be read is left to the data reader, which names it (returns `true`).
bool data_has_labels(const std::string& path, data::Format format, std::int64_t model_features,
                     LabelPresence presence, bool evaluating);

}  // namespace dlogit::cli
