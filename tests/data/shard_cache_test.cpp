#include "data/shard_cache.hpp"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "data/data_test_support.hpp"
#include "data/dataset_loader.hpp"

using dlogit::data::Dataset;
using dlogit::data::LoadOptions;

namespace {

void require_identical(const Dataset& a, const Dataset& b) {
  REQUIRE(a.is_sparse() == b.is_sparse());
  REQUIRE(a.value_type() == b.value_type());
  CHECK(a.features() == b.features());
  CHECK(a.sparse_storage().offsets == b.sparse_storage().offsets);
  CHECK(a.sparse_storage().columns == b.sparse_storage().columns);
  CHECK(a.sparse_storage().values64 == b.sparse_storage().values64);
  CHECK(a.sparse_storage().values32 == b.sparse_storage().values32);
  CHECK(a.dense_storage().values64 == b.dense_storage().values64);
  CHECK(a.dense_storage().values32 == b.dense_storage().values32);
  CHECK(a.targets() == b.targets());
  CHECK(a.global_rows == b.global_rows);
  CHECK(a.global_nonzeros == b.global_nonzeros);
  CHECK(a.first_row == b.first_row);
  CHECK(a.labels.negative == b.labels.negative);
  CHECK(a.labels.positive == b.labels.positive);
}

LoadOptions cached(const std::string& path, const std::string& dir, dlogit::data::Format format) {
  LoadOptions options;
  options.path = path;
  options.format = format;
  options.cache_dir = dir;
  return options;
}

std::string cache_file(const LoadOptions& options, int rank = 0, int ranks = 1) {
  return dlogit::data::shard_cache_path(*options.cache_dir, options.path, rank, ranks);
}

bool cache_is_valid(const LoadOptions& options, int rank = 0, int ranks = 1) {
  std::string problem;
  const auto key = dlogit::data::shard_cache_key(options, dlogit::data::resolve_inputs(options.path), rank, ranks);
  return dlogit::data::read_shard_cache(cache_file(options, rank, ranks), key, problem).has_value() && problem.empty();
}

}  // namespace

TEST_CASE("a cached load gives bitwise the same dataset as parsing", "[data][cache]") {
  dlogit::comm::SerialCommunicator comm;
  const std::string dir = dlogit::test::temp_dir("cache-same");
  struct Source {
    std::string file;
    dlogit::data::Format format;
    dlogit::data::StorageOptions::Values values;
  };
  using Values = dlogit::data::StorageOptions::Values;
  for (const Source& source : {Source{"a9a.svm", dlogit::data::Format::libsvm, Values::automatic},
                               Source{"a9a.svm", dlogit::data::Format::libsvm, Values::float64},
                               Source{"covtype20k.csv", dlogit::data::Format::csv, Values::automatic},
                               Source{"covtype20k.csv", dlogit::data::Format::csv, Values::float32}}) {
    INFO(source.file << " values " << static_cast<int>(source.values));
    LoadOptions options = cached(dlogit::test::dataset(source.file), dir, source.format);
    options.storage.values = source.values;
    std::filesystem::remove(cache_file(options));
    LoadOptions uncached = options;
    uncached.cache_dir.reset();
    const Dataset parsed = load_dataset(uncached, comm);
    const Dataset first = load_dataset(options, comm);  // parses and writes the cache
    REQUIRE(cache_is_valid(options));
    const Dataset second = load_dataset(options, comm);  // reads it
    require_identical(first, parsed);
    require_identical(second, parsed);
  }
}

