#pragma once

namespace dlogit::train {

// When rank 0 writes a periodic checkpoint (the one at the end of a run and the one at a stop signal are
// always written, not asked for here). One is due every `every` iterations (at multiples of it; 0: never
// by count) and once `seconds` have passed since the last one ended, or since the start (0: never by
// time). After a write of a second or more, a due checkpoint waits (to a later iteration) until ten
// times that write's duration has passed since it ended: the periodic writes then take at most a tenth
// of the run's time at any model size, e.g. one of 3 GB at 300 MB/s (10 s) at most every 100 s, however
// fast the iterations. The first write is spaced the same way from the start of the run, by its duration
// estimated from its size (kAssumedBytesPerSecond). Quicker writes are not spaced, so that a small model's cadence is exactly the
// configured one (not one that depends on the disk's mood). Times are seconds on any clock that does
// not go back.
class CheckpointCadence {
 public:
  static constexpr double kSpacing = 10.0;     // idle time after a write, in write durations
  static constexpr double kUnspacedWrite = 1.0;  // writes shorter than this (seconds) are not spaced

  // Before any write has been timed, a checkpoint is assumed to be written at this speed (a single
  // SATA SSD, or a shared parallel file system under load): the first periodic write of a large model
  // is spaced from the run's start too, instead of landing at iteration `every` and costing a tenth of a
  // short run on its own. A faster disk only delays that first write; later ones use measured durations.
  static constexpr double kAssumedBytesPerSecond = 250e6;

  // `iteration` and `now`: where the run starts (a resumed run: the checkpoint's iteration).
  // `checkpoint_bytes`: about what one checkpoint will hold (0: unknown, the first write is not spaced).
  CheckpointCadence(int every, double seconds, int iteration, double now, double checkpoint_bytes = 0.0);

  // Whether to write a checkpoint after `iteration` at time `now`.
  bool due(int iteration, double now) const;
  // A checkpoint of `iteration` was written (or attempted) from `start` to `end`.
  void wrote(int iteration, double start, double end);

 private:
  int every_;
  double seconds_;
  int last_iteration_;  // of the last write, or where the run started
  double last_end_;
  double last_duration_ = 0.0;
};

}  // namespace dlogit::train
