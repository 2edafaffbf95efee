#include "comm/world.hpp"

#include <cstdlib>
#include <cstring>

#include "comm/mpi_communicator.hpp"

namespace dlogit::comm {

bool started_by_mpi_launcher() {
  const char* forced = std::getenv("DLOGIT_MPI");
  if (forced != nullptr && std::strcmp(forced, "1") == 0) return true;
  // Open MPI's mpirun, PMIx (Open MPI 4/5, srun --mpi=pmix), PMI-1/2 (MPICH/Intel MPI hydra, srun
  // --mpi=pmi2), and a task of a Slurm job step (srun).
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "PMI_FD", "SLURM_STEP_ID"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

std::unique_ptr<Communicator> world_communicator(int* argc, char*** argv) {
  if (started_by_mpi_launcher()) return std::make_unique<MpiCommunicator>(argc, argv);
  return std::make_unique<SerialCommunicator>();
}

}  // namespace dlogit::comm
