// fill_breakdowns: rank 0's cumulative timers and every rank's per-evaluation compute become per-iteration
// parts that add up to rank 0's accounted time.
#include <catch2/catch.hpp>

#include "train/run_record.hpp"

using dlogit::train::TraceRow;

namespace {

TraceRow row_at(double seconds, long evaluations, double allreduce, double broadcast, double update, double output) {
  TraceRow row;
  row.seconds = seconds;
  row.evaluations = evaluations;
  row.cumulative.allreduce = allreduce;
  row.cumulative.broadcast = broadcast;
  row.cumulative.update = update;
  row.cumulative.output = output;
  return row;
}

}  // namespace

TEST_CASE("the breakdown splits rank 0's allreduce wait into imbalance and the allreduce itself") {
  std::vector<TraceRow> trace;
  trace.push_back(row_at(1.0, -1, 9, 9, 9, 9));  // resumed from a checkpoint: left alone
  // Evaluations 0 and 1 in the first timed row, 2 in the second.
  trace.push_back(row_at(0.50, 2, 0.20, 0.02, 0.01, 0.00));
  trace.push_back(row_at(0.80, 3, 0.30, 0.03, 0.02, 0.05));
  const std::vector<std::vector<double>> compute = {{0.10, 0.10, 0.10},   // rank 0
                                                    {0.20, 0.10, 0.15},   // rank 1
                                                    {0.15, 0.10, 0.05}};  // rank 2
  dlogit::train::fill_breakdowns(trace, compute);
  CHECK_FALSE(trace[0].breakdown);
  REQUIRE(trace[1].breakdown);
  const auto& first = *trace[1].breakdown;
  CHECK(first.iteration == Approx(0.50));
  CHECK(first.compute == Approx(0.15 + 0.10));       // means of evaluations 0 and 1
  CHECK(first.imbalance == Approx(0.05 + 0.0));      // slowest minus mean
  CHECK(first.allreduce == Approx(0.20 - 0.10));     // rank 0 waited 0.1 for rank 1 in evaluation 0
  CHECK(first.broadcast == Approx(0.02));
  CHECK(first.update == Approx(0.01));
  const auto& second = *trace[2].breakdown;
  CHECK(second.iteration == Approx(0.30));
  CHECK(second.compute == Approx(0.10));
  CHECK(second.imbalance == Approx(0.05));
  CHECK(second.allreduce == Approx(0.10 - 0.05));
  CHECK(second.output == Approx(0.05));
  // The parts add up to rank 0's compute + allreduce + broadcast + update + output.
  const double parts = second.compute + second.imbalance + second.allreduce + second.broadcast + second.update +
                       second.output;
  CHECK(parts == Approx(0.10 + 0.10 + 0.01 + 0.01 + 0.05));
  const auto total = dlogit::train::total_breakdown(trace);
  CHECK(total.iteration == Approx(0.80));
  CHECK(total.compute == Approx(0.35));
}

TEST_CASE("trace.csv has the breakdown and certificate columns, empty for rows without them") {
  std::vector<TraceRow> trace(2);
  trace[1].breakdown = dlogit::train::IterationTime{0.5, 0.1, 0.2, 0.3, 0.04, 0.05, 0.01};
  trace[1].report.gap_bound = 2.5e-7;
  const std::string text = dlogit::train::trace_csv(trace);
  CHECK(text.find("time_iteration,time_compute,time_imbalance,time_allreduce,time_broadcast,time_update,"
                  "time_output,gap_bound\n") != std::string::npos);
  CHECK(text.find(",,,,,,,\n") != std::string::npos);  // row 0: no breakdown, no certificate
  CHECK(text.find(",0.500000000,0.100000000,0.200000000,0.300000000,0.040000000,0.050000000,0.010000000,"
                  "2.500000e-07\n") != std::string::npos);
}

TEST_CASE("rank 0's wait is capped by its allreduce time, so the parts still add up") {
  // Rank 1 computed 0.3 s longer, but rank 0 spent only 0.1 s in the allreduce: rank 1 had started
  // while rank 0 was still in the broadcast.
  std::vector<TraceRow> trace = {row_at(1.0, 1, 0.10, 0.25, 0.05, 0.0)};
  dlogit::train::fill_breakdowns(trace, {{0.50}, {0.80}, {0.20}});
  const auto& time = *trace[0].breakdown;
  CHECK(time.compute == Approx(0.50));
  CHECK(time.allreduce == Approx(0.0));
  CHECK(time.imbalance == Approx(0.10));
  CHECK(time.compute + time.imbalance + time.allreduce == Approx(0.50 + 0.10));
}
