#include "eval/scoring.hpp"

#include <stdexcept>
#include <string>

#include "model/row_views.hpp"

namespace dlogit::eval {
namespace {

template <class Rows>
void fill_margins(const Rows& rows, const model::TrainedModel& model, std::vector<double>& out) {
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = rows.dot(static_cast<Eigen::Index>(i), model.weights.data()) + model.intercept;
}

}  // namespace

std::vector<double> margins(const data::Dataset& shard, const model::TrainedModel& model) {
  if (shard.features() != model.features()) {
    throw std::invalid_argument("a shard of " + std::to_string(shard.features()) + " features scored by a model of " +
                                std::to_string(model.features()));
  }
  std::vector<double> out(static_cast<std::size_t>(shard.local_rows()));
  model::with_row_view(shard, [&](const auto& rows) { fill_margins(rows, model, out); });
  return out;
}

}  // namespace dlogit::eval
