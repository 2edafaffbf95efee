#pragma once
// One training per folder: a lock on output.dir (and checkpoint.dir) for the whole run, so that a
// second training into it is refused at once instead of mixing its files with the first one's.
#include <memory>
#include <string>

#include "comm/communicator.hpp"
#include "config/config.hpp"
#include "train/console.hpp"

namespace dlogit::train {

// An exclusive flock(2) on `dir`/.dlogit.lock, held while the object lives. The lock belongs to the
// open file description, so the kernel drops it when the holder exits however it ends (kill -9
// included), and no other descriptor's close() drops it. The file records the holder ("host pid") for
// the message of a refused run; it is emptied when the holder releases the lock, so a non-empty file
// found unlocked was left by a run that was killed. The file stays (removing it would let a late
// opener lock a stale inode).
class FolderLock {
 public:
  // Throws UserError naming `key`, the folder and the holder (host, process id) when another process
  // holds it. A file system without working locks is a warning and no lock (see README).
  FolderLock(const std::string& dir, const std::string& key, const Console& console);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

  static constexpr const char* kFileName = ".dlogit.lock";

 private:
  int fd_ = -1;
};

// Collective, at the top of the train command: rank 0 locks output.dir (which must exist) and the
// checkpoint folder (created if needed; for a path only a checkpoint.dir that is set); every rank learns whether that worked (no rank hangs), and a
// refusal is a UserError on rank 0 and AgreedFailure elsewhere. The locks are released when the
// returned object (empty on other ranks) is destroyed. Path points live inside output.dir and take no
// lock of their own.
struct RunLocks {
  std::unique_ptr<FolderLock> output;
  std::unique_ptr<FolderLock> checkpoint;
};
RunLocks lock_run_folders(const config::Config& config, comm::Communicator& comm, const Console& console);

}  // namespace dlogit::train
