#pragma once
// Transparent huge pages for the feature-sized vectors. At 10^7 features and more, rank 0's update and
// the writes after the loop spent as long taking 4 KiB page faults on fresh vectors (the L-BFGS history
// fills one new pair per iteration, the line search's trial points, the model) as doing arithmetic:
// on this kind of virtual machine a fault costs microseconds. glibc's malloc asks the kernel for 2 MiB
// pages on its mmap'ed chunks (madvise MADV_HUGEPAGE) only when the tunable glibc.malloc.hugetlb=1 is
// set, and reads tunables only when a process starts: so dlogit starts itself once more with it set.
//
// Measured (1 rank, 10^7 features, 10^6 rows x 20 nonzeros, lbfgs, 10 iterations): rank 0's update
// 7.3 s -> 3.8-4.6 s, after the loop 7.8 s -> 4.6-4.8 s, the same peak RSS.

namespace dlogit {

// Before anything else in main(): when GLIBC_TUNABLES does not name glibc.malloc.hugetlb, adds
// glibc.malloc.hugetlb=1 to it and execs /proc/self/exe with the same arguments (same process, same
// PID: under mpirun nothing is started before MPI_Init). Returns (and the run goes on with 4 KiB pages)
// when DLOGIT_HUGE_PAGES=0, when it has already done so, or when the exec fails. Linux with glibc only.
void restart_with_huge_page_malloc(char** argv);

// Whether this process's malloc was started with glibc.malloc.hugetlb set to a nonzero value (what
// result.json reports as memory.huge_page_malloc).
bool huge_page_malloc_active();

}  // namespace dlogit
