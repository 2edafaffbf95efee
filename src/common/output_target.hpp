#pragma once
#include <cstddef>
#include <string>

namespace dlogit {

// Where the bytes of an --output go.
//   "-": standard output.
//   An existing path that is not a regular file (a device such as /dev/null or /dev/stdout, a FIFO, a
//   socket): written in place, opened for writing and never renamed over, so the device or pipe stays.
//   Anything else: a regular file, written crash-safe (temporary file beside it, then renamed); a
//   symbolic link to a regular file is followed, so the link stays and its target gets the new bytes.
struct OutputTarget {
  enum class Kind { standard_output, in_place, regular_file };
  Kind kind = Kind::regular_file;
  std::string file;  // what is opened or renamed over: the link target for a link to a regular file

  bool is_stream() const { return kind != Kind::regular_file; }
};

OutputTarget output_target(const std::string& path);

// Whether `path` names standard output ("-"); messages about the output then go to standard error.
inline bool is_standard_output(const std::string& path) { return path == "-"; }

// Creates the folder that will hold a regular-file output `target` (as train creates output.dir).
// Throws UserError naming the folder and `path`.
void create_parent_folder(const OutputTarget& target, const std::string& path);

// Writes `bytes` to `path` as output_target() says. The parent folder of a new regular file is created
// (as train creates output.dir). Throws UserError naming `path` (not a temporary name) on any failure.
void write_output(const std::string& path, const std::string& bytes);

// The descriptor of an in-place or standard-output target, opened for writing (standard output is
// flushed first and not reopened). Throws UserError naming `path`. close_stream() closes what
// open_stream() opened (not standard output) and returns false on failure.
int open_stream(const OutputTarget& target, const std::string& path);
bool close_stream(const OutputTarget& target, int fd);

// Writes all of `bytes` to `fd`; false (errno set) on failure.
bool write_all(int fd, const char* bytes, std::size_t size);

}  // namespace dlogit
