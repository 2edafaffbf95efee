#include "eval/ordered_write.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
#include <vector>

#include "comm/agreement.hpp"
#include "common/errors.hpp"
#include "common/output_target.hpp"

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

// Messages name `shown`, the file the user asked for, not the temporary `path`.
std::optional<UserError> write_block(const std::string& path, const std::string& shown, const std::string& text,
                                     off_t offset) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return UserError(system_error("open", shown));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t wrote = ::pwrite(fd, text.data() + done, text.size() - done, offset + static_cast<off_t>(done));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      const UserError error(system_error("write", shown) + " (disk full?)");
      ::close(fd);
      return error;
    }
    done += static_cast<std::size_t>(wrote);
  }
  if (::fsync(fd) != 0) {
    const UserError error(system_error("sync", shown));
    ::close(fd);
    return error;
  }
  if (::close(fd) != 0) return UserError(system_error("close", shown));
  return std::nullopt;
}

// Regular files: every rank pwrite()s its block into a temporary file, renamed once all have succeeded.
void write_in_parallel(const OutputTarget& target, const std::string& path, const std::string& text,
                       comm::Communicator& comm) {
  const std::string temporary = target.file + ".tmp";
  std::optional<UserError> error;
  if (comm.is_root()) {
    try {
      create_parent_folder(target, path);
      const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
      if (fd < 0) throw UserError(system_error("create", path));
      ::close(fd);
    } catch (const UserError& failure) {
      error = failure;
    }
  }
  agree(error, comm);  // also: nobody opens the file before rank 0 has created it

  std::vector<double> sizes(static_cast<std::size_t>(comm.size()));
  const double mine = static_cast<double>(text.size());
  comm.allgather(&mine, 1, sizes.data());
  double offset = 0.0;
  for (int r = 0; r < comm.rank(); ++r) offset += sizes[static_cast<std::size_t>(r)];
  if (!text.empty()) error = write_block(temporary, path, text, static_cast<off_t>(offset));
  agree(error, comm);

  if (comm.is_root() && std::rename(temporary.c_str(), target.file.c_str()) != 0)
    error = UserError("cannot write " + path + " (renaming its temporary file " + temporary + "): " + std::strerror(errno));
  agree(error, comm);
}

// Standard output, a device or a FIFO: no offsets to pwrite() at and nothing to rename, so rank 0 writes
// every rank's text in rank order, fetching the other ranks' in chunks (its memory stays bounded).
void write_streamed(const OutputTarget& target, const std::string& path, const std::string& text,
                    comm::Communicator& comm) {
  constexpr std::size_t chunk_values = std::size_t{1} << 20;  // 8 MiB of text per gather
  constexpr std::size_t chunk_bytes = chunk_values * sizeof(double);
  std::optional<UserError> error;
  int fd = -1;
  if (comm.is_root()) {
    try {
      fd = open_stream(target, path);
    } catch (const UserError& failure) {
      error = failure;
    }
  }
  agree(error, comm);

  std::vector<double> sizes(static_cast<std::size_t>(comm.size()));
  const double mine = static_cast<double>(text.size());
  comm.allgather(&mine, 1, sizes.data());
  const auto fail = [&] { error = UserError(system_error("write", path)); };
  if (comm.is_root() && !write_all(fd, text.data(), text.size())) fail();
  std::vector<double> send;
  for (int r = 1; r < comm.size(); ++r) {
    const auto total = static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)]);
    for (std::size_t begin = 0; begin < total; begin += chunk_bytes) {
      const std::size_t bytes = std::min(chunk_bytes, total - begin);
      send.clear();
      if (comm.rank() == r) {
        send.resize((bytes + sizeof(double) - 1) / sizeof(double));
        std::memcpy(send.data(), text.data() + begin, bytes);
      }
      const std::vector<double> received = comm.gather(send, 0);
      if (comm.is_root() && !error && !write_all(fd, reinterpret_cast<const char*>(received.data()), bytes)) fail();
    }
  }
  if (comm.is_root() && !close_stream(target, fd) && !error) error = UserError(system_error("close", path));
  agree(error, comm);
}

}  // namespace

void write_in_rank_order(const std::string& path, const std::string& text, comm::Communicator& comm) {
  // Rank 0 decides what kind of output it is and every rank follows: a rank on another node may see
  // another /dev/stdout.
  const OutputTarget target = output_target(path);
  double streamed = target.is_stream() ? 1.0 : 0.0;
  comm.broadcast(&streamed, 1, 0);
  if (streamed != 0.0) {
    write_streamed(target, path, text, comm);
  } else {
    write_in_parallel(target, path, text, comm);
  }
}

}  // namespace dlogit::eval
