#pragma once
#include <memory>

#include "comm/communicator.hpp"

namespace dlogit::comm {

// True when an MPI launcher started this process (mpirun/mpiexec of Open MPI or MPICH, srun with PMI
// or PMIx): its environment then says so. DLOGIT_MPI=1 forces MPI on a process started alone.
bool started_by_mpi_launcher();

// The communicator of the whole job, made once in main. A process started alone is one rank: it
// runs on a SerialCommunicator without initialising MPI at all, which saves MPI's start-up (about
// 0.3 s of Open MPI's singleton init here, more than training on a small set takes) and gives the
// same results, since every collective of one rank is the identity.
std::unique_ptr<Communicator> world_communicator(int* argc, char*** argv);

}  // namespace dlogit::comm
