#include "train/checkpoint_cadence.hpp"

namespace dlogit::train {

CheckpointCadence::CheckpointCadence(int every, double seconds, int iteration, double now, double checkpoint_bytes)
    : every_(every),
      seconds_(seconds),
      last_iteration_(iteration),
      last_end_(now),
      last_duration_(checkpoint_bytes > 0.0 ? checkpoint_bytes / kAssumedBytesPerSecond : 0.0) {}

bool CheckpointCadence::due(int iteration, double now) const {
  if (iteration <= last_iteration_) return false;
  // A multiple of `every` reached since the last write (the multiple itself unless a write waited).
  const bool by_count = every_ > 0 && iteration / every_ > last_iteration_ / every_;
  const bool by_time = seconds_ > 0.0 && now - last_end_ >= seconds_;
  const bool spaced = last_duration_ < kUnspacedWrite || now - last_end_ >= kSpacing * last_duration_;
  return (by_count || by_time) && spaced;
}

void CheckpointCadence::wrote(int iteration, double start, double end) {
  last_iteration_ = iteration;
  last_end_ = end;
  last_duration_ = end - start;
}

}  // namespace dlogit::train
