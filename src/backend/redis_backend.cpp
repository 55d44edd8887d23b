#include <rediscache/cache.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>
#include <rediscache/script.hpp>

#include <algorithm>
#include <charconv>
#include <string_view>

namespace rediscache {
namespace {

constexpr auto idempotent = idempotency::idempotent;

// Lua keeps each of these one atomic step on the server. Lua numbers are doubles, exact only up
// to 2^53, so no integer passes through one: the delta stays the caller's string and the result
// is read back with GET, as the bytes Redis stores.
const script& incr_script() {
  static const script s(
      "if redis.call('EXISTS', KEYS[1]) == 0 then return false end "
      "redis.call('INCRBY', KEYS[1], ARGV[1]) "
      "return redis.call('GET', KEYS[1])");
  return s;
}

// ARGV[2]: the expiry in milliseconds for a key this call creates, or "" for none.
const script& incr_or_create_script() {
  static const script s(
      "local created = redis.call('EXISTS', KEYS[1]) == 0 "
      "redis.call('INCRBY', KEYS[1], ARGV[1]) "
      "if created and ARGV[2] ~= '' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end "
      "return redis.call('GET', KEYS[1])");
  return s;
}

const script& persist_script() {
  static const script s(
      "if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('PERSIST', KEYS[1]) return 1 end "
      "return 0",
      idempotency::idempotent);
  return s;
}

const script& move_script() {
  static const script s(
      "local value = redis.call('GET', KEYS[1]) "
      "if not value then return 0 end "
      "if KEYS[1] == KEYS[2] then return 1 end "
      "local ttl = redis.call('PTTL', KEYS[1]) "
      "if ttl == -1 then redis.call('SET', KEYS[2], value) "
      "else redis.call('SET', KEYS[2], value, 'PX', math.max(ttl, 1)) end "
      "redis.call('DEL', KEYS[1]) "
      "return 1");
  return s;
}

command set_command(const std::string& key, const std::string& value, backend::expiry ttl,
                    set_mode mode) {
  command cmd{"SET", key, value};
  if (ttl) cmd.arg("PX").arg(ttl->count());
  if (mode == set_mode::if_absent) cmd.arg("NX");
  if (mode == set_mode::if_present) cmd.arg("XX");
  // Writing the same value again changes nothing, so a plain SET may be retried.
  if (mode == set_mode::always) cmd.mark(idempotent);
  return cmd;
}

std::optional<std::string> to_optional(reply& r) {
  if (r.is_nil()) return std::nullopt;
  return r.take_str();
}

command scan_command(const std::string& cursor, const std::string& pattern, std::size_t count) {
  command cmd{{"SCAN", cursor, "MATCH", pattern, "COUNT"}, idempotent};
  cmd.arg(count);
  return cmd;
}

backend::scan_page to_page(reply r) {
  auto& parts = r.elements();
  if (parts.size() != 2) throw protocol_error("SCAN returned " + std::to_string(parts.size()) + " parts");
  backend::scan_page page;
  page.cursor = parts[0].take_str();
  auto& keys = parts[1].elements();
  page.keys.reserve(keys.size());
  for (auto& k : keys) page.keys.push_back(k.take_str());
  return page;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

redis_backend::redis_backend(std::shared_ptr<executor> exec, std::shared_ptr<executor_claim> claim)
    : exec_(std::move(exec)), claim_(std::move(claim)) {
  if (!exec_) throw config_error("redis_backend needs an executor");
}

executor& redis_backend::open_executor() const {
  if (closed_.load(std::memory_order_relaxed)) throw closed_error("the cache backend was closed");
  return *exec_;
}

std::optional<std::string> redis_backend::get(const std::string& key) {
  reply r = open_executor().run(command{{"GET", key}, idempotent});
  return to_optional(r);
}

std::vector<std::optional<std::string>> redis_backend::get_many(
    const std::vector<std::string>& keys) {
  std::vector<std::optional<std::string>> out;
  if (keys.empty()) return out;
  command cmd{{"MGET"}, idempotent};
  for (const auto& k : keys) cmd.arg(k);
  reply r = open_executor().run(cmd);
  auto& values = r.elements();
  if (values.size() != keys.size()) throw protocol_error("MGET returned the wrong number of values");
  out.reserve(values.size());
  for (auto& v : values) out.push_back(to_optional(v));
  return out;
}

bool redis_backend::set(const std::string& key, const std::string& value, expiry ttl,
                        set_mode mode) {
  return open_executor().run(set_command(key, value, ttl, mode)).is_ok();
}

std::vector<std::string> redis_backend::set_many(
    const std::vector<std::pair<std::string, std::string>>& items, expiry ttl) {
  std::vector<std::string> failed;
  if (items.empty()) return failed;
  std::vector<command> batch;
  batch.reserve(items.size());
  for (const auto& [key, value] : items) batch.push_back(set_command(key, value, ttl, set_mode::always));
  auto replies = open_executor().run_batch(batch);
  for (std::size_t i = 0; i < replies.size(); ++i) {
    if (!replies[i].is_ok()) failed.push_back(items[i].first);
  }
  return failed;
}

bool redis_backend::remove(const std::string& key) {
  return open_executor().run(command{{"DEL", key}, idempotent}).integer() > 0;
}

std::size_t redis_backend::remove_many(const std::vector<std::string>& keys) {
  if (keys.empty()) return 0;
  command cmd{{"DEL"}, idempotent};
  for (const auto& k : keys) cmd.arg(k);
  return static_cast<std::size_t>(open_executor().run(cmd).integer());
}

bool redis_backend::exists(const std::string& key) {
  return open_executor().run(command{{"EXISTS", key}, idempotent}).integer() == 1;
}

bool redis_backend::touch(const std::string& key, expiry ttl) {
  if (!ttl) return persist_script().run(open_executor(), {key}).integer() == 1;
  command cmd{{"PEXPIRE", key}, idempotent};
  cmd.arg(ttl->count());
  return open_executor().run(cmd).integer() == 1;
}

namespace {

std::int64_t counter_value(const reply& r) {
  const std::string& text = r.str();
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || stop != end) {
    throw protocol_error("a counter read back as '" + text + "', not a 64-bit integer");
  }
  return value;
}

}  // namespace

// The server's INCRBY errors, as the typed errors the backend interface promises.
reply redis_backend::run_counter(const script& s, const std::string& key, std::int64_t delta,
                                 std::vector<std::string> args) {
  try {
    return s.run(open_executor(), {key}, std::move(args));
  } catch (const reply_error& e) {
    if (contains(e.server_message(), "overflow")) {
      throw overflow_error("incrementing key '" + key + "' by " + std::to_string(delta) +
                           " would overflow a 64-bit integer");
    }
    if (contains(e.server_message(), "not an integer")) {
      throw codec_error("value of key '" + key + "' is not an integer");
    }
    throw;
  }
}

std::optional<std::int64_t> redis_backend::incr(const std::string& key, std::int64_t delta) {
  reply r = run_counter(incr_script(), key, delta, {std::to_string(delta)});
  if (r.is_nil()) return std::nullopt;
  return counter_value(r);
}

std::int64_t redis_backend::incr_or_create(const std::string& key, std::int64_t delta,
                                           expiry ttl_if_created) {
  std::string ttl = ttl_if_created ? std::to_string(ttl_if_created->count()) : std::string();
  return counter_value(
      run_counter(incr_or_create_script(), key, delta, {std::to_string(delta), std::move(ttl)}));
}

key_ttl redis_backend::ttl(const std::string& key) {
  long long ms = open_executor().run(command{{"PTTL", key}, idempotent}).integer();
  if (ms == -2) return key_ttl::missing();
  if (ms == -1) return key_ttl::persistent();
  return key_ttl::expiring(std::chrono::milliseconds(ms));
}

bool redis_backend::expire(const std::string& key, std::chrono::milliseconds ttl) {
  command cmd{{"PEXPIRE", key}, idempotent};
  cmd.arg(ttl.count());
  return open_executor().run(cmd).integer() == 1;
}

bool redis_backend::expire_at(const std::string& key, std::chrono::system_clock::time_point when) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  command cmd{{"PEXPIREAT", key}, idempotent};
  cmd.arg(static_cast<long long>(ms));
  return open_executor().run(cmd).integer() == 1;
}

bool redis_backend::persist(const std::string& key) {
  return open_executor().run(command{{"PERSIST", key}, idempotent}).integer() == 1;
}

bool redis_backend::move(const std::string& from, const std::string& to) {
  try {
    return move_script().run(open_executor(), {from, to}).integer() == 1;
  } catch (const cross_slot_error&) {
    // A cluster refuses the script before sending it: the keys are in two slots, so no script
    // can see both. Move in steps, as django-redis does everywhere: copy, then delete.
    return move_across_slots(from, to);
  }
}

bool redis_backend::move_across_slots(const std::string& from, const std::string& to) {
  auto read = open_executor().run_batch(
      {command{{"GET", from}, idempotent}, command{{"PTTL", from}, idempotent}});
  for (const auto& r : read) r.throw_if_error();
  if (read[0].is_nil()) return false;
  const long long ttl = read[1].integer();
  if (ttl == -2) return false;  // expired between the two reads
  command copy{{"SET", to, read[0].take_str()}, idempotent};
  if (ttl >= 0) copy.arg("PX").arg(std::max(ttl, 1LL));
  open_executor().run(copy).throw_if_error();
  open_executor().run(command{{"DEL", from}, idempotent}).throw_if_error();
  return true;
}

backend::scan_page redis_backend::scan(const std::string& cursor, const std::string& pattern,
                                       std::size_t count) {
  return to_page(open_executor().run(scan_command(cursor, pattern, count)));
}

// Each round trip carries the UNLINK of one page together with the SCAN for the next.
std::size_t redis_backend::remove_pattern(const std::string& pattern, std::size_t batch) {
  std::size_t removed = 0;
  scan_page page = scan("0", pattern, batch);
  for (;;) {
    std::vector<command> work;
    if (!page.keys.empty()) {
      command unlink{{"UNLINK"}, idempotent};
      for (const auto& k : page.keys) unlink.arg(k);
      work.push_back(std::move(unlink));
    }
    const bool last = page.cursor == "0";
    if (!last) work.push_back(scan_command(page.cursor, pattern, batch));
    if (work.empty()) break;
    auto replies = open_executor().run_batch(work);
    for (const auto& r : replies) r.throw_if_error();
    if (!page.keys.empty()) removed += static_cast<std::size_t>(replies.front().integer());
    if (last) break;
    page = to_page(replies.back());
  }
  return removed;
}

void redis_backend::clear() { open_executor().run(command{{"FLUSHDB"}, idempotent}); }

void redis_backend::close() {
  closed_ = true;
  std::shared_ptr<executor_claim> released;
  std::lock_guard<std::mutex> lock(claim_mutex_);
  released.swap(claim_);
}

namespace {
redis_backend& redis_of(const cache& c, std::string_view feature) {
  auto* redis = dynamic_cast<redis_backend*>(&c.storage());
  if (redis == nullptr) {
    throw unsupported_error(std::string(feature) + " needs a Redis backend; cache '" +
                            c.options().name + "' is not on Redis (memory://?)");
  }
  return *redis;
}
}  // namespace

std::shared_ptr<executor> executor_of(const cache& c, std::string_view feature) {
  return redis_of(c, feature).shared_commands();
}

connection_options connection_options_of(const cache& c, std::string_view feature) {
  executor* exec = redis_of(c, feature).shared_commands().get();
  if (auto* pooled = dynamic_cast<pooled_executor*>(exec)) return pooled->pool().connection_settings();
  if (auto node = exec->subscriber_connection()) return *node;
  throw unsupported_error(std::string(feature) + " needs one server to connect to, and cache '" +
                          c.options().name + "' has none");
}

namespace detail {
// For async_cache, which runs the same counter step without blocking.
const script& counter_incr_script() { return incr_script(); }
}  // namespace detail

}  // namespace rediscache
