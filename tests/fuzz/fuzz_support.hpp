#pragma once
// Shared by the libFuzzer targets of tests/fuzz (header only: each target is one .cpp).
// The input bytes are written to real files and read through the real path (resolve_inputs,
// LineSource, the parsers, load_dataset), as one file and as three part files, split among 1..3 ranks.
// Expected user errors (InputError, ConfigError) are fine; a crash, a sanitizer report, any other
// exception or a broken invariant (fail() below) is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <Eigen/Core>

#include "common/errors.hpp"
#include "data/byte_range.hpp"
#include "data/input_files.hpp"

namespace dlogit::fuzz {

// A broken invariant: print it and abort, so libFuzzer saves the input as a crash.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "\n*** dlogit fuzz invariant broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

inline void check(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

// Whether `part` equals rows [first, first + part.rows()) of `whole`. Compared coefficient by coefficient
// because middleRows() on a matrix without columns offsets a null data pointer (UBSan reports it).
inline bool same_rows(const Eigen::MatrixXd& part, const Eigen::MatrixXd& whole, Eigen::Index first) {
  if (part.cols() != whole.cols() || first < 0 || first + part.rows() > whole.rows()) return false;
  for (Eigen::Index i = 0; i < part.rows(); ++i)
    for (Eigen::Index j = 0; j < part.cols(); ++j)
      if (part(i, j) != whole(first + i, j)) return false;
  return true;
}

// One scratch directory per fuzzer process, removed at exit.
inline const std::string& scratch_dir() {
  static const std::string dir = [] {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/dlogit-fuzz-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) fail("cannot create a scratch directory from " + pattern);
    std::filesystem::create_directories(pattern + "/single");
    std::filesystem::create_directories(pattern + "/parts");
    static std::string keep = pattern;
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(keep, ignored);
    });
    return pattern;
  }();
  return dir;
}

inline void write_bytes(const std::string& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) fail("cannot write scratch file " + path);
}

// The same bytes as the files of one input: a single file, or three part files (some maybe empty).
struct Layout {
  std::string pattern;              // what resolve_inputs() is given
  std::vector<std::string> contents;  // per file, in InputSet order
};

// FNV-1a of the input: picks the layout and options of one run, so an input always runs the same way
// while the seeds stay plain data files. (Every run allocates LineSource's 4 MiB block per reader,
// which costs about a millisecond under ASan; running every variant on every input would be 4-8x slower.)
inline std::uint64_t input_hash(const std::uint8_t* data, std::size_t size) {
  std::uint64_t hash = 14695981039346656037ull;
  for (std::size_t i = 0; i < size; ++i) hash = (hash ^ data[i]) * 1099511628211ull;
  return hash;
}

// Writes the bytes as a single file (`parts` false) or as three part files, some maybe empty.
inline Layout write_layout(const std::uint8_t* data, std::size_t size, bool parts) {
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  const std::string& dir = scratch_dir();
  if (!parts) {
    Layout single{dir + "/single/data", {std::string(all)}};
    write_bytes(single.pattern, all);
    return single;
  }
  Layout layout{dir + "/parts/part-*", {}};
  const std::size_t cuts[] = {0, size / 3, 2 * size / 3, size};
  for (int i = 0; i < 3; ++i) {
    const std::string_view part = all.substr(cuts[i], cuts[i + 1] - cuts[i]);
    write_bytes(dir + "/parts/part-" + std::to_string(i), part);
    layout.contents.emplace_back(part);
  }
  return layout;
}

// A line as LineSource documents it: without '\n', one trailing '\r' and (at a file's first byte) a
// UTF-8 byte order mark; the end of a file ends a line; a file ending in '\n' has no empty last line.
struct RefLine {
  std::string text;
  std::size_t file = 0;
  std::uint64_t offset = 0;
  std::int64_t number = 0;  // 1-based line number in its file
};

inline std::vector<RefLine> reference_lines(const std::vector<std::string>& contents) {
  std::vector<RefLine> lines;
  for (std::size_t f = 0; f < contents.size(); ++f) {
    const std::string& text = contents[f];
    std::size_t start = 0;
    std::int64_t number = 1;
    while (start < text.size()) {
      std::size_t stop = text.find('\n', start);
      const std::size_t next = stop == std::string::npos ? text.size() : stop + 1;
      if (stop == std::string::npos) stop = text.size();
      std::size_t begin = start;
      if (stop > begin && text[stop - 1] == '\r') --stop;
      if (start == 0 && stop - begin >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) begin += 3;
      lines.push_back({text.substr(begin, stop - begin), f, start, number});
      ++number;
      start = next;
    }
  }
  return lines;
}

// Whether a file of the input starts with the magic bytes of gzip, bzip2 or xz: the readers then
// decompress it, so it is fuzz_decompress's, not the plain-text fuzzers' (their references are the bytes).
inline bool any_compressed(const data::InputSet& inputs) {
  for (const auto& file : inputs.files)
    if (file.compressed()) return true;
  return false;
}

inline std::string describe(const data::InputSet& inputs) {
  std::string out = std::to_string(inputs.files.size()) + " file(s), sizes";
  for (const auto& file : inputs.files) out += " " + std::to_string(file.size);
  return out;
}

// Runs `body` and returns true, or returns false if it threw a UserError (InputError, ConfigError),
// storing the message. Any other exception propagates, and libFuzzer reports it as a crash.
template <class Body>
bool user_errors_ok(Body&& body, std::string* message = nullptr) {
  try {
    body();
    return true;
  } catch (const UserError& error) {
    if (message) *message = error.what();
    return false;
  }
}

// "path:LINE: " as located_error() writes it.
inline std::string location_prefix(const data::InputSet& inputs, const RefLine& line) {
  return inputs.files[line.file].path + ":" + std::to_string(line.number) + ": ";
}

inline bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// Kinds of outcome a rank of a collective load can have.
enum class Outcome { ok, user_error, agreed_failure };

inline Outcome classify(const std::exception_ptr& error, std::string* message) {
  if (!error) return Outcome::ok;
  try {
    std::rethrow_exception(error);
  } catch (const UserError& e) {
    *message = e.what();
    return Outcome::user_error;
  } catch (const AgreedFailure& e) {
    *message = e.what();
    return Outcome::agreed_failure;
  } catch (const std::exception& e) {
    fail(std::string("unexpected exception from a rank: ") + e.what());
  } catch (...) {
    fail("unexpected non-std exception from a rank");
  }
}

}  // namespace dlogit::fuzz
