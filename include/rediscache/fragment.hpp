#pragma once

#include <rediscache/cache.hpp>
#include <rediscache/cache_timeout.hpp>
#include <rediscache/export.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rediscache {

/// Django's make_template_fragment_key: "template.cache.<name>.<md5 of each part followed by ':'>",
/// so a C++ service and a Django template ({% cache 500 name part... %}) share cached fragments.
REDISCACHE_API std::string fragment_key(std::string_view fragment_name,
                                        const std::vector<std::string>& vary_on = {});

/// The cached rendering of a fragment, rendering (and caching) it on a miss.
template <class Render>
std::string cached_fragment(const cache& store, std::string_view fragment_name,
                            const std::vector<std::string>& vary_on, cache_timeout timeout,
                            Render&& render) {
  return store.get_or_set<std::string>(fragment_key(fragment_name, vary_on),
                                       std::forward<Render>(render), timeout);
}

}  // namespace rediscache
