#include <rediscache/ratelimit/rate_limiter.hpp>

#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/redis_backend.hpp>

#include "log/log_impl.hpp"
#include "ratelimit/scripts.hpp"

#include <atomic>
#include <functional>
#include <random>
#include <stdexcept>

namespace rediscache {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

// Lua numbers are doubles: every product a script forms must stay below this to be exact. With
// times up to max_rate_limit_time and spans up to max_rate_limit_span, now + 2 spans (the furthest
// any script looks ahead) stays within it too.
constexpr std::int64_t exact_limit = std::int64_t{1} << 53;
static_assert(max_rate_limit_time.count() + 2 * max_rate_limit_span.count() <= exact_limit);

const char* algorithm_name(rate_limit_algorithm a) {
  switch (a) {
    case rate_limit_algorithm::fixed_window:
      return "fixed_window";
    case rate_limit_algorithm::sliding_log:
      return "sliding_log";
    case rate_limit_algorithm::sliding_window:
      return "sliding_window";
    case rate_limit_algorithm::gcra:
      return "gcra";
  }
  throw config_error("unknown rate limit algorithm " + std::to_string(static_cast<int>(a)));
}

const script& script_of(rate_limit_algorithm a) {
  switch (a) {
    case rate_limit_algorithm::fixed_window:
      return detail::fixed_window_script();
    case rate_limit_algorithm::sliding_log:
      return detail::sliding_log_script();
    case rate_limit_algorithm::sliding_window:
      return detail::sliding_window_script();
    case rate_limit_algorithm::gcra:
      return detail::gcra_script();
  }
  throw config_error("unknown rate limit algorithm " + std::to_string(static_cast<int>(a)));
}

// The scripts' limit and window arguments: GCRA takes its burst and emission interval instead.
struct script_shape {
  std::int64_t capacity;
  std::int64_t span_us;
};

script_shape validate(const rate_limit_options& o) {
  auto fail = [&o](const std::string& what) {
    throw config_error("rate limiter '" + o.name + "': " + what);
  };
  const std::int64_t max_span = max_rate_limit_span.count();
  if (o.name.empty()) fail("the name must not be empty");
  if (o.limit < 1 || o.limit > max_rate_limit) {
    fail("limit must be 1 to 2^50, not " + std::to_string(o.limit));
  }
  if (o.window < milliseconds(1)) fail("window must be at least 1 ms");
  if (o.window.count() > max_span / 1000) fail("window must be at most 2^50 us (35.7 years)");
  if (o.burst < 0 || o.burst > max_rate_limit) {
    fail("burst must be 0 to 2^50, not " + std::to_string(o.burst));
  }
  if (o.fail_closed_retry_after < milliseconds(0)) fail("fail_closed_retry_after is negative");
  const std::int64_t window_us = o.window.count() * 1000;
  switch (o.algorithm) {
    case rate_limit_algorithm::gcra: {
      const std::int64_t interval = window_us / o.limit;
      const std::int64_t burst = o.burst == 0 ? o.limit : o.burst;
      if (interval < 1) fail("a limit above one unit per microsecond is not supported");
      if (burst > max_span / interval) fail("burst * window / limit must be at most 2^50 us");
      return {burst, interval};
    }
    case rate_limit_algorithm::sliding_window:
      if (o.limit + 1 >= exact_limit / window_us) {
        fail("(limit + 1) * window must stay below 2^53 us for the weighted count to be exact");
      }
      return {o.limit, window_us};
    case rate_limit_algorithm::fixed_window:
    case rate_limit_algorithm::sliding_log:
      return {o.limit, window_us};
  }
  throw config_error("unknown rate limit algorithm");
}

// The cache's key layout for our keys, without holding on to the cache.
std::function<std::string(std::string_view)> key_maker(const cache& c) {
  const cache_options& o = c.options();
  if (o.make_key) {
    return [f = o.make_key, prefix = o.key_prefix, version = o.version](std::string_view key) {
      return f(key, prefix, version);
    };
  }
  return [head = c.make_key("")](std::string_view key) {
    std::string out = head;
    out.append(key);
    return out;
  };
}

std::string random_nonce() {
  std::random_device device;
  std::uint64_t bits = (std::uint64_t{device()} << 32) ^ device();
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (int i = 0; i < 12; ++i, bits >>= 4) out += hex[bits & 0xf];
  return out;
}

milliseconds ceil_ms(long long us) { return milliseconds((us + 999) / 1000); }

void check_cost(std::int64_t cost) {
  if (cost < 0) throw std::invalid_argument("rate limit cost must not be negative");
}

}  // namespace

