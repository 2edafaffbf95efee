#pragma once
#include <string>

#include "model/trained_model.hpp"

namespace dlogit::model {

// model.bin in formats any language reads (dlogit export). P(label = labels.positive | x) =
// 1 / (1 + exp(−(Σ_j weights[j−1]·x_j + intercept))), with x_j the value of 1-based feature j (LIBSVM's
// index, or the j-th feature column of a CSV). Numbers have 17 significant digits (exact round trip).
// model.bin holds no training config: that is in the result.json written beside it.

// {"format": "dlogit-model", "features": n, "fit_intercept": true, "intercept": b,
//  "labels": {"negative": -1, "positive": 1}, "weights": [w1, ..., wn], "note": "..."}
std::string model_json(const TrainedModel& model);

// "feature,weight" header, one "j,w_j" row per feature (1-based j), then the named rows "intercept,b",
// "fit_intercept,1|0", "negative_label,v" and "positive_label,v". Rows whose first field is an
// integer are the weights.
std::string model_csv(const TrainedModel& model);

}  // namespace dlogit::model
