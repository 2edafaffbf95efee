#include "common/checked_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

#include "common/crc32.hpp"
#include "common/errors.hpp"

namespace dlogit {
namespace {

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

std::string header_bytes(const std::string& magic, std::uint32_t version, std::uint64_t size, std::uint32_t crc) {
  std::string header = magic;
  append_raw<std::uint32_t>(header, version);
  append_raw<std::uint64_t>(header, size);
  append_raw<std::uint32_t>(header, crc);
  return header;
}

// Messages name `shown` (the file the user asked for), not the temporary file written.
void write_all(int fd, const char* bytes, std::size_t size, const std::string& shown) {
  while (size > 0) {
    const ssize_t wrote = ::write(fd, bytes, size);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) throw UserError(with_errno("cannot write " + shown));
    bytes += wrote;
    size -= static_cast<std::size_t>(wrote);
  }
}

void write_all_at(int fd, const std::string& bytes, off_t at, const std::string& shown) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t wrote = ::pwrite(fd, bytes.data() + done, bytes.size() - done, at + static_cast<off_t>(done));
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote < 0) throw UserError(with_errno("cannot write " + shown));
    done += static_cast<std::size_t>(wrote);
  }
}

// The payload's way into the file: pieces smaller than the buffer are gathered in it, bigger ones are
// written from where they are. Every byte passes the checksum once, in file order.
class FileSink final : public std::streambuf {
 public:
  FileSink(int fd, const std::string& shown) : fd_(fd), shown_(shown), buffer_(kBufferBytes) { reset(); }

  // Writes what is still buffered; then size() and crc() cover the whole payload.
  void finish() { drain(); }
  std::uint64_t size() const { return size_; }
  std::uint32_t crc() const { return crc_.value(); }
  // The first write failure, kept because an archive may report it as its own exception.
  const std::string& failure() const { return failure_; }

 protected:
  std::streamsize xsputn(const char* bytes, std::streamsize count) override {
    const auto size = static_cast<std::size_t>(count);
    if (size > static_cast<std::size_t>(epptr() - pptr())) {
      drain();
      if (size >= buffer_.size()) {
        put(bytes, size);
        return count;
      }
    }
    std::memcpy(pptr(), bytes, size);
    pbump(static_cast<int>(size));
    return count;
  }
  int_type overflow(int_type byte) override {
    drain();
    if (traits_type::eq_int_type(byte, traits_type::eof())) return traits_type::not_eof(byte);
    *pptr() = traits_type::to_char_type(byte);
    pbump(1);
    return byte;
  }

 private:
  static constexpr std::size_t kBufferBytes = std::size_t{1} << 20;

  void reset() { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
  void drain() {
    put(pbase(), static_cast<std::size_t>(pptr() - pbase()));
    reset();
  }
  void put(const char* bytes, std::size_t size) {
    crc_.update(bytes, size);
    size_ += size;
    try {
      write_all(fd_, bytes, size, shown_);
    } catch (const UserError& e) {
      if (failure_.empty()) failure_ = e.what();
      throw;
    }
  }

  int fd_;
  const std::string& shown_;
  std::vector<char> buffer_;
  Crc32 crc_;
  std::uint64_t size_ = 0;
  std::string failure_;
};

void sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: not every file system lets a folder be opened
  ::fsync(fd);
  ::close(fd);
}

// Creates the temporary file, lets `fill` write it, fsyncs it, renames it over `path` and fsyncs the
// folder. Any failure (also one thrown by `fill`) removes the temporary file and throws UserError.
void write_atomically(const std::string& path, const std::function<void(int fd)>& fill) {
  const std::filesystem::path target(path);
  const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
  const std::string temporary = dir + "/." + target.filename().string() + ".tmp";
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw UserError(with_errno("cannot create " + path));
  const auto give_up = [&](const std::string& message) {
    ::close(fd);
    ::unlink(temporary.c_str());
    throw UserError(message);
  };
  try {
    fill(fd);
  } catch (const std::exception& e) {
    give_up(e.what());
  }
  if (::fsync(fd) != 0) give_up(with_errno("cannot flush " + path));
  if (::close(fd) != 0) {
    const std::string message = with_errno("cannot close " + path);
    ::unlink(temporary.c_str());
    throw UserError(message);
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string message = with_errno("cannot write " + path + " (renaming its temporary file " + temporary + ")");
    ::unlink(temporary.c_str());
    throw UserError(message);
  }
  sync_directory(dir);
}

}  // namespace

