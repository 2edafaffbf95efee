#pragma once
// dlogit_pass_bench's θ and gradient on 2 MiB pages, to measure whether the pass gains by them (it did
// not measurably here, README "The pass at high dimension", so dlogit itself does not use this). At
// 2^24 features each vector is 128 MB, 32768 pages of 4 KiB: far more than the TLB holds, so nearly every nonzero pays a page walk on top of its cache miss. On 2 MiB pages the
// same vector is 64 pages. Transparent huge pages are often enabled only on request ("madvise" in
// /sys/kernel/mm/transparent_hugepage/enabled, as on this machine), hence the madvise.
#include <cstddef>
#include <new>
#include <vector>

namespace dlogit {

// Allocations of at least kHugePageMinimum bytes: an anonymous mapping aligned to 2 MiB, rounded up
// to whole 2 MiB pages, with madvise(MADV_HUGEPAGE) (a hint: where the kernel cannot give huge pages
// the memory is ordinary pages, still correct). Smaller ones use operator new (a huge page for a few
// KB would waste most of it). Memory from a fresh mapping reads as zero.
void* allocate_huge_page_bytes(std::size_t bytes);
void free_huge_page_bytes(void* pointer, std::size_t bytes);
constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
constexpr std::size_t kHugePageMinimum = 2 * kHugePageBytes;

template <class T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    return static_cast<T*>(allocate_huge_page_bytes(n * sizeof(T)));
  }
  void deallocate(T* pointer, std::size_t n) noexcept { free_huge_page_bytes(pointer, n * sizeof(T)); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const noexcept { return true; }
  template <class U>
  bool operator!=(const HugePageAllocator<U>&) const noexcept { return false; }
};

template <class T>
using HugePageVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace dlogit
