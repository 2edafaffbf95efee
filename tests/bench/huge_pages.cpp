#include "huge_pages.hpp"

#include <sys/mman.h>

#include <cstdint>

namespace dlogit {
namespace {

std::size_t whole_pages(std::size_t bytes) { return (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes; }

}  // namespace

void* allocate_huge_page_bytes(std::size_t bytes) {
  if (bytes < kHugePageMinimum) return ::operator new(bytes);
  const std::size_t size = whole_pages(bytes);
  // mmap aligns to 4 KiB only: map one huge page more and unmap the unaligned head and the rest of the tail.
  const std::size_t mapped = size + kHugePageBytes;
  void* raw = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  const std::size_t head = aligned - start;
  if (head > 0) munmap(raw, head);
  const std::size_t tail = mapped - head - size;
  if (tail > 0) munmap(reinterpret_cast<void*>(aligned + size), tail);
  auto* memory = reinterpret_cast<void*>(aligned);
  // Only a hint: without THP (or with it disabled) the mapping stays on 4 KiB pages and works the same.
  madvise(memory, size, MADV_HUGEPAGE);
  return memory;
}

void free_huge_page_bytes(void* pointer, std::size_t bytes) {
  if (pointer == nullptr) return;
  if (bytes < kHugePageMinimum) {
    ::operator delete(pointer);
    return;
  }
  munmap(pointer, whole_pages(bytes));
}

}  // namespace dlogit
