#include <rediscache/backend.hpp>

namespace rediscache {
backend::~backend() = default;
}  // namespace rediscache
