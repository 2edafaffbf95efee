#include "eval/ordered_write.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "comm/agreement.hpp"
#include "common/errors.hpp"

namespace dlogit::eval {
namespace {

// Every rank learns whether any failed; the failed ones throw their own error, the others AgreedFailure.
void agree(const std::optional<UserError>& error, comm::Communicator& comm) {
  comm::agree_on_failure(comm, error ? std::make_exception_ptr(*error) : nullptr,
                         "writing the output failed on another rank");
}

std::string system_error(const std::string& what, const std::string& path) {
  return "cannot " + what + " " + path + ": " + std::strerror(errno);
}

std::optional<UserError> write_block(const std::string& path, const std::string& text, off_t offset) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return UserError(system_error("open", path));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::pwrite(fd, text.data() + done, text.size() - done, offset + static_cast<off_t>(done));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      const UserError error(system_error("write", path) + " (disk full?)");
      ::close(fd);
      return error;
    }
    done += static_cast<std::size_t>(wrote);
  }
  if (::fsync(fd) != 0) {
    const UserError error(system_error("sync", path));
    ::close(fd);
    return error;
  }
  if (::close(fd) != 0) return UserError(system_error("close", path));
  return std::nullopt;
}

}  // namespace

void write_in_rank_order(const std::string& path, const std::string& text, comm::Communicator& comm) {
  const std::string temporary = path + ".tmp";
  std::optional<UserError> error;
  if (comm.is_root()) {
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
      error = UserError(system_error("create", temporary));
    } else {
      ::close(fd);
    }
  }
  agree(error, comm);  // also: nobody opens the file before rank 0 has created it

  std::vector<double> sizes(static_cast<std::size_t>(comm.size()));
  const double mine = static_cast<double>(text.size());
  comm.allgather(&mine, 1, sizes.data());
  double offset = 0.0;
  for (int r = 0; r < comm.rank(); ++r) offset += sizes[static_cast<std::size_t>(r)];
  if (!text.empty()) error = write_block(temporary, text, static_cast<off_t>(offset));
  agree(error, comm);

  if (comm.is_root() && std::rename(temporary.c_str(), path.c_str()) != 0)
    error = UserError("cannot move " + temporary + " to " + path + ": " + std::strerror(errno));
  agree(error, comm);
}

}  // namespace dlogit::eval
