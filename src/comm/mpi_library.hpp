#pragma once
#include <string>

namespace dlogit::comm {

// The MPI library dlogit was compiled against (from mpi.h: "Open MPI 4.1.4", or "MPI 3.1" for another
// implementation) and the one it runs with (the first line of MPI_Get_library_version, which MPI allows
// before MPI_Init, so a process without a launcher can ask too).
struct MpiLibrary {
  std::string compiled;
  std::string runtime;
};

MpiLibrary mpi_library();

}  // namespace dlogit::comm
