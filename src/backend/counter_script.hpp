#pragma once

#include <rediscache/script.hpp>

namespace rediscache::detail {

// The Lua step behind cache::incr: INCRBY only when the key exists, the result read back with GET.
const script& counter_incr_script();

}  // namespace rediscache::detail