TEST_CASE("a stale cache is rebuilt when the source changes", "[data][cache]") {
  dlogit::comm::SerialCommunicator comm;
  const std::string dir = dlogit::test::temp_dir("cache-stale");
  const std::string path = dlogit::test::write_file(dir, "d.svm", "1 1:1 3:2\n-1 2:1\n");
  const LoadOptions options = cached(path, dir + "/cache", dlogit::data::Format::libsvm);
  CHECK(load_dataset(options, comm).local_rows() == 2);
  REQUIRE(cache_is_valid(options));
  std::ofstream(path, std::ios::app) << "1 4:5\n";  // a new size (and time): the old cache no longer fits
  std::string problem;
  const auto key = dlogit::data::shard_cache_key(options, dlogit::data::resolve_inputs(path), 0, 1);
  CHECK_FALSE(dlogit::data::read_shard_cache(cache_file(options), key, problem));
  CHECK_THAT(problem, Catch::Contains("stale"));
  const Dataset reloaded = load_dataset(options, comm);
  CHECK(reloaded.local_rows() == 3);
  CHECK(reloaded.features() == 4);
  CHECK(cache_is_valid(options));  // rewritten for the new source
}

TEST_CASE("a corrupt or truncated cache is rebuilt", "[data][cache]") {
  dlogit::comm::SerialCommunicator comm;
  const std::string dir = dlogit::test::temp_dir("cache-corrupt");
  const LoadOptions options = cached(dlogit::test::dataset("a9a.svm"), dir, dlogit::data::Format::libsvm);
  LoadOptions uncached = options;
  uncached.cache_dir.reset();
  const Dataset parsed = load_dataset(uncached, comm);
  load_dataset(options, comm);
  const std::string file = cache_file(options);
  const auto size = std::filesystem::file_size(file);
  const std::string key = dlogit::data::shard_cache_key(options, dlogit::data::resolve_inputs(options.path), 0, 1);
  SECTION("one flipped byte") {
    std::fstream bytes(file, std::ios::in | std::ios::out | std::ios::binary);
    bytes.seekg(static_cast<std::streamoff>(size / 2));
    const char c = static_cast<char>(bytes.get());
    bytes.seekp(static_cast<std::streamoff>(size / 2));
    bytes.put(static_cast<char>(c ^ 0x10));
    bytes.close();
    std::string problem;
    CHECK_FALSE(dlogit::data::read_shard_cache(file, key, problem));
    CHECK_THAT(problem, Catch::Contains("checksum"));
  }
  SECTION("truncated") {
    std::filesystem::resize_file(file, size - 100);
    std::string problem;
    CHECK_FALSE(dlogit::data::read_shard_cache(file, key, problem));
    CHECK_THAT(problem, Catch::Contains("truncated"));
  }
  SECTION("not a cache at all") {
    std::ofstream(file, std::ios::trunc) << "hello";
    std::string problem;
    CHECK_FALSE(dlogit::data::read_shard_cache(file, key, problem));
    CHECK_FALSE(problem.empty());
  }
  require_identical(load_dataset(options, comm), parsed);
  CHECK(cache_is_valid(options));
}

TEST_CASE("ranks as threads: each rank caches its own shard, which another rank count does not reuse",
          "[data][cache][ranks]") {
  const std::string dir = dlogit::test::temp_dir("cache-ranks");
  const LoadOptions options = cached(dlogit::test::dataset("a9a.svm"), dir, dlogit::data::Format::libsvm);
  for (const int ranks : {3, 3, 2}) {
    std::vector<Dataset> shards(static_cast<std::size_t>(ranks));
    const auto errors = dlogit::test::run_ranks(ranks, [&](int rank, dlogit::comm::Communicator& comm) {
      shards[static_cast<std::size_t>(rank)] = load_dataset(options, comm);
    });
    std::int64_t rows = 0;
    for (int r = 0; r < ranks; ++r) {
      REQUIRE_FALSE(errors[static_cast<std::size_t>(r)]);
      CHECK(shards[static_cast<std::size_t>(r)].global_rows == 32561);
      rows += shards[static_cast<std::size_t>(r)].local_rows();
      CHECK(cache_is_valid(options, r, ranks));
    }
    CHECK(rows == 32561);
  }
}
