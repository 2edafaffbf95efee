#pragma once
#include <string>

namespace dlogit::cli {

// Prints what a model.bin or a checkpoint holds (format version, iteration, objective, fingerprints,
// feature count, nonzero and largest weights). Reading verifies the checksum; a bad file throws UserError.
void inspect_file(const std::string& path, int top_weights);

}  // namespace dlogit::cli
