#include "faults/calls.hpp"

#include <rediscache/error.hpp>
#include <rediscache/lock/distributed_lock.hpp>
#include <rediscache/multiplexed_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <map>
#include <utility>

namespace rediscache::test {
namespace {

using std::chrono::milliseconds;
using steady = std::chrono::steady_clock;

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr milliseconds slack{150};
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr milliseconds slack{150};
#else
constexpr milliseconds slack{50};
#endif
#else
constexpr milliseconds slack{50};
#endif

constexpr std::int64_t allowed_per_hour = 1'000'000;

cache_options quiet_cache() {
  cache_options o;
  o.name = "faults";
  return o;
}

rate_limit_options rate_limit_policy() {
  rate_limit_options o;
  o.name = "faults";
  o.limit = allowed_per_hour;
  o.window = std::chrono::hours(1);
  o.log_failures = false;
  return o;
}

struct verdict {
  ending result;
  std::string detail;
};
verdict right() { return {ending::value, {}}; }
verdict wrong(std::string detail) { return {ending::wrong, std::move(detail)}; }

std::string brief(const std::string& text) {
  return text.size() <= 40 ? text : text.substr(0, 40) + "...";
}

// Runs one call, timing it and classifying how it ended.
template <class Call>
ending timed(clients& c, call_log& log, const char* name, int exchanges, Call&& call) {
  call_record record{name, {}, budget_for(c.timeout, exchanges), ending::value, {}};
  auto start = steady::now();
  try {
    verdict v = call();
    record.result = v.result;
    record.detail = std::move(v.detail);
  } catch (const connection_error& e) {  // timeouts, closed and reset connections, pool timeouts
    record.result = ending::failed;
    record.detail = e.what();
  } catch (const reply_error& e) {
    // A restarted server answers LOADING until its data is back: its own typed refusal.
    record.result = e.server_code() == "LOADING" ? ending::failed : ending::wrong;
    record.detail = e.what();
  } catch (const std::exception& e) {
    record.result = ending::wrong;
    record.detail = std::string("threw ") + e.what();
  }
  record.took = std::chrono::duration_cast<milliseconds>(steady::now() - start);
  ending result = record.result;
  log.add(std::move(record));
  return result;
}

void get(clients& c, const known_data&, long n, call_log& log) {
  int i = static_cast<int>(n % known_data::keys);
  timed(c, log, "cache.get", 1, [&] {
    auto found = c.store.get<std::string>(known_data::key(i));
    if (!found) return wrong("a miss for " + known_data::key(i));
    if (*found != known_data::value(i)) return wrong("got '" + brief(*found) + "'");
    return right();
  });
}

void set(clients& c, const known_data&, long n, call_log& log) {
  timed(c, log, "cache.set", 1, [&] {
    bool stored = c.store.set("set:" + std::to_string(n), "set-value-" + std::to_string(n));
    return stored ? right() : wrong("set returned false");
  });
}

void incr(clients& c, const known_data&, long, call_log& log) {
  std::int64_t value = 0;
  ending result = timed(c, log, "cache.incr", 1, [&] {
    value = c.store.incr(known_data::counter);
    return value > 0 ? right() : wrong("incr returned " + std::to_string(value));
  });
  if (result == ending::value)
    log.add_increment(value);
  else
    log.add_unknown_increment();
}

void get_many(clients& c, const known_data&, long n, call_log& log) {
  std::vector<std::string> keys;
  std::map<std::string, std::string> expected;
  for (long k = n; k < n + 3; ++k) {
    int i = static_cast<int>(k % known_data::keys);
    keys.push_back(known_data::key(i));
    expected[known_data::key(i)] = known_data::value(i);
  }
  timed(c, log, "cache.get_many", 1, [&] {
    auto found = c.store.get_many<std::string>(keys);
    if (found != expected) {
      std::string got;
      for (const auto& [k, v] : found) got += k + "=" + brief(v) + " ";
      return wrong("got " + got);
    }
    return right();
  });
}

void set_many(clients& c, const known_data&, long n, call_log& log) {
  std::string id = std::to_string(n);
  std::map<std::string, std::string> items{{"many:" + id + ":a", "a-" + id},
                                           {"many:" + id + ":b", "b-" + id}};
  timed(c, log, "cache.set_many", 1, [&] {
    // Error replies in a pipeline (LOADING from a restarted server) come back as keys not stored,
    // which is how set_many reports a failure.
    auto not_stored = c.store.set_many(items);
    if (not_stored.empty()) return right();
    return verdict{ending::failed, "keys not stored: " + not_stored.front()};
  });
}

void delete_pattern(clients& c, const known_data&, long n, call_log& log) {
  timed(c, log, "cache.delete_pattern", 1, [&] {
    std::size_t deleted = c.store.delete_pattern("nomatch:" + std::to_string(n) + ":*");
    return deleted == 0 ? right() : wrong("deleted " + std::to_string(deleted) + " keys");
  });
}

// After a failed SET the lock reads the key back to learn whether the SET ran: two exchanges.
void lock_cycle(clients& c, const known_data&, long n, call_log& log) {
  lock_options o;
  o.timeout = std::chrono::seconds(10);
  o.blocking = blocking_mode::non_blocking;
  distributed_lock lock(c.store, "lock:" + std::to_string(n), o);
  ending acquired = timed(c, log, "lock.acquire", 2, [&] {
    return lock.acquire() ? right() : wrong("a lock nobody holds was not acquired");
  });
  if (acquired != ending::value) return;
  timed(c, log, "lock.release", 1, [&] {
    lock.release();
    return right();
  });
}

void session_load(clients& c, const known_data& data, long n, call_log& log) {
  auto i = static_cast<std::size_t>(n) % data.session_keys.size();
  timed(c, log, "session.load", 1, [&] {
    auto s = c.sessions.open(data.session_keys[i]);
    auto v = s.get<std::string>("v");
    if (!v) return wrong("session " + std::to_string(i) + " not found");
    if (*v != known_data::value(static_cast<int>(i))) return wrong("got '" + brief(*v) + "'");
    return right();
  });
}

void session_save(clients& c, const known_data&, long n, call_log& log) {
  timed(c, log, "session.save", 1, [&] {
    auto s = c.sessions.open();
    s.set("v", "saved-" + std::to_string(n));
    s.save();
    return s.session_key() ? right() : wrong("saved session has no key");
  });
}

void decide(clients& c, const known_data&, long n, call_log& log) {
  std::int64_t cost = 1 + n % 100;
  timed(c, log, "ratelimit.decide", 1, [&] {
    auto d = c.limiter.decide("id:" + std::to_string(n), cost);
    if (d.degraded) return verdict{ending::failed, "degraded (fail open)"};
    if (!d.allowed || d.remaining != c.rate_limit - cost) {
      return wrong("allowed " + std::to_string(d.allowed) + ", remaining " +
                   std::to_string(d.remaining) + " after a first request of " +
                   std::to_string(cost));
    }
    return right();
  });
}

}  // namespace

const char* name_of(ending e) {
  switch (e) {
    case ending::value:
      return "value";
    case ending::failed:
      return "failed";
    case ending::wrong:
      return "WRONG";
  }
  return "?";
}

clients::clients(const std::string& host, std::uint16_t port, std::chrono::milliseconds t,
                 bool multiplexed)
    : timeout(t),
      exec([&] {
        connection_options o;
        o.host = host;
        o.port = port;
        o.connect_timeout = t;
        o.socket_timeout = t;
        pool_options p;
        p.max_connections = 8;
        p.pool_timeout = t;
        if (multiplexed) {
          multiplex_options m;
          m.pool = p;
          return std::shared_ptr<executor>(std::make_shared<multiplexed_executor>(o, m));
        }
        return std::shared_ptr<executor>(std::make_shared<pooled_executor>(o, p));
      }()),
      store(std::make_shared<redis_backend>(exec), quiet_cache()),
      sessions(store),
      limiter(store, rate_limit_policy()),
      rate_limit(allowed_per_hour) {}

void call_log::add(call_record record) {
  std::lock_guard<std::mutex> lock(mutex_);
  records_.push_back(std::move(record));
}

std::vector<call_record> call_log::records() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return records_;
}

