#include "model/trained_model.hpp"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include "common/binary_archive.hpp"
#include "common/checked_file.hpp"
#include "common/errors.hpp"

namespace boost::serialization {
template <class Archive>
void serialize(Archive& archive, dlogit::data::LabelMapping& labels, unsigned /*version*/) {
  archive & labels.negative & labels.positive;
}
}  // namespace boost::serialization

namespace dlogit::model {
namespace {

const std::string kMagic = "dlogit-model\n";

// The fields in file order; `Model` is const when saving (no copy of the weights), mutable when loading.
template <class Archive, class Model>
void transfer(Archive& archive, Model& model, unsigned format) {
  archive & model.weights & model.intercept & model.fit_intercept & model.labels;
  if (format >= 2) archive & model.provenance.version & model.provenance.commit & model.provenance.config_sha256;
}

constexpr unsigned kOldestModelFormat = 1;

}  // namespace

double TrainedModel::probability(const double* x) const {
  double z = intercept;
  for (std::size_t j = 0; j < weights.size(); ++j) z += weights[j] * x[j];
  return link(z);
}

void save_model(const TrainedModel& model, const std::string& path) {
  write_archive_file(path, kMagic, kModelFormatVersion,
                     [&](boost::archive::binary_oarchive& archive) { transfer(archive, model, kModelFormatVersion); });
}

LoadedModel load_model_format(const std::string& path) {
  const CheckedFile file = read_checked_file(path, kMagic, "model file");
  if (file.version < kOldestModelFormat || file.version > kModelFormatVersion)
    throw UserError(path + " has model format version " + std::to_string(file.version) + "; this dlogit reads versions " +
                    std::to_string(kOldestModelFormat) + " to " + std::to_string(kModelFormatVersion));
  LoadedModel loaded;
  loaded.format = file.version;
  try {
    read_archive_payload(file.payload,
                         [&](boost::archive::binary_iarchive& archive) { transfer(archive, loaded.model, file.version); });
  } catch (const std::exception& e) {
    throw UserError(path + " cannot be decoded: " + e.what());
  }
  return loaded;
}

TrainedModel load_model(const std::string& path) { return load_model_format(path).model; }

bool is_model_file(const std::string& path) { return has_magic(path, kMagic); }

}  // namespace dlogit::model
