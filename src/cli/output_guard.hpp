#pragma once
#include <string>
#include <vector>

namespace dlogit::cli {

// Throws UserError when `output` (an --output path) is the same file as one of `inputs` (paths or
// globs of part files), compared by device and inode so that another name for the same file (a link,
// ./x, a symlink) is caught too: writing it would destroy the input. Nothing is written before this
// check. An output that does not exist yet, or an empty one (standard output), is fine.
void refuse_output_that_is_an_input(const std::string& output, const std::vector<std::string>& inputs);

}  // namespace dlogit::cli
