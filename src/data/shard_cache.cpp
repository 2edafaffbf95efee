#include "data/shard_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <utility>
#include <vector>

#include "common/errors.hpp"

namespace dlogit::data {
namespace {

constexpr char magic[8] = {'D', 'L', 'G', 'S', 'H', 'R', 'D', '2'};

// Word-wise, four independent lanes: fast enough to check a file at memory speed, unlike a byte-wise CRC.
class Checksum {
 public:
  void add(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    std::size_t i = 0;
    for (; i + 32 <= bytes; i += 32) {
      for (int k = 0; k < 4; ++k) {
        std::uint64_t word;
        std::memcpy(&word, p + i + 8 * k, 8);
        lanes_[k] = (lanes_[k] ^ word) * 0x9E3779B97F4A7C15ull;
        lanes_[k] ^= lanes_[k] >> 29;
      }
    }
    for (; i < bytes; ++i) lanes_[0] = (lanes_[0] ^ p[i]) * 0x100000001B3ull;
    length_ += bytes;
  }
  std::uint64_t value() const {
    std::uint64_t h = length_;
    for (const std::uint64_t lane : lanes_) h = (h ^ lane) * 0xC2B2AE3D27D4EB4Full;
    return h ^ (h >> 31);
  }

 private:
  std::uint64_t lanes_[4] = {1, 2, 3, 4};
  std::uint64_t length_ = 0;
};

struct Header {
  std::uint64_t is_sparse;
  std::uint64_t value_type;
  std::int64_t features;
  std::int64_t rows;
  std::int64_t nonzeros;  // columns stored (sparse)
  std::int64_t values;    // entries of the value array in use
  std::int64_t global_rows;
  std::int64_t global_nonzeros;
  std::int64_t first_row;
  double negative_label;
  double positive_label;
};

class Writer {
 public:
  explicit Writer(std::FILE* file) : file_(file) {}
  void put(const void* data, std::size_t bytes) {
    if (bytes == 0) return;
    checksum_.add(data, bytes);
    ok_ = ok_ && std::fwrite(data, 1, bytes, file_) == bytes;
  }
  template <class T>
  void put_vector(const std::vector<T>& values) { put(values.data(), values.size() * sizeof(T)); }
  void finish() {
    const std::uint64_t sum = checksum_.value();
    ok_ = ok_ && std::fwrite(&sum, sizeof sum, 1, file_) == 1;
  }
  bool ok() const { return ok_; }

 private:
  std::FILE* file_;
  Checksum checksum_;
  bool ok_ = true;
};

class Reader {
 public:
  explicit Reader(int fd) : fd_(fd) {}
  bool get(void* data, std::size_t bytes) {
    auto* p = static_cast<char*>(data);
    std::size_t done = 0;
    while (done < bytes) {
      const ssize_t got = ::read(fd_, p + done, bytes - done);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return false;
      done += static_cast<std::size_t>(got);
    }
    checksum_.add(data, bytes);
    return true;
  }
  template <class T>
  bool get_vector(std::vector<T>& values, std::int64_t count) {
    values.resize(static_cast<std::size_t>(count));
    return get(values.data(), values.size() * sizeof(T));
  }
  std::uint64_t checksum() const { return checksum_.value(); }

