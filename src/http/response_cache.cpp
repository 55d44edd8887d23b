#include <rediscache/http/response_cache.hpp>

#include <rediscache/codec.hpp>
#include <rediscache/http/conditional.hpp>
#include <rediscache/log.hpp>
#include <rediscache/memoize.hpp>

#include <spdlog/logger.h>

#include <algorithm>
#include <cctype>

#include "http/cache_control.hpp"
#include "http/page_codec.hpp"
#include "http/single_flight.hpp"

namespace rediscache::http {
namespace {

using clock = std::chrono::system_clock;

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Redis glob metacharacters in a URL match only themselves.
std::string glob_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string join_lines(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "\n") + p;
  return out;
}

std::vector<std::string> vary_names(const response& r) {
  std::vector<std::string> names;
  for (const auto& name : split_list(r.headers.joined("Vary"))) names.push_back(lower(name));
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

}  // namespace

struct response_cache::state {
  state(const cache& c, response_cache_options o) : store(c), options(std::move(o)) {}

  cache store;
  response_cache_options options;
  compressor zlib{compression_options{compressor_kind::zlib, 0, 0, 512u * 1024 * 1024}};
  detail::single_flight flights;

  // Keys put the URL right after a fixed start, so a URL prefix is a key prefix; a space, which
  // no URL holds unescaped, ends it.
  std::string base(std::string_view url) const {
    return "rediscache.http:" + options.key_prefix + ":" + std::string(url);
  }
  std::string vary_key(std::string_view url) const { return base(url) + " vary"; }
  std::string page_key(std::string_view url, std::string_view method,
                       const std::vector<std::string>& names, const request& req) const {
    std::string values;
    for (const auto& name : names) {
      auto value = req.headers.get(name);
      values += name + (value ? "=" + *value : std::string("!")) + "\n";
    }
    return base(url) + " page " + std::string(method) + " " +
           rediscache::detail::stable_hash(values);
  }

  template <class Fn>
  auto guarded(const char* what, Fn&& fn) -> decltype(fn()) {
    if (!options.fail_open) return fn();
    try {
      return fn();
    } catch (const rediscache::error& e) {
      get_logger()->warn("response cache: {} failed, the page is served uncached: {}", what,
                         e.what());
      return decltype(fn())();
    }
  }

  std::optional<detail::stored_page> lookup(const request& req, const std::string& url) {
    return guarded("lookup", [&]() -> std::optional<detail::stored_page> {
      auto learnt = store.get<std::string>(vary_key(url));
      if (!learnt) return std::nullopt;
      std::vector<std::string> names;
      for (std::size_t at = 0; !learnt->empty() && at <= learnt->size();) {
        std::size_t end = std::min(learnt->find('\n', at), learnt->size());
        names.push_back(learnt->substr(at, end - at));
        at = end + 1;
      }
      std::vector<std::string> methods{"GET"};
      if (req.method == "HEAD") methods.emplace_back("HEAD");  // a GET page answers HEAD too
      for (const auto& method : methods) {
        auto raw = store.get<bytes>(page_key(url, method, names, req));
        if (!raw) continue;
        std::string_view data(reinterpret_cast<const char*>(raw->data()), raw->size());
        if (auto page = detail::decode_page(data, zlib)) return page;
      }
      return std::nullopt;
    });
  }

  void save(const request& req, const std::string& url, const response& page,
            std::chrono::seconds timeout, clock::time_point now) {
    guarded("store", [&]() -> bool {
      std::vector<std::string> names = vary_names(page);
      bool compress_here = store.options().compression.kind == compressor_kind::none;
      std::string encoded =
          detail::encode_page(page, now, compress_here ? &zlib : nullptr, options.compress_above);
      store.set(vary_key(url), join_lines(names), timeout);
      return store.set(page_key(url, req.method, names, req),
                       bytes(reinterpret_cast<const std::byte*>(encoded.data()),
                             reinterpret_cast<const std::byte*>(encoded.data() + encoded.size())),
                       timeout);
    });
  }

  response finish(const request& req, response r) const {
    if (not_modified(req, r)) return not_modified_response(r);
    return r;
  }

  response served(const request& req, detail::stored_page hit) const {
    response r = std::move(hit.page);
    if (options.evidence_headers) {
      auto age = std::chrono::duration_cast<std::chrono::seconds>(clock::now() - hit.stored_at);
      r.headers.set("Age", std::to_string(std::max<long long>(0, age.count())));
      r.headers.set("X-Cache", "HIT");
    }
    return finish(req, std::move(r));
  }

  response compute(request& req, const std::string& url, const handler& next) {
    response r = next(req);
    detail::cache_policy policy = detail::storage_policy(r, options.timeout);
    if (policy.storable) {
      clock::time_point now = clock::now();
      detail::add_freshness_headers(r, policy.timeout, now);
      save(req, url, r, policy.timeout, now);
      if (options.evidence_headers) r.headers.set("X-Cache", "MISS");
    }
    return finish(req, std::move(r));
  }
};

response_cache::response_cache(const cache& store, response_cache_options options)
    : state_(std::make_shared<state>(store, std::move(options))) {
  if (state_->options.timeout.count() < 0) {
    throw config_error("response cache: timeout must not be negative");
  }
}

handler response_cache::wrap(handler next) const {
  return [st = state_, next = std::move(next)](request& req) -> response {
    if (req.method != "GET" && req.method != "HEAD") return next(req);
    std::string url = req.full_url();
    if (auto hit = st->lookup(req, url)) return st->served(req, std::move(*hit));
    auto ticket = st->flights.join(req.method + " " + url);
    if (!ticket.leader()) {
      ticket.wait();
      if (auto hit = st->lookup(req, url)) return st->served(req, std::move(*hit));
    }
    return st->compute(req, url, next);
  };
}

std::size_t response_cache::invalidate(std::string_view full_url) const {
  return state_->store.delete_pattern(glob_escape(state_->base(full_url)) + " *");
}

std::size_t response_cache::invalidate_prefix(std::string_view url_prefix) const {
  return state_->store.delete_pattern(glob_escape(state_->base(url_prefix)) + "*");
}

const response_cache_options& response_cache::options() const noexcept { return state_->options; }

}  // namespace rediscache::http
