#pragma once
#include <string>

namespace dlogit {

// What this binary was built from and how, baked in by CMake (CMakeLists.txt "Build info").
struct BuildInfo {
  std::string version;     // project(dlogit VERSION ...)
  std::string commit;      // git commit, "-dirty" when the tree had changes; "unknown" outside a checkout
  std::string build_type;  // CMAKE_BUILD_TYPE
  std::string compiler;    // "GNU 12.2.0"
  std::string cxx_flags;   // CMAKE_CXX_FLAGS and the build type's flags
  std::string pass_flags;  // the fused passes' own (src/model/losses.cpp): -fno-trapping-math [-mavx2]
  bool avx2 = false;       // the fused passes are compiled for AVX2 (DLOGIT_AVX2)
  bool march_native = false;  // -march=native is among the flags
};

const BuildInfo& build_info();

// The commit alone, from the source that the build rewrites when the commit changes (src/common/build_commit.cmake).
const char* build_commit();

}  // namespace dlogit
