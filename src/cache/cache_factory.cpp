#include "cache/memory_url.hpp"
#include "quote.hpp"
#include "topology/factory.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/memory_backend.hpp>
#include <rediscache/redis_backend.hpp>

#include <cctype>
#include <charconv>

namespace rediscache {
namespace detail {

bool is_memory_url(std::string_view url) {
  constexpr std::string_view scheme = "memory://";
  if (url.size() < scheme.size()) return false;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(url[i])) != scheme[i]) return false;
  }
  return true;
}

// memory://[?max_entries=N]
memory_options parse_memory_url(std::string_view url) {
  memory_options options;
  std::string_view rest = url.substr(9);
  if (rest.empty()) return options;
  if (rest.front() != '?') {
    throw config_error("memory:// takes no host or path, only ?max_entries=N");
  }
  rest.remove_prefix(1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    auto eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    if (name != "max_entries") {
      throw config_error("memory:// option " + detail::quote_for_message(name) +
                         " is unknown (only max_entries)");
    }
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size()) {
      throw config_error("memory:// option max_entries " + detail::quote_for_message(value) +
                         " is not a whole number");
    }
    options.max_entries = n;
  }
  return options;
}

}  // namespace detail

cache cache::from_url(std::string_view url, cache_options options) {
  if (detail::is_memory_url(url)) {
    return cache(std::make_shared<memory_backend>(detail::parse_memory_url(url)), std::move(options));
  }
  auto plan = detail::plan_topology(std::string(url), client_options{}, topology_options{});
  auto claim = std::make_shared<executor_claim>(detail::make_executor(plan));
  auto storage = std::make_shared<redis_backend>(claim->get(), claim);
  return cache(std::move(storage), std::move(options));
}

}  // namespace rediscache