struct rate_limiter::state {
  std::shared_ptr<executor> exec;
  rate_limit_options options;
  std::function<std::string(std::string_view)> make_key;
  std::string key_head;  // "ratelimit:<algorithm>:<name>:"
  const script* lua = nullptr;
  std::string capacity_arg;
  std::string span_arg;
  std::int64_t capacity = 0;
  std::string nonce = random_nonce();
  std::atomic<std::uint64_t> sequence{0};
  std::atomic<std::uint64_t> decisions{0}, allowed{0}, denied{0}, failures_open{0},
      failures_closed{0};

  std::string now_arg() const {
    if (!options.clock) return {};
    const auto now = std::chrono::floor<microseconds>(options.clock().time_since_epoch());
    if (now.count() < 0 || now > max_rate_limit_time) {
      throw config_error("rate limiter '" + options.name + "': the clock read " +
                         std::to_string(now.count()) +
                         " us since the epoch; it must be 0 to 2^53 - 2^51 (2184-01-26)");
    }
    return std::to_string(now.count());
  }

  // Only the sliding log stores members, which must be unique across decisions and clients.
  std::string token() {
    if (options.algorithm != rate_limit_algorithm::sliding_log) return {};
    return nonce + "-" + std::to_string(sequence.fetch_add(1, std::memory_order_relaxed));
  }

  std::vector<std::string> args(const std::string& now, std::int64_t cost) {
    return {now, std::to_string(cost), capacity_arg, span_arg, token()};
  }

  rate_limit_decision to_decision(const reply& r) const {
    const auto& e = r.throw_if_error().elements();
    if (e.size() != 4) throw protocol_error("rate limit script returned " + r.to_debug_string());
    rate_limit_decision d;
    d.allowed = e[0].integer() == 1;
    d.limit = capacity;
    d.remaining = e[1].integer();
    const long long retry = e[2].integer();
    d.retry_after = retry < 0 ? rate_limit_decision::never : ceil_ms(retry);
    d.reset_after = ceil_ms(e[3].integer());
    return d;
  }

  rate_limit_decision failed(const error& e, std::size_t requests) {
    const bool open = options.fail_mode == rate_limit_fail_mode::open;
    if (options.log_failures) {
      detail::log_warn("rate limiter '{}': Redis unreachable for {} request(s), failing {}: {}",
                       options.name, requests, open ? "open" : "closed", e.what());
    }
    rate_limit_decision d;
    d.degraded = true;
    d.allowed = open;
    d.limit = capacity;
    d.remaining = open ? capacity : 0;
    if (!open) d.retry_after = d.reset_after = options.fail_closed_retry_after;
    return d;
  }

  void count(const rate_limit_decision& d) {
    decisions.fetch_add(1, std::memory_order_relaxed);
    (d.allowed ? allowed : denied).fetch_add(1, std::memory_order_relaxed);
    if (d.degraded) {
      (d.allowed ? failures_open : failures_closed).fetch_add(1, std::memory_order_relaxed);
    }
  }
};

rate_limiter::rate_limiter(const cache& c, rate_limit_options options)
    : state_(std::make_unique<state>()) {
  state_->exec = executor_of(c, "rate limiting");
  const script_shape shape = validate(options);
  state_->capacity = shape.capacity;
  state_->capacity_arg = std::to_string(shape.capacity);
  state_->span_arg = std::to_string(shape.span_us);
  state_->lua = &script_of(options.algorithm);
  state_->key_head =
      std::string("ratelimit:") + algorithm_name(options.algorithm) + ":" + options.name + ":";
  state_->make_key = key_maker(c);
  state_->options = std::move(options);
}

