#pragma once
#include "comm/communicator.hpp"
#include "data/dataset.hpp"
#include "data/load_options.hpp"

namespace dlogit::data {

// Collective: every rank calls this with the same options. Each rank reads only its byte range
// [r*S/P, (r+1)*S/P) of the (concatenated) input, aligned to line starts, so every line is read by
// exactly one rank. Feature count, row count and the label set are agreed with collectives.
// A bad line throws InputError on the rank that found it (naming file, 1-based line and the
// offending text) and AgreedFailure on the others; no rank is left waiting in a collective.
Dataset load_dataset(const LoadOptions& options, comm::Communicator& comm);

}  // namespace dlogit::data
