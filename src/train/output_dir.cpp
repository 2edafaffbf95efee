#include "train/output_dir.hpp"

#include <cstdio>
#include <filesystem>

#include "comm/agreement.hpp"
#include "common/errors.hpp"

namespace dlogit::train {

void prepare_output_dir(const std::string& dir, comm::Communicator& comm) {
  comm::on_root(comm, "rank 0 failed", [&] {
    std::error_code code;
    std::filesystem::create_directories(dir, code);
    if (code) throw UserError("cannot create output.dir '" + dir + "': " + code.message());
    const std::string probe = dir + "/.dlogit-write-test";
    std::FILE* file = std::fopen(probe.c_str(), "w");
    if (file == nullptr) throw UserError("output.dir '" + dir + "' is not writable");
    std::fclose(file);
    std::filesystem::remove(probe, code);
  });
}

}  // namespace dlogit::train
