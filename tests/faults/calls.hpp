#pragma once

// The calls the fault matrix makes: cache, lock, session and rate-limit calls a service makes,
// each checked for a result that belongs to it (unique keys and values per call), and timed.
#include <rediscache/cache.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/ratelimit/rate_limiter.hpp>
#include <rediscache/session/session_store.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

namespace rediscache::test {

// The library's objects a service holds, on one pool (or one multiplexed executor), pointed at a
// server or at a proxy in front of it. Not movable: the session store keeps a reference to the
// cache.
struct clients {
  clients(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout,
          bool multiplexed = false);
  clients(const clients&) = delete;
  clients& operator=(const clients&) = delete;

  std::chrono::milliseconds timeout;
  std::shared_ptr<executor> exec;
  cache store;
  session_store sessions;
  rate_limiter limiter;
  std::int64_t rate_limit;
};

// How one call ended.
enum class ending {
  value,   // returned what it should
  failed,  // a connection error or timeout, or a decision the rate limiter's fail mode made
  wrong,   // returned something that is not its own result, or threw anything else
};

// For test failure messages.
const char* name_of(ending e);
inline void PrintTo(ending e, std::ostream* out) { *out << name_of(e); }

struct call_record {
  std::string name;
  std::chrono::milliseconds took{};
  std::chrono::milliseconds budget{};
  ending result = ending::value;
  std::string detail;
};

// What every call of one run saw, from any thread.
class call_log {
 public:
  void add(call_record record);
  std::vector<call_record> records() const;
  void add_increment(std::int64_t value);
  void add_unknown_increment();
  std::vector<std::int64_t> increments() const;
  int unknown_increments() const;

 private:
  mutable std::mutex mutex_;
  std::vector<call_record> records_;
  std::vector<std::int64_t> increments_;
  int unknown_increments_ = 0;
};

// Data written before the faults, which reads must return exactly.
struct known_data {
  static constexpr int keys = 32;
  static std::string key(int i) { return "fixed:" + std::to_string(i); }
  static std::string value(int i) { return "value-" + std::to_string(i); }
  std::vector<std::string> session_keys;  // the session with index i holds "v" = value(i)
  static constexpr const char* counter = "counter";

  // Writes it all through c, with the counter at zero.
  void write(clients& c);
};

// One kind of call. `n` is unique per call, for its keys and values.
struct call_kind {
  const char* name;
  void (*run)(clients& c, const known_data& data, long n, call_log& log);
};

// Every kind: cache get, set, incr, get_many, set_many and delete_pattern, lock acquire and
// release, session load and save, rate-limit decide.
const std::vector<call_kind>& call_kinds();

// The longest a call may take: timeout + 10 % for each exchange that may time out in turn, plus
// slack for retry backoff (at most 30 ms with the default policy) and a loaded two-core machine;
// more under a sanitizer, which slows every step.
std::chrono::milliseconds budget_for(std::chrono::milliseconds timeout, int exchanges);

}  // namespace rediscache::test
