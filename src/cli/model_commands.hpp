#pragma once
#include <optional>
#include <string>

#include "cli/label_detection.hpp"
#include "comm/communicator.hpp"
#include "data/format.hpp"
#include "data/libsvm_parser.hpp"

namespace dlogit::cli {

// What `dlogit evaluate`, `predict` and `export` were asked to do.
struct ModelCommandArgs {
  std::string model;   // model.bin
  std::string data;    // evaluate, predict: a file or a glob of part files
  std::optional<data::Format> data_format;  // evaluate, predict; unset: from the file name
  std::string export_format = "json";       // export: json or csv
  int label_column = 1;
  LabelPresence labels = LabelPresence::auto_detect;  // evaluate, predict: --labels
  data::IndexBase index_base = data::IndexBase::detect;  // evaluate, predict: --zero-based (LIBSVM)
  std::string output;  // evaluate: metrics JSON (empty: none); predict, export: "-" is standard output
};

// Collective: loads the model and the data on every rank, computes the metrics distributed, rank 0
// prints them and writes them as JSON to args.output when given.
void run_evaluate(const ModelCommandArgs& args, comm::Communicator& comm);

// Collective: writes one line per input row, in input order, "P(class 1)<TAB>predicted label".
void run_predict(const ModelCommandArgs& args, comm::Communicator& comm);

// Rank 0 only: the model as JSON or CSV (model/model_export.hpp).
void run_export(const ModelCommandArgs& args);

}  // namespace dlogit::cli
