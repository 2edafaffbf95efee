#pragma once
#include "data/dataset.hpp"

// The engine's value-and-gradient pass (logistic, unweighted, 1 thread) over a view that prefetches the
// columns of the row 1, 2 or 4 rows ahead
// (0: none, the same code otherwise: the control). gradient: features + 1 values (the intercept last).
double prefetching_pass_0(const dlogit::data::Dataset& shard, const double* theta, double* gradient);
double prefetching_pass_1(const dlogit::data::Dataset& shard, const double* theta, double* gradient);
double prefetching_pass_2(const dlogit::data::Dataset& shard, const double* theta, double* gradient);
double prefetching_pass_4(const dlogit::data::Dataset& shard, const double* theta, double* gradient);
