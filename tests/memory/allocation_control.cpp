#include "memory/allocation_control.hpp"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

namespace rediscache::test {
namespace {

std::atomic<std::size_t> live{0};
std::atomic<std::size_t> peak{0};
std::atomic<bool> armed{false};
std::atomic<std::size_t> fail_threshold{0};
std::atomic<int> failures_left{0};
std::atomic<int> failures{0};

bool should_fail(std::size_t size) noexcept {
  if (!armed.load(std::memory_order_relaxed) || size <= fail_threshold.load()) return false;
  if (failures_left.fetch_sub(1) <= 0) return false;
  failures.fetch_add(1);
  return true;
}

void count_allocation(void* p) noexcept {
  std::size_t now = live.fetch_add(malloc_usable_size(p)) + malloc_usable_size(p);
  std::size_t high = peak.load(std::memory_order_relaxed);
  while (now > high && !peak.compare_exchange_weak(high, now)) {
  }
}

void* allocate(std::size_t size, std::size_t alignment) noexcept {
  if (should_fail(size)) return nullptr;
  if (size == 0) size = 1;
  void* p = nullptr;
  if (alignment <= alignof(std::max_align_t)) {
    p = std::malloc(size);
  } else if (posix_memalign(&p, alignment, size) != 0) {
    p = nullptr;
  }
  if (p != nullptr) count_allocation(p);
  return p;
}

void* allocate_or_throw(std::size_t size, std::size_t alignment) {
  void* p = allocate(size, alignment);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void release(void* p) noexcept {
  if (p == nullptr) return;
  live.fetch_sub(malloc_usable_size(p));
  std::free(p);
}

constexpr std::size_t plain = alignof(std::max_align_t);

}  // namespace

std::size_t live_bytes() noexcept { return live.load(); }
std::size_t peak_bytes() noexcept { return peak.load(); }
void reset_peak() noexcept { peak.store(live.load()); }

failing_allocations::failing_allocations(std::size_t larger_than, int count) noexcept {
  fail_threshold = larger_than;
  failures_left = count;
  failures = 0;
  armed = true;
}

failing_allocations::~failing_allocations() { armed = false; }

int failing_allocations::failed() const noexcept { return failures.load(); }

}  // namespace rediscache::test

// Every form, so that no sanitizer runtime's own definitions get linked in beside these.
using rediscache::test::allocate;
using rediscache::test::allocate_or_throw;
using rediscache::test::release;

void* operator new(std::size_t n) { return allocate_or_throw(n, rediscache::test::plain); }
void* operator new[](std::size_t n) { return allocate_or_throw(n, rediscache::test::plain); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return allocate(n, rediscache::test::plain);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return allocate(n, rediscache::test::plain);
}
void* operator new(std::size_t n, std::align_val_t a) {
  return allocate_or_throw(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return allocate_or_throw(n, static_cast<std::size_t>(a));
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return allocate(n, static_cast<std::size_t>(a));
}
void operator delete(void* p) noexcept { release(p); }
void operator delete[](void* p) noexcept { release(p); }
void operator delete(void* p, std::size_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t) noexcept { release(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p); }
void operator delete(void* p, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { release(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept { release(p); }
