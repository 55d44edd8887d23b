#pragma once

#include <cstddef>

// This test executable replaces the global operator new and delete (allocation_control.cpp) to
// measure what the library allocates and to make allocations fail on demand, as they would when
// the machine runs out of memory, without exhausting it. All counts span every thread.
namespace rediscache::test {

// Bytes allocated through operator new and not yet freed.
std::size_t live_bytes() noexcept;
// The highest live_bytes() since the last reset_peak(), which sets it to live_bytes().
std::size_t peak_bytes() noexcept;
void reset_peak() noexcept;

// While an instance lives, the first `count` allocations of more than `larger_than` bytes throw
// std::bad_alloc (the nothrow forms return null); later ones succeed again.
class failing_allocations {
 public:
  explicit failing_allocations(std::size_t larger_than, int count = 1 << 30) noexcept;
  ~failing_allocations();
  failing_allocations(const failing_allocations&) = delete;
  failing_allocations& operator=(const failing_allocations&) = delete;
  // How many allocations failed so far.
  int failed() const noexcept;
};

}  // namespace rediscache::test
