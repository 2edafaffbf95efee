#pragma once
// The rule that keeps ranks from hanging: a step that may fail on some ranks ends with every rank
// knowing whether any failed, before anyone enters the next collective. Every rank-local step that can
// throw goes through one of these two helpers.
#include <exception>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "comm/communicator.hpp"

namespace dlogit::comm {

// Who prints the error when ranks failed. A failed rank rethrows its own exception (which names the
// file, line or key); the ranks that did not fail throw AgreedFailure(elsewhere, reported_elsewhere).
enum class FailureVoice {
  each_failed_rank,  // different ranks fail differently (their own shard's line): each reports its own
  root_if_failed,    // ranks fail alike (the same file): when rank 0 failed, only it reports
};

// Collective (one allreduce of two values). `failure` is this rank's exception, or null.
void agree_on_failure(Communicator& comm, std::exception_ptr failure, const std::string& elsewhere,
                      FailureVoice voice = FailureVoice::each_failed_rank);

// Collective: runs work() on every rank, any of which may throw; returns its result on every rank when
// none did. `elsewhere` is what the ranks that did not fail report, e.g. "loading failed on another rank".
template <class Work>
auto on_every_rank(Communicator& comm, const std::string& elsewhere, Work&& work,
                   FailureVoice voice = FailureVoice::each_failed_rank) {
  using Result = decltype(work());
  std::exception_ptr failure;
  if constexpr (std::is_void_v<Result>) {
    try {
      work();
    } catch (...) {
      failure = std::current_exception();
    }
    agree_on_failure(comm, failure, elsewhere, voice);
  } else {
    std::optional<Result> result;
    try {
      result.emplace(work());
    } catch (...) {
      failure = std::current_exception();
    }
    agree_on_failure(comm, failure, elsewhere, voice);
    return std::move(*result);
  }
}

// Collective (one broadcast from rank 0): runs work() on rank 0 only while the others wait for its
// outcome. If it throws, rank 0 rethrows and the others throw AgreedFailure(elsewhere, true).
void agree_on_root_outcome(Communicator& comm, std::exception_ptr failure, const std::string& elsewhere);

template <class Work>
void on_root(Communicator& comm, const std::string& elsewhere, Work&& work) {
  std::exception_ptr failure;
  if (comm.is_root()) {
    try {
      work();
    } catch (...) {
      failure = std::current_exception();
    }
  }
  agree_on_root_outcome(comm, failure, elsewhere);
}

}  // namespace dlogit::comm
