#include "common/output_target.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/checked_file.hpp"
#include "common/errors.hpp"

namespace dlogit {

OutputTarget output_target(const std::string& path) {
  if (is_standard_output(path)) return {OutputTarget::Kind::standard_output, path};
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return {OutputTarget::Kind::regular_file, path};  // a new file
  if (!S_ISREG(status.st_mode)) return {OutputTarget::Kind::in_place, path};
  struct stat link {};
  if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
    std::error_code error;
    const std::filesystem::path target = std::filesystem::canonical(path, error);
    if (!error) return {OutputTarget::Kind::regular_file, target.string()};
  }
  return {OutputTarget::Kind::regular_file, path};
}

bool write_all(int fd, const char* bytes, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t wrote = ::write(fd, bytes + done, size - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) return false;
    done += static_cast<std::size_t>(wrote);
  }
  return true;
}

int open_stream(const OutputTarget& target, const std::string& path) {
  if (target.kind == OutputTarget::Kind::standard_output) {
    std::fflush(stdout);
    return STDOUT_FILENO;
  }
  const int fd = ::open(target.file.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) throw UserError("cannot open " + path + " for writing: " + std::strerror(errno));
  return fd;
}

bool close_stream(const OutputTarget& target, int fd) {
  if (target.kind == OutputTarget::Kind::standard_output) return true;
  return ::close(fd) == 0;
}

void create_parent_folder(const OutputTarget& target, const std::string& path) {
  if (target.is_stream()) return;
  const std::filesystem::path parent = std::filesystem::path(target.file).parent_path();
  if (parent.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) throw UserError("cannot create the folder " + parent.string() + " for " + path + ": " + error.message());
}

void write_output(const std::string& path, const std::string& bytes) {
  const OutputTarget target = output_target(path);
  if (!target.is_stream()) {
    create_parent_folder(target, path);
    write_file_atomically(target.file, bytes);
    return;
  }
  const int fd = open_stream(target, path);
  const bool wrote = write_all(fd, bytes.data(), bytes.size());
  const std::string problem = wrote ? "" : std::strerror(errno);
  const bool closed = close_stream(target, fd);
  if (!wrote) throw UserError("cannot write " + path + ": " + problem);
  if (!closed) throw UserError("cannot close " + path + ": " + std::strerror(errno));
}

}  // namespace dlogit
