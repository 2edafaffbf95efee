#include "comm/agreement.hpp"

#include "common/errors.hpp"

namespace dlogit::comm {

void agree_on_failure(Communicator& comm, std::exception_ptr failure, const std::string& elsewhere,
                      FailureVoice voice) {
  double failed[2] = {failure ? 1.0 : 0.0, failure && comm.is_root() ? 1.0 : 0.0};  // [any rank, rank 0]
  comm.allreduce_max(failed, 2);
  if (failed[0] == 0.0) return;
  const bool root_speaks = voice == FailureVoice::root_if_failed && failed[1] != 0.0;
  if (failure && (!root_speaks || comm.is_root())) std::rethrow_exception(failure);
  throw AgreedFailure(elsewhere, true);
}

void agree_on_root_outcome(Communicator& comm, std::exception_ptr failure, const std::string& elsewhere) {
  double failed = failure ? 1.0 : 0.0;
  comm.broadcast(&failed, 1, 0);
  if (failed == 0.0) return;
  if (failure) std::rethrow_exception(failure);
  throw AgreedFailure(elsewhere, true);
}

}  // namespace dlogit::comm
