#include "train/run_lock.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "common/errors.hpp"
#include "support/test_paths.hpp"

using dlogit::train::FolderLock;

namespace {

const dlogit::train::Console silent(false, dlogit::train::Verbosity::quiet);

std::string lock_file_text(const std::string& dir) {
  std::ifstream in(dir + "/" + FolderLock::kFileName);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("a second lock on a folder is refused, naming the key, the folder and the holder, and is free once released") {
  const std::string dir = dlogit::test::temp_dir("lock-twice");
  {
    const FolderLock first(dir, "output.dir", silent);
    CHECK_THAT(lock_file_text(dir), Catch::Contains("process " + std::to_string(getpid())));
    // flock belongs to the open file description: a second open in this very process conflicts too.
    try {
      const FolderLock second(dir, "output.dir", silent);
      FAIL("the second lock was granted");
    } catch (const dlogit::UserError& e) {
      CHECK_THAT(e.what(), Catch::Contains("output.dir '" + dir + "' is in use by another training"));
      CHECK_THAT(e.what(), Catch::Contains("host ") && Catch::Contains("process " + std::to_string(getpid())));
    }
  }
  CHECK(lock_file_text(dir).empty());  // released cleanly: no holder left to take over from
  CHECK_NOTHROW(FolderLock(dir, "output.dir", silent));
}

TEST_CASE("the lock of a process killed with SIGKILL is taken over") {
  const std::string dir = dlogit::test::temp_dir("lock-killed");
  int ready[2];
  REQUIRE(pipe(ready) == 0);
  const pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const FolderLock held(dir, "output.dir", silent);
    const char byte = 'x';
    if (write(ready[1], &byte, 1) != 1) _exit(1);
    pause();
    _exit(0);
  }
  char byte = 0;
  REQUIRE(read(ready[0], &byte, 1) == 1);
  close(ready[0]);
  close(ready[1]);
  try {
    const FolderLock refused(dir, "output.dir", silent);
    FAIL("the lock of a live process was granted");
  } catch (const dlogit::UserError& e) {
    CHECK_THAT(e.what(), Catch::Contains("process " + std::to_string(child)));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  // The killed run's record is still in the file; the kernel dropped its lock with the process.
  CHECK_THAT(lock_file_text(dir), Catch::Contains("process " + std::to_string(child)));
  const FolderLock taken(dir, "output.dir", silent);
  CHECK_THAT(lock_file_text(dir), Catch::Contains("process " + std::to_string(getpid())));
}
