#pragma once
#include "comm/communicator.hpp"
#include "config/config.hpp"
#include "train/progress.hpp"

namespace dlogit::train {

// Runs an experiment on every rank (collective): the config's [cv] folds and/or [grid] (issue 16).
// The data is loaded once. Each grid point (the config itself without [grid]) gets one lambda grid
// computed from all rows (its λ list, or its path from lambda_max); with [cv], each fold then trains
// that path on the other folds' rows (m = their count; balanced class weights from them), warm-started
// from the largest lambda, and scores its own rows by cv.metric; without [cv], the point trains on all
// rows and is scored on data.test. Rank 0 writes <output.dir>/cv.csv, picks (point, lambda) by cv.rule,
// and with cv.refit trains all rows there into <output.dir>/best/ (result.json's "cv" says what was
// chosen). Each fold's run is in <output.dir>/cv/point-NNN/fold-K/ (without [cv]: grid/point-NNN/)
// with its checkpoints: a rerun of an interrupted experiment resumes where it stopped.
void run_experiment(const config::Config& config, comm::Communicator& comm, Verbosity verbosity, int log_every);

}  // namespace dlogit::train
