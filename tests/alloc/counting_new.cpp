#include "alloc/counting_new.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

std::atomic<std::size_t> live{0};
std::atomic<std::size_t> peak{0};
std::atomic<std::size_t> baseline{0};
std::atomic<std::size_t> allocations{0};

// The size is kept in front of each block, so delete knows what it frees.
constexpr std::size_t header = alignof(std::max_align_t);

void* counted_alloc(std::size_t size) {
  void* block = std::malloc(size + header);
  if (block == nullptr) throw std::bad_alloc();
  *static_cast<std::size_t*>(block) = size;
  allocations.fetch_add(1, std::memory_order_relaxed);
  const std::size_t now = live.fetch_add(size) + size;
  std::size_t seen = peak.load();
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
  return static_cast<char*>(block) + header;
}

void counted_free(void* p) noexcept {
  if (p == nullptr) return;
  void* block = static_cast<char*>(p) - header;
  live.fetch_sub(*static_cast<std::size_t*>(block));
  std::free(block);
}

}  // namespace

namespace rediscache::test {
void reset_peak() noexcept {
  baseline = live.load();
  peak = live.load();
}
std::size_t peak_since_reset() noexcept { return peak.load() - baseline.load(); }
std::size_t allocation_count() noexcept { return allocations.load(); }
}  // namespace rediscache::test

void* operator new(std::size_t size) { return counted_alloc(size); }
void* operator new[](std::size_t size) { return counted_alloc(size); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }
