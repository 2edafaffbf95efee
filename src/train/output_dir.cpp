#include "train/output_dir.hpp"

#include <cstdio>
#include <filesystem>

#include "comm/agreement.hpp"
#include "common/errors.hpp"

namespace dlogit::train {

void prepare_output_dir(const std::string& dir, comm::Communicator& comm, const std::string& key) {
  comm::on_root(comm, "rank 0 failed", [&] {
    std::error_code code;
    std::filesystem::create_directories(dir, code);
    if (code) throw UserError("cannot create " + key + " '" + dir + "': " + code.message());
    const std::string probe = dir + "/.dlogit-write-test";
    std::FILE* file = std::fopen(probe.c_str(), "w");
    if (file == nullptr) throw UserError(key + " '" + dir + "' is not writable");
    std::fclose(file);
    std::filesystem::remove(probe, code);
  });
}

}  // namespace dlogit::train