void write_checked_file(const std::string& path, const std::string& magic, std::uint32_t version,
                        const std::function<void(std::streambuf& payload)>& write_payload) {
  write_atomically(path, [&](int fd) {
    const std::string placeholder = header_bytes(magic, version, 0, 0);
    write_all(fd, placeholder.data(), placeholder.size(), path);
    FileSink sink(fd, path);
    try {
      write_payload(sink);
      sink.finish();
    } catch (const std::exception& e) {
      // An archive turns a failed write into "output stream error": say the failure itself.
      throw UserError(sink.failure().empty() ? "cannot write " + path + ": " + e.what() : sink.failure());
    }
    write_all_at(fd, header_bytes(magic, version, sink.size(), sink.crc()), 0, path);
  });
}

void write_checked_file(const std::string& path, const std::string& magic, std::uint32_t version,
                        const std::string& payload) {
  write_checked_file(path, magic, version, [&](std::streambuf& sink) {
    sink.sputn(payload.data(), static_cast<std::streamsize>(payload.size()));
  });
}

void write_file_atomically(const std::string& path, const std::string& bytes) {
  write_atomically(path, [&](int fd) { write_all(fd, bytes.data(), bytes.size(), path); });
}

CheckedFile read_checked_file(const std::string& path, const std::string& magic, const std::string& kind) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw UserError(with_errno("cannot open " + kind + " " + path));
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  // Reads up to `size` bytes at `at`; fewer only at the end of the file.
  const auto read_some = [&](char* into, std::size_t size) {
    std::size_t done = 0;
    while (done < size) {
      const ssize_t got = ::read(fd, into + done, size - done);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) throw UserError(with_errno("cannot read " + kind + " " + path));
      if (got == 0) break;
      done += static_cast<std::size_t>(got);
    }
    return done;
  };
  const std::size_t header_size = magic.size() + 4 + 8 + 4;
  std::string header(header_size, '\0');
  const std::size_t got = read_some(header.data(), header_size);
  if (header.compare(0, std::min(got, magic.size()), magic, 0, std::min(got, magic.size())) != 0 || got < magic.size())
    throw UserError(path + " is not a dlogit " + kind);
  if (got < header_size) throw UserError(path + " is truncated (incomplete header)");
  CheckedFile file;
  file.version = read_raw<std::uint32_t>(header, magic.size());
  const auto size = read_raw<std::uint64_t>(header, magic.size() + 4);
  const auto expected_crc = read_raw<std::uint32_t>(header, magic.size() + 12);
  struct stat status {};
  if (::fstat(fd, &status) != 0) throw UserError(with_errno("cannot read " + kind + " " + path));
  const auto present = static_cast<std::uint64_t>(status.st_size) - header_size;
  if (present != size)
    throw UserError(path + " is truncated: " + std::to_string(present) + " of " + std::to_string(size) +
                    " payload bytes");
  file.payload.resize(size);
  if (read_some(file.payload.data(), size) != size)
    throw UserError(path + " is truncated: it shrank while being read");
  if (crc32(file.payload.data(), file.payload.size()) != expected_crc)
    throw UserError(path + " is corrupt: checksum mismatch");
  return file;
}

bool has_magic(const std::string& path, const std::string& magic) {
  std::ifstream in(path, std::ios::binary);
  std::string head(magic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in && head == magic;
}

}  // namespace dlogit
