#include "common/checked_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string_view>

#include "common/crc32.hpp"
#include "common/errors.hpp"

namespace dlogit {
namespace {

std::uint32_t crc32(const std::string& bytes) { return dlogit::crc32(bytes.data(), bytes.size()); }

template <class T>
void append_raw(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

template <class T>
T read_raw(const std::string& bytes, std::size_t at) {
  T value;
  std::memcpy(&value, bytes.data() + at, sizeof value);
  return value;
}

std::string with_errno(const std::string& what) { return what + ": " + std::strerror(errno); }

// The parts are written one after the other: a big payload is not copied behind its header. Messages name
// `shown` (the file the user asked for), not the temporary `path`.
void write_all_and_sync(const std::string& path, const std::string& shown, std::initializer_list<std::string_view> parts) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw UserError(with_errno("cannot create " + shown));
  for (const std::string_view bytes : parts) {
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t wrote = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (wrote < 0 && errno == EINTR) continue;
      if (wrote < 0) {
        const std::string message = with_errno("cannot write " + shown);
        ::close(fd);
        ::unlink(path.c_str());
        throw UserError(message);
      }
      done += static_cast<std::size_t>(wrote);
    }
  }
  if (::fsync(fd) != 0) {
    const std::string message = with_errno("cannot flush " + shown);
    ::close(fd);
    ::unlink(path.c_str());
    throw UserError(message);
  }
  if (::close(fd) != 0) {
    const std::string message = with_errno("cannot close " + shown);
    ::unlink(path.c_str());
    throw UserError(message);
  }
}

void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: not every file system lets a folder be opened
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

static void write_parts_atomically(const std::string& path, std::initializer_list<std::string_view> parts);

void write_checked_file(const std::string& path, const std::string& magic, std::uint32_t version,
                        const std::string& payload) {
  std::string header = magic;
  append_raw<std::uint32_t>(header, version);
  append_raw<std::uint64_t>(header, payload.size());
  append_raw<std::uint32_t>(header, crc32(payload));
  write_parts_atomically(path, {header, payload});
}

void write_file_atomically(const std::string& path, const std::string& bytes) { write_parts_atomically(path, {bytes}); }

static void write_parts_atomically(const std::string& path, std::initializer_list<std::string_view> parts) {
  const std::filesystem::path target(path);
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  const std::string temporary = dir + "/." + target.filename().string() + ".tmp";
  write_all_and_sync(temporary, path, parts);
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string message = with_errno("cannot write " + path + " (renaming its temporary file " + temporary + ")");
    ::unlink(temporary.c_str());
    throw UserError(message);
  }
  sync_directory(dir);
}

CheckedFile read_checked_file(const std::string& path, const std::string& magic, const std::string& kind) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError(with_errno("cannot open " + kind + " " + path));
  std::ostringstream content;
  content << in.rdbuf();
  const std::string bytes = content.str();
  const std::size_t header = magic.size() + 4 + 8 + 4;
  if (bytes.compare(0, magic.size(), magic) != 0) throw UserError(path + " is not a dlogit " + kind);
  if (bytes.size() < header) throw UserError(path + " is truncated (incomplete header)");
  CheckedFile file;
  file.version = read_raw<std::uint32_t>(bytes, magic.size());
  const auto size = read_raw<std::uint64_t>(bytes, magic.size() + 4);
  const auto expected_crc = read_raw<std::uint32_t>(bytes, magic.size() + 12);
  if (bytes.size() - header != size)
    throw UserError(path + " is truncated: " + std::to_string(bytes.size() - header) + " of " + std::to_string(size) +
                    " payload bytes");
  file.payload = bytes.substr(header);
  if (crc32(file.payload) != expected_crc) throw UserError(path + " is corrupt: checksum mismatch");
  return file;
}

bool has_magic(const std::string& path, const std::string& magic) {
  std::ifstream in(path, std::ios::binary);
  std::string head(magic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in && head == magic;
}

}  // namespace dlogit
