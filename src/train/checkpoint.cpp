#include "train/checkpoint.hpp"

#include <algorithm>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/utility.hpp>
#include <boost/serialization/vector.hpp>
#include <boost/serialization/version.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "common/binary_archive.hpp"
#include "common/checked_file.hpp"
#include "common/errors.hpp"

namespace fs = std::filesystem;

namespace boost::serialization {

// A vector is archived as the std::vector<double> that older files hold (its count, then its values),
// straight from and into its own memory.
template <class Archive>
void save(Archive& archive, const Eigen::VectorXd& v, unsigned /*version*/) {
  const collection_size_type count(static_cast<std::size_t>(v.size()));
  archive << BOOST_SERIALIZATION_NVP(count);
  if (count > 0) archive << make_array<const double, collection_size_type>(v.data(), count);
}
template <class Archive>
void load(Archive& archive, Eigen::VectorXd& v, unsigned /*version*/) {
  collection_size_type count;
  archive >> BOOST_SERIALIZATION_NVP(count);
  const std::size_t size = static_cast<const collection_size_type&>(count);
  v.resize(static_cast<Eigen::Index>(size));
  if (BOOST_SERIALIZATION_VECTOR_VERSIONED(archive.get_library_version())) {
    unsigned int item_version = 0;
    archive >> BOOST_SERIALIZATION_NVP(item_version);
  }
  if (size > 0) archive >> make_array<double, collection_size_type>(v.data(), count);
}
template <class Archive>
void serialize(Archive& archive, Eigen::VectorXd& v, unsigned version) {
  split_free(archive, v, version);
}

// An optimizer state is archived field by field as it visits them (optim/optimizer_state.hpp): the
// common fields (the method first), then those of its method, whose type the method name selects.
template <class Archive>
struct ArchiveField {
  Archive& archive;
  template <class T>
  void operator()(const char* /*name*/, T& value) {
    archive & value;
  }
};

template <class Archive>
void serialize(Archive& archive, dlogit::optim::StagnationGuard& guard, unsigned /*version*/) {
  ArchiveField<Archive> field{archive};
  dlogit::optim::StagnationGuard::visit(guard, field);
}

// The s or the y vectors of a memory, oldest first, archived as the std::vector<Eigen::VectorXd> that
// older files hold and load() reads: its count, its item version, the vectors (class information, like
// a vector's, only the first time), straight from the memory's own vectors. Save only.
struct HistoryVectors {
  const dlogit::optim::LbfgsHistory& history;
  bool y;
};
template <class Archive>
void serialize(Archive& archive, HistoryVectors& vectors, unsigned /*version*/) {
  static_assert(Archive::is_saving::value, "a memory is loaded as std::vector<Eigen::VectorXd>");
  const collection_size_type count(static_cast<std::size_t>(vectors.history.size()));
  archive << BOOST_SERIALIZATION_NVP(count);
  const item_version_type item_version(version<Eigen::VectorXd>::value);
  archive << BOOST_SERIALIZATION_NVP(item_version);
  for (int k = 0; k < vectors.history.size(); ++k)
    archive << make_nvp("item", vectors.y ? vectors.history.y_at(k) : vectors.history.s_at(k));
}

// The pairs in their logical order, oldest first (the ring buffer position is irrelevant).
template <class Archive>
void save(Archive& archive, const dlogit::optim::LbfgsHistory& history, unsigned /*version*/) {
  const int capacity = history.capacity();
  const Eigen::VectorXd rho = history.rho_in_order();
  archive << capacity << HistoryVectors{history, false} << HistoryVectors{history, true} << rho;
}
template <class Archive>
void load(Archive& archive, dlogit::optim::LbfgsHistory& history, unsigned /*version*/) {
  int capacity = 0;
  std::vector<Eigen::VectorXd> s, y;
  Eigen::VectorXd rho;
  archive >> capacity >> s >> y >> rho;
  history = dlogit::optim::LbfgsHistory(capacity);
  const Eigen::Index n = s.empty() ? 0 : s.front().size();
  history.restore(std::move(s), std::move(y), rho, n);  // the vectors move into the slots: no second copy
}
template <class Archive>
void serialize(Archive& archive, dlogit::optim::LbfgsHistory& history, unsigned version) {
  split_free(archive, history, version);
}

template <class Archive>
void save(Archive& archive, const dlogit::optim::OptimizerState& state, unsigned /*version*/) {
  ArchiveField<Archive> field{archive};
  dlogit::optim::visit_all(state, field);
}
template <class Archive>
void load(Archive& archive, dlogit::optim::OptimizerState& state, unsigned /*version*/) {
  ArchiveField<Archive> field{archive};
  dlogit::optim::OptimizerState::visit(state, field);
  state.method_state = dlogit::optim::method_state_for(state.method);
  std::visit([&](auto& own) { std::decay_t<decltype(own)>::visit(own, field); }, state.method_state);
}
template <class Archive>
void serialize(Archive& archive, dlogit::optim::OptimizerState& state, unsigned version) {
  split_free(archive, state, version);
}

// Version 1 adds the certificate, so that a resumed run stops where the uninterrupted one did (pqn's
// certificate uses a dual point from its last step, which a resumed run cannot rebuild); version 0 files
// read with none.
template <class Archive>
void serialize(Archive& archive, dlogit::optim::IterationReport& r, unsigned version) {
  archive & r.iteration & r.objective & r.gradient_norm & r.step & r.function_evals & r.hessian_evals;
  if (version >= 1) archive & r.gap_bound;
}

template <class Archive>
void serialize(Archive& archive, dlogit::train::TraceRow& row, unsigned /*version*/) {
  archive & row.report & row.seconds & row.compute & row.comm;
}

template <class Archive>
void serialize(Archive& archive, dlogit::train::Checkpoint& c, unsigned /*version*/) {
  archive & c.optimizer & c.trace & c.config_fingerprint & c.data_fingerprint;
}

// Saved as the Checkpoint it shows (a class of the same version and tracking, so the same class header,
// then the same fields in the same order): a file written from a view reads back as a Checkpoint.
template <class Archive>
void serialize(Archive& archive, dlogit::train::CheckpointView& c, unsigned /*version*/) {
  static_assert(Archive::is_saving::value, "a checkpoint is read as a Checkpoint");
  archive << c.optimizer << c.trace << c.config_fingerprint << c.data_fingerprint;
}

}  // namespace boost::serialization

