#pragma once

#include <cstddef>

// This test executable replaces the global operator new and delete to measure what the library
// holds at most while it works. Sanitizer builds leave them alone (they bring their own), and skip
// these tests.
namespace rediscache::test {

// Starts a measurement: the peak becomes the bytes live now.
void reset_peak() noexcept;
// Most bytes live at once (through operator new) since reset_peak(), minus those live then.
std::size_t peak_since_reset() noexcept;
// How many blocks operator new has handed out since the program started.
std::size_t allocation_count() noexcept;

}  // namespace rediscache::test
