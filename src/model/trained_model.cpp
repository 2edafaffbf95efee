#include "model/trained_model.hpp"

#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/errors.hpp"
#include "model/logistic_loss.hpp"

namespace boost::serialization {
template <class Archive>
void serialize(Archive& archive, dlogit::data::LabelMapping& labels, unsigned /*version*/) {
  archive & labels.negative & labels.positive;
}
}  // namespace boost::serialization

namespace dlogit::model {
namespace {

const std::string kMagic = "dlogit-model";

template <class Archive>
void transfer(Archive& archive, TrainedModel& model) {
  archive & model.weights & model.intercept & model.fit_intercept & model.labels;
}

}  // namespace

double TrainedModel::probability(const double* x) const {
  double z = intercept;
  for (std::size_t j = 0; j < weights.size(); ++j) z += weights[j] * x[j];
  return sigmoid(z);
}

void save_model(const TrainedModel& model, const std::string& path) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw UserError("cannot write model file " + temporary + ": " + std::strerror(errno));
    boost::archive::binary_oarchive archive(out, boost::archive::no_header);
    std::string magic = kMagic;
    unsigned version = kModelFormatVersion;
    TrainedModel copy = model;
    archive & magic & version;
    transfer(archive, copy);
    out.flush();
    if (!out) throw UserError("cannot write model file " + temporary + " (disk full?)");
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) throw UserError("cannot move " + temporary + " to " + path + ": " + error.message());
}

TrainedModel load_model(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UserError("cannot open model file " + path + ": " + std::strerror(errno));
  TrainedModel model;
  try {
    boost::archive::binary_iarchive archive(in, boost::archive::no_header);
    std::string magic;
    unsigned version = 0;
    archive & magic;
    if (magic != kMagic) throw UserError(path + " is not a dlogit model file");
    archive & version;
    if (version != kModelFormatVersion)
      throw UserError(path + " has model format version " + std::to_string(version) + "; this dlogit reads version " +
                      std::to_string(kModelFormatVersion));
    transfer(archive, model);
  } catch (const UserError&) {
    throw;
  } catch (const std::exception& e) {
    // A bogus length field can surface as bad_alloc or length_error as well as an archive_exception.
    throw UserError(path + " is truncated or not a dlogit model file (" + e.what() + ")");
  }
  return model;
}

}  // namespace dlogit::model