BOOST_CLASS_VERSION(dlogit::optim::IterationReport, 1)

namespace dlogit::train {
namespace {

const std::string kMagic = "dlogit-checkpoint\n";

long iteration_of(const fs::path& file) {
  const std::string name = file.filename().string();
  if (name.rfind("ckpt-", 0) != 0 || file.extension() != ".bin") return -1;
  try {
    return std::stol(name.substr(5, name.size() - 9));
  } catch (const std::exception&) {
    return -1;
  }
}

// Whether `path` is a checkpoint this dlogit can resume from (read in full and decoded).
bool verifies(const std::string& path) {
  try {
    read_checkpoint(path);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

std::string checkpoint_name(int iteration) {
  char name[32];
  std::snprintf(name, sizeof name, "ckpt-%08d.bin", iteration);
  return name;
}

}  // namespace

std::string write_checkpoint(const CheckpointView& checkpoint, const std::string& dir, int keep,
                             std::set<std::string>* verified) {
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) throw UserError("cannot create checkpoint.dir '" + dir + "': " + error.message());
  const std::string path = dir + "/" + checkpoint_name(checkpoint.optimizer.iteration);
  write_archive_file(path, kMagic, kCheckpointFormatVersion, [&](boost::archive::binary_oarchive& archive) {
    archive << checkpoint;
    archive << checkpoint.ranks << checkpoint.threads;  // format 3
  });
  std::set<std::string> own;
  if (verified == nullptr) verified = &own;
  verified->insert(path);

  int valid = 0;
  for (const std::string& file : list_checkpoints(dir)) {
    if (valid >= keep) {
      fs::remove(file, error);
      verified->erase(file);
    } else if (verified->count(file) > 0 || verifies(file)) {
      verified->insert(file);
      ++valid;
    }
  }
  return path;
}

Checkpoint read_checkpoint(const std::string& path) {
  const CheckedFile file = read_checked_file(path, kMagic, "checkpoint");
  if (file.version < kOldestCheckpointFormatVersion || file.version > kCheckpointFormatVersion)
    throw CheckpointVersionError(path + " has checkpoint format version " + std::to_string(file.version) +
                                 "; this dlogit reads versions " + std::to_string(kOldestCheckpointFormatVersion) +
                                 " to " + std::to_string(kCheckpointFormatVersion));
  Checkpoint checkpoint;
  try {
    read_archive_payload(file.payload, [&](boost::archive::binary_iarchive& archive) {
      archive >> checkpoint;
      if (file.version >= 3) archive >> checkpoint.ranks >> checkpoint.threads;
    });
  } catch (const std::exception& e) {
    throw UserError(path + " cannot be decoded: " + e.what());
  }
  return checkpoint;
}

bool is_checkpoint_file(const std::string& path) { return has_magic(path, kMagic); }

std::vector<std::string> list_checkpoints(const std::string& dir) {
  std::vector<std::pair<long, std::string>> found;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const long iteration = iteration_of(it->path());
    if (iteration >= 0) found.emplace_back(iteration, it->path().string());
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::string> paths;
  for (auto& entry : found) paths.push_back(std::move(entry.second));
  return paths;
}

std::optional<FoundCheckpoint> newest_valid_checkpoint(const std::string& dir,
                                                       const std::function<void(const std::string&)>& warn) {
  for (const std::string& path : list_checkpoints(dir)) {
    try {
      return FoundCheckpoint{path, read_checkpoint(path)};
    } catch (const CheckpointVersionError& e) {
      throw CheckpointVersionError(std::string("cannot resume: ") + e.what() +
                                   " (another version of dlogit wrote it). Finish that run with that version, or "
                                   "start over deliberately: in a new output.dir, or with --set "
                                   "checkpoint.resume=false (its checkpoints then replace those in " + dir + ")");
    } catch (const UserError& e) {
      warn(std::string("skipping checkpoint: ") + e.what());
    }
  }
  return std::nullopt;
}

std::string fingerprint_difference(const Fingerprint& saved, const Fingerprint& current) {
  for (const auto& [name, value] : current) {
    const auto match = std::find_if(saved.begin(), saved.end(), [&](const auto& entry) { return entry.first == name; });
    if (match == saved.end() && name == kContentKey) continue;  // an older dlogit's checkpoint
    const std::string before = match == saved.end() ? "(absent)" : match->second;
    if (before != value) return name + " is " + before + " in the checkpoint but " + value + " now";
  }
  return "";
}

}  // namespace dlogit::train
