// Build probe, compiled only by the ctest entries of tests/build/CMakeLists.txt (never by the default
// build): a source outside src/comm, built like a file of any other src/ folder. With
// DLOGIT_PROBE_INCLUDE_MPI it includes <mpi.h>, which must not compile there, because only src/comm may
// use MPI. Without it, it must compile, which shows that the failure above is the include and nothing else.
#include "comm/communicator.hpp"

#ifdef DLOGIT_PROBE_INCLUDE_MPI
#include <mpi.h>
#endif

int dlogit_mpi_include_probe(const dlogit::comm::Communicator& comm) { return comm.size(); }
