#pragma once
// The formats of a data file, their names (data.format, --format) and the rule that reads the format
// from a path when none is given: the one rule for dlogit train and for evaluate and predict.
#include <string>

#include "common/name_table.hpp"

namespace dlogit::data {

enum class Format { libsvm, csv };

const NameTable<Format>& format_names();  // libsvm, csv

// Format implied by the file name: .csv (also .csv.* / part files of a .csv glob) -> csv, else libsvm.
Format format_from_extension(const std::string& path);

}  // namespace dlogit::data