 private:
  int fd_;
  Checksum checksum_;
};

std::string hex(std::uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

std::string exact(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

std::string shard_cache_key(const LoadOptions& options, const InputSet& inputs, int rank, int ranks) {
  std::string key = "dlogit shard cache 1\nsource " + options.path + "\n";
  for (const InputFile& file : inputs.files) {
    struct stat info {};
    std::int64_t mtime_ns = 0;
    if (::stat(file.path.c_str(), &info) == 0)
      mtime_ns = static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
    key += "file " + std::filesystem::absolute(file.path).string() + " size " + std::to_string(file.size) +
           " mtime_ns " + std::to_string(mtime_ns) + "\n";
  }
  key += "rank " + std::to_string(rank) + " of " + std::to_string(ranks) + "\n";
  key += "format " + format_names().name(options.format) + "\n";
  key += "features " + (options.features ? std::to_string(*options.features) : std::string("-")) + "\n";
  key += "positive_label " + (options.positive_label ? exact(*options.positive_label) : std::string("-")) + "\n";
  key += "known_labels " +
         (options.known_labels ? exact(options.known_labels->negative) + " " + exact(options.known_labels->positive)
                               : std::string("-")) + "\n";
  key += "csv " + std::to_string(options.csv_label_column) + " weight column " + std::to_string(options.csv_weight_column) +
         " header " +
         (options.csv_header ? (*options.csv_header ? "true" : "false") : "-") + "\n";
  key += "storage " + std::to_string(static_cast<int>(options.storage.values)) + " implicit_ones " +
         (options.storage.implicit_ones ? "true" : "false") + "\n";
  // 1-based and detected indices read alike whenever both succeed (a 1-based reading refuses an index 0), so
  // only 0-based reading, which reads other data differently, changes the key (older caches stay valid).
  if (options.index_base == IndexBase::zero) key += "zero_based true\n";
  return key;
}

std::string shard_cache_path(const std::string& dir, const std::string& source, int rank, int ranks) {
  const std::string absolute = std::filesystem::absolute(source).string();
  std::string name = std::filesystem::path(source).filename().string();
  for (char& c : name)
    if (c == '*' || c == '?' || c == '[' || c == ']') c = '_';
  return dir + "/" + name + "-" + hex(std::hash<std::string>{}(absolute)).substr(0, 8) + "." + std::to_string(rank) +
         "of" + std::to_string(ranks) + ".shard";
}

std::optional<Dataset> read_shard_cache(const std::string& path, const std::string& key, std::string& problem) {
  problem.clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } closer{fd};
  Reader in(fd);
  char file_magic[8];
  std::uint64_t key_length = 0;
  if (!in.get(file_magic, sizeof file_magic) || std::memcmp(file_magic, magic, sizeof magic) != 0 ||
      !in.get(&key_length, sizeof key_length) || key_length > (1u << 20)) {
    problem = "is not a dlogit shard cache or is corrupt";
    return std::nullopt;
  }
  std::string file_key(key_length, '\0');
  if (!in.get(file_key.data(), key_length)) {
    problem = "is truncated";
    return std::nullopt;
  }
  if (file_key != key) {
    problem = "is stale (the source file, the rank count or a load option changed)";
    return std::nullopt;
  }
  Header h{};
  if (!in.get(&h, sizeof h) || h.rows < 0 || h.nonzeros < 0 || h.values < 0 || h.features < 0 || h.value_type > 2) {
    problem = "is corrupt (bad header)";
    return std::nullopt;
  }
  SparseStorage sparse;
  DenseStorage dense;
  Eigen::VectorXd targets(h.rows);
  const auto type = static_cast<ValueType>(h.value_type);
  bool ok = true;
  if (h.is_sparse != 0) {
    ok = in.get_vector(sparse.offsets, h.rows + 1) && in.get_vector(sparse.columns, h.nonzeros);
    if (ok && type == ValueType::float64) ok = in.get_vector(sparse.values64, h.values);
    if (ok && type == ValueType::float32) ok = in.get_vector(sparse.values32, h.values);
  } else {
    ok = type == ValueType::float32 ? in.get_vector(dense.values32, h.values) : in.get_vector(dense.values64, h.values);
  }
  ok = ok && in.get(targets.data(), static_cast<std::size_t>(h.rows) * sizeof(double));
  const std::uint64_t computed = in.checksum();
  std::uint64_t stored = 0;
  char extra = 0;
  if (!ok || ::read(fd, &stored, sizeof stored) != static_cast<ssize_t>(sizeof stored) || ::read(fd, &extra, 1) != 0) {
    problem = "is truncated or has trailing bytes";
    return std::nullopt;
  }
  if (stored != computed) {
    problem = "is corrupt (checksum mismatch)";
    return std::nullopt;
  }
  try {
    Dataset shard = h.is_sparse != 0 ? Dataset(std::move(sparse), h.features, std::move(targets))
                                     : Dataset(std::move(dense), h.features, std::move(targets));
    if (shard.value_type() != type) throw std::invalid_argument("value type");
    shard.global_rows = h.global_rows;
    shard.global_nonzeros = h.global_nonzeros;
    shard.first_row = h.first_row;
    shard.labels = {h.negative_label, h.positive_label};
    return shard;
  } catch (const std::invalid_argument&) {
    problem = "is corrupt (inconsistent arrays)";
    return std::nullopt;
  }
}

void write_shard_cache(const std::string& path, const std::string& key, const Dataset& shard) {
  std::error_code code;
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, code);
  const std::string temporary = path + ".tmp." + std::to_string(::getpid());
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (file == nullptr) throw UserError("cannot write the shard cache " + temporary + ": " + std::strerror(errno));
  Writer out(file);
  const std::uint64_t key_length = key.size();
  out.put(magic, sizeof magic);
  out.put(&key_length, sizeof key_length);
  out.put(key.data(), key.size());
  const SparseStorage& s = shard.sparse_storage();
  const DenseStorage& d = shard.dense_storage();
  Header h{};
  h.is_sparse = shard.is_sparse() ? 1 : 0;
  h.value_type = static_cast<std::uint64_t>(shard.value_type());
  h.features = shard.features();
  h.rows = shard.local_rows();
  h.nonzeros = shard.is_sparse() ? static_cast<std::int64_t>(s.columns.size()) : 0;
  h.values = static_cast<std::int64_t>(shard.is_sparse() ? s.values64.size() + s.values32.size()
                                                         : d.values64.size() + d.values32.size());
  h.global_rows = shard.global_rows;
  h.global_nonzeros = shard.global_nonzeros;
  h.first_row = shard.first_row;
  h.negative_label = shard.labels.negative;
  h.positive_label = shard.labels.positive;
  out.put(&h, sizeof h);
  if (shard.is_sparse()) {
    out.put_vector(s.offsets);
    out.put_vector(s.columns);
    out.put_vector(s.values64);
    out.put_vector(s.values32);
  } else {
    out.put_vector(d.values64);
    out.put_vector(d.values32);
  }
  out.put(shard.targets().data(), static_cast<std::size_t>(shard.local_rows()) * sizeof(double));
  out.finish();
  const bool written = out.ok() && std::fflush(file) == 0 && ::fsync(::fileno(file)) == 0;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const std::string reason = std::strerror(errno);
    std::remove(temporary.c_str());
    throw UserError("cannot write the shard cache " + path + ": " + reason);
  }
}

}  // namespace dlogit::data
