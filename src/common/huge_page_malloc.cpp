#include "common/huge_page_malloc.hpp"

#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__linux__) && defined(__GLIBC__)
#include <unistd.h>
#endif

namespace dlogit {

void restart_with_huge_page_malloc(char** argv) {
#if defined(__linux__) && defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
  const char* opt_out = std::getenv("DLOGIT_HUGE_PAGES");
  if (opt_out != nullptr && std::strcmp(opt_out, "0") == 0) return;
  // Set before the exec: if the new image cannot honour the tunable (another libc), it does not loop.
  if (std::getenv("DLOGIT_HUGE_PAGES_RESTARTED") != nullptr) return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  std::string value = tunables != nullptr ? tunables : "";
  if (value.find("glibc.malloc.hugetlb") != std::string::npos) return;  // the user's own choice stands
  value += value.empty() ? "glibc.malloc.hugetlb=1" : ":glibc.malloc.hugetlb=1";
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0 || setenv("DLOGIT_HUGE_PAGES_RESTARTED", "1", 1) != 0) return;
  execv("/proc/self/exe", argv);
  // The exec failed (no /proc?): go on as we are, with the environment as it was.
  if (tunables != nullptr)
    setenv("GLIBC_TUNABLES", tunables, 1);
  else
    unsetenv("GLIBC_TUNABLES");
#else
  (void)argv;
#endif
}

bool huge_page_malloc_active() {
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  if (tunables == nullptr) return false;
  const std::string value = tunables;
  const std::string key = "glibc.malloc.hugetlb=";
  const auto at = value.rfind(key);  // glibc takes the last setting
  return at != std::string::npos && at + key.size() < value.size() && value[at + key.size()] != '0';
}

}  // namespace dlogit
