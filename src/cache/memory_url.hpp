#pragma once

#include <rediscache/memory_backend.hpp>

#include <string_view>

namespace rediscache::detail {

// True for "memory://..." in any letter case.
bool is_memory_url(std::string_view url);
// memory://[?max_entries=N]; throws config_error for anything else.
memory_options parse_memory_url(std::string_view url);

}  // namespace rediscache::detail
