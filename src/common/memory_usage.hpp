#pragma once

namespace dlogit {

// This process's peak resident set size in MiB (Linux VmHWM; getrusage's ru_maxrss elsewhere).
double peak_rss_mb();

}  // namespace dlogit