void call_log::add_increment(std::int64_t value) {
  std::lock_guard<std::mutex> lock(mutex_);
  increments_.push_back(value);
}

void call_log::add_unknown_increment() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++unknown_increments_;
}

std::vector<std::int64_t> call_log::increments() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return increments_;
}

int call_log::unknown_increments() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return unknown_increments_;
}

void known_data::write(clients& c) {
  for (int i = 0; i < keys; ++i) c.store.set(key(i), value(i), cache_timeout::forever());
  session_keys.clear();
  for (int i = 0; i < 8; ++i) {
    auto s = c.sessions.open();
    s.set("v", value(i));
    s.save();
    session_keys.push_back(*s.session_key());
  }
  c.store.set(counter, std::int64_t{0}, cache_timeout::forever());
}

const std::vector<call_kind>& call_kinds() {
  static const std::vector<call_kind> kinds = {
      {"cache.get", get},
      {"cache.set", set},
      {"cache.incr", incr},
      {"cache.get_many", get_many},
      {"cache.set_many", set_many},
      {"cache.delete_pattern", delete_pattern},
      {"lock.acquire+release", lock_cycle},
      {"session.load", session_load},
      {"session.save", session_save},
      {"ratelimit.decide", decide},
  };
  return kinds;
}

std::chrono::milliseconds budget_for(std::chrono::milliseconds timeout, int exchanges) {
  return exchanges * (timeout + timeout / 10) + slack;
}

}  // namespace rediscache::test
