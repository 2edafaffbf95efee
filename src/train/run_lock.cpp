#include "train/run_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "comm/agreement.hpp"
#include "common/errors.hpp"

namespace dlogit::train {
namespace {

std::string holder_record() {
  char host[256] = "";
  if (::gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "unknown-host");
  return std::string("host ") + host + ", process " + std::to_string(::getpid());
}

std::string read_all(int fd) {
  std::string text;
  char buffer[512];
  ssize_t got = 0;
  off_t offset = 0;
  while ((got = ::pread(fd, buffer, sizeof buffer, offset)) > 0) {
    text.append(buffer, static_cast<std::size_t>(got));
    offset += got;
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\0')) text.pop_back();
  return text;
}

void replace_contents(int fd, const std::string& text) {
  if (::ftruncate(fd, 0) != 0) return;  // the record is a courtesy for messages; the flock is the lock
  const ssize_t ignored = ::pwrite(fd, text.data(), text.size(), 0);
  (void)ignored;
}

}  // namespace

FolderLock::FolderLock(const std::string& dir, const std::string& key, const Console& console) {
  const std::string path = dir + "/" + kFileName;
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw UserError("cannot create the lock file of " + key + " '" + dir + "': " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    if (error == EWOULDBLOCK) {
      const std::string holder = read_all(fd_);
      ::close(fd_);
      fd_ = -1;
      throw UserError(key + " '" + dir + "' is in use by another training (" +
                      (holder.empty() ? std::string("holder not recorded yet") : holder) +
                      "): wait for it to end, or train into another " + key);
    }
    // ENOLCK, ENOSYS, EOPNOTSUPP: a file system without (cluster-wide) locks. Training goes on unlocked.
    std::fprintf(stderr, "dlogit: warning: cannot lock %s '%s' (%s): a second training into it would not be "
                 "refused\n", key.c_str(), dir.c_str(), std::strerror(error));
    ::close(fd_);
    fd_ = -1;
    return;
  }
  const std::string previous = read_all(fd_);
  if (!previous.empty())
    console.normal("taking over the lock of %s '%s' from a run that did not end (%s)", key.c_str(), dir.c_str(),
                   previous.c_str());
  replace_contents(fd_, holder_record() + "\n");
  ::fsync(fd_);
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  replace_contents(fd_, "");  // released cleanly: nothing to take over
  ::close(fd_);               // drops the flock
}

RunLocks lock_run_folders(const config::Config& config, comm::Communicator& comm, const Console& console) {
  RunLocks locks;
  comm::on_root(comm, "rank 0 failed", [&] {
    locks.output = std::make_unique<FolderLock>(config.output.dir, "output.dir", console);
    // A run of one lambda writes its checkpoints to one folder (by default output.dir/checkpoints),
    // which another run may name as its checkpoint.dir: it is locked too. A path's points keep theirs
    // inside checkpoint.dir when it is set, else inside their own folders under output.dir.
    if (!config.checkpoint.dir && config.regularization.is_path()) return;
    const std::string checkpoints = config.checkpoint.directory(config.output.dir);
    std::error_code error;
    std::filesystem::create_directories(checkpoints, error);
    if (error) throw UserError("cannot create checkpoint.dir '" + checkpoints + "': " + error.message());
    // The same folder twice would be two open file descriptions of one file: the second flock would
    // conflict with the first, in this very process.
    if (std::filesystem::equivalent(checkpoints, config.output.dir, error)) return;
    locks.checkpoint = std::make_unique<FolderLock>(checkpoints, "checkpoint.dir", console);
  });
  return locks;
}

}  // namespace dlogit::train