rate_limiter::rate_limiter(rate_limiter&&) noexcept = default;
rate_limiter& rate_limiter::operator=(rate_limiter&&) noexcept = default;
rate_limiter::~rate_limiter() = default;

std::string rate_limiter::key_for(std::string_view id) const {
  std::string relative = state_->key_head;
  relative.append(id);
  return state_->make_key(relative);
}

rate_limit_decision rate_limiter::decide(std::string_view id, std::int64_t cost) {
  check_cost(cost);
  state& s = *state_;
  rate_limit_decision d;
  try {
    d = s.to_decision(s.lua->run(*s.exec, {key_for(id)}, s.args(s.now_arg(), cost)));
  } catch (const connection_error& e) {
    d = s.failed(e, 1);
  }
  s.count(d);
  return d;
}

// One pipeline of EVALSHA. Entries the server answers with NOSCRIPT did not run; they go again
// with EVAL in a second pipeline, so they are decided after the rest of the batch.
std::vector<rate_limit_decision> rate_limiter::decide_many(
    const std::vector<rate_limit_request>& requests) {
  for (const auto& r : requests) check_cost(r.cost);
  state& s = *state_;
  const std::string now = s.now_arg();
  std::vector<std::vector<std::string>> keys;
  std::vector<std::vector<std::string>> args;
  std::vector<command> batch;
  keys.reserve(requests.size());
  args.reserve(requests.size());
  batch.reserve(requests.size());
  for (const auto& r : requests) {
    keys.push_back({key_for(r.id)});
    args.push_back(s.args(now, r.cost));
    batch.push_back(s.lua->evalsha(keys.back(), args.back()));
  }

  std::vector<rate_limit_decision> out(requests.size());
  std::vector<bool> decided(requests.size(), false);
  try {
    auto replies = s.exec->run_batch(batch);
    std::vector<std::size_t> unknown_script;
    for (std::size_t i = 0; i < replies.size(); ++i) {
      if (replies[i].is_error() && replies[i].error_message().rfind("NOSCRIPT", 0) == 0) {
        unknown_script.push_back(i);
        continue;
      }
      out[i] = s.to_decision(replies[i]);
      decided[i] = true;
    }
    if (!unknown_script.empty()) {
      batch.clear();
      for (auto i : unknown_script) batch.push_back(s.lua->eval(keys[i], args[i]));
      auto again = s.exec->run_batch(batch);
      for (std::size_t j = 0; j < again.size(); ++j) {
        out[unknown_script[j]] = s.to_decision(again[j]);
        decided[unknown_script[j]] = true;
      }
    }
  } catch (const connection_error& e) {
    std::size_t undecided = 0;
    for (bool done : decided) undecided += done ? 0 : 1;
    const rate_limit_decision fallback = s.failed(e, undecided);
    for (std::size_t i = 0; i < out.size(); ++i) {
      if (!decided[i]) out[i] = fallback;
    }
  }
  for (const auto& d : out) s.count(d);
  return out;
}

void rate_limiter::reset(std::string_view id) {
  state_->exec->run(command{{"DEL", key_for(id)}, idempotency::idempotent}).throw_if_error();
}

const rate_limit_options& rate_limiter::options() const noexcept { return state_->options; }

rate_limit_stats rate_limiter::stats() const {
  const state& s = *state_;
  rate_limit_stats out;
  out.decisions = s.decisions.load(std::memory_order_relaxed);
  out.allowed = s.allowed.load(std::memory_order_relaxed);
  out.denied = s.denied.load(std::memory_order_relaxed);
  out.failures_open = s.failures_open.load(std::memory_order_relaxed);
  out.failures_closed = s.failures_closed.load(std::memory_order_relaxed);
  return out;
}

}  // namespace rediscache
