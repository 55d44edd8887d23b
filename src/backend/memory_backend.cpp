#include "util/checked_add.hpp"

#include <rediscache/error.hpp>
#include <rediscache/glob.hpp>
#include <rediscache/memory_backend.hpp>

#include <charconv>
#include <iterator>
#include <limits>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_map>

namespace rediscache {
namespace {

using std::chrono::milliseconds;

// Deadlines are steady-clock milliseconds, the resolution Redis keeps and PTTL reports; a key
// without an expiry has no_deadline.
constexpr std::int64_t no_deadline = std::numeric_limits<std::int64_t>::max();
// Each new key also retires up to this many expired entries, so keys nobody reads again cannot
// pile up, and a full cache drops an expired entry before a live one.
constexpr std::size_t purge_per_insert = 16;

std::int64_t steady_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

std::int64_t unix_now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Redis refuses a relative expiry whose absolute Unix-milliseconds deadline would overflow.
bool overflows(milliseconds ttl) {
  return ttl.count() > std::numeric_limits<std::int64_t>::max() - unix_now();
}

void check_no_overflow(milliseconds ttl, const char* command) {
  if (overflows(ttl)) {
    throw reply_error(std::string("ERR invalid expire time in '") + command + "' command");
  }
}

// SET ... PX accepts only a positive expiry that does not overflow.
bool valid_set_expiry(backend::expiry ttl) {
  return !ttl || (ttl->count() > 0 && !overflows(*ttl));
}

std::int64_t deadline_after(std::int64_t now, milliseconds ttl) {
  if (ttl.count() >= no_deadline - now) return no_deadline - 1;
  return now + ttl.count();
}

// Redis' string2ll: optional '-', no '+', no spaces, no leading zeros, no "-0", within int64.
std::optional<std::int64_t> parse_redis_integer(std::string_view text) {
  if (text == "0") return 0;
  const std::size_t first_digit = !text.empty() && text[0] == '-' ? 1 : 0;
  if (first_digit >= text.size() || text[first_digit] < '1' || text[first_digit] > '9') {
    return std::nullopt;
  }
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || stop != end) return std::nullopt;
  return value;
}

std::uint64_t parse_cursor(const std::string& cursor) {
  std::uint64_t position = 0;
  const char* end = cursor.data() + cursor.size();
  auto [stop, ec] = std::from_chars(cursor.data(), end, position);
  if (cursor.empty() || ec != std::errc() || stop != end) throw reply_error("ERR invalid cursor");
  return position;
}

// SCAN answers COUNT 0 with a syntax error.
void check_count(std::size_t count) {
  if (count == 0) throw reply_error("ERR syntax error");
}

struct entry {
  std::string key;
  // Never mutated once stored, so a reader copies the pointer under the lock and the bytes after.
  std::shared_ptr<const std::string> value;
  std::int64_t deadline = no_deadline;
  std::uint64_t created = 0;  // position in scan order
};
using entry_list = std::list<entry>;
using entry_ref = entry_list::iterator;

entry_list staged_entry(std::string key, std::shared_ptr<const std::string> value) {
  entry_list staged;
  staged.push_back(entry{std::move(key), std::move(value)});
  return staged;
}

}  // namespace

// Everything below `mutex` is guarded by it. Entries leave the containers by being spliced into a
// caller's `retired` list, which the caller destroys after unlocking; new entries arrive the same
// way, built before locking.
struct memory_backend::state {
  explicit state(memory_options o) : options(o) {}

  memory_options options;
  std::mutex mutex;
  entry_list lru;                                             // most recently used first
  std::unordered_map<std::string_view, entry_ref> index;      // views into entry::key
  std::map<std::uint64_t, entry_ref> order;                   // by entry::created
  std::set<std::pair<std::int64_t, std::uint64_t>> expiries;  // (deadline, created)
  std::uint64_t next_created = 1;                             // cursor 0 starts a scan

  static bool expired(const entry& e, std::int64_t now) { return now > e.deadline; }

  entry_ref find_live(std::string_view key, std::int64_t now, entry_list& retired) {
    auto found = index.find(key);
    if (found == index.end()) return lru.end();
    if (!expired(*found->second, now)) return found->second;
    retire(found->second, retired);
    return lru.end();
  }

  void retire(entry_ref e, entry_list& retired) {
    index.erase(e->key);
    order.erase(e->created);
    if (e->deadline != no_deadline) expiries.erase({e->deadline, e->created});
    retired.splice(retired.end(), lru, e);
  }

  void set_deadline(entry& e, std::int64_t deadline) {
    if (e.deadline != no_deadline) expiries.erase({e.deadline, e.created});
    e.deadline = deadline;
    if (deadline != no_deadline) expiries.emplace(deadline, e.created);
  }

  void make_recent(entry_ref e) { lru.splice(lru.begin(), lru, e); }

  entry_ref insert(entry_list& staged, entry_ref e, std::int64_t deadline) {
    lru.splice(lru.begin(), staged, e);
    e->created = next_created++;
    index.emplace(e->key, e);
    order.emplace(e->created, e);
    set_deadline(*e, deadline);
    return e;
  }

  void purge_expired(std::int64_t now, std::size_t limit, entry_list& retired) {
    while (limit-- > 0 && !expiries.empty() && expiries.begin()->first < now) {
      retire(order.at(expiries.begin()->second), retired);
    }
  }

  // Called before a new key goes in.
  void make_room(std::int64_t now, entry_list& retired) {
    purge_expired(now, purge_per_insert, retired);
    if (options.max_entries == 0) return;
    while (!lru.empty() && index.size() >= options.max_entries) {
      retire(std::prev(lru.end()), retired);
    }
  }

  // Writes value and expiry to key, creating it from `staged` if needed.
  void store(entry_list& staged, entry_ref node, std::int64_t deadline, std::int64_t now,
             entry_list& retired) {
    auto e = find_live(node->key, now, retired);
    if (e == lru.end()) {
      make_room(now, retired);
      insert(staged, node, deadline);
      return;
    }
    e->value.swap(node->value);  // the old value now dies with `staged`, after unlocking
    set_deadline(*e, deadline);
    make_recent(e);
  }

  // Up to `count` entries from `position` on, in creation order; returns where to go on, 0 at
  // the end. Expired entries are retired on the way.
  template <typename Visit>
  std::uint64_t walk(std::uint64_t position, std::size_t count, std::int64_t now,
                     entry_list& retired, Visit visit) {
    auto it = order.lower_bound(position);
    for (std::size_t seen = 0; it != order.end() && seen < count; ++seen) {
      entry_ref e = (it++)->second;
      if (expired(*e, now)) {
        retire(e, retired);
      } else {
        visit(e);
      }
    }
    return it == order.end() ? 0 : it->first;
  }
};

memory_backend::memory_backend(memory_options options) : state_(std::make_unique<state>(options)) {}

memory_backend::~memory_backend() = default;

std::optional<std::string> memory_backend::get(const std::string& key) {
  entry_list retired;
  std::shared_ptr<const std::string> value;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto e = state_->find_live(key, steady_now(), retired);
    if (e == state_->lru.end()) return std::nullopt;
    state_->make_recent(e);
    value = e->value;
  }
  return *value;
}

std::vector<std::optional<std::string>> memory_backend::get_many(
    const std::vector<std::string>& keys) {
  entry_list retired;
  std::vector<std::shared_ptr<const std::string>> values(keys.size());
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    const auto now = steady_now();
    for (std::size_t i = 0; i < keys.size(); ++i) {
      auto e = state_->find_live(keys[i], now, retired);
      if (e == state_->lru.end()) continue;
      state_->make_recent(e);
      values[i] = e->value;
    }
  }
  std::vector<std::optional<std::string>> out;
  out.reserve(values.size());
  for (const auto& v : values) {
    if (v) {
      out.emplace_back(*v);
    } else {
      out.emplace_back();
    }
  }
  return out;
}

bool memory_backend::set(const std::string& key, const std::string& value, expiry ttl,
                         set_mode mode) {
  if (!valid_set_expiry(ttl)) throw reply_error("ERR invalid expire time in 'set' command");
  entry_list staged = staged_entry(key, std::make_shared<const std::string>(value));
  entry_list retired;
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto now = steady_now();
  if (mode != set_mode::always) {
    const bool found = state_->find_live(key, now, retired) != state_->lru.end();
    if (found != (mode == set_mode::if_present)) return false;
  }
  const auto deadline = ttl ? deadline_after(now, *ttl) : no_deadline;
  state_->store(staged, staged.begin(), deadline, now, retired);
  return true;
}

std::vector<std::string> memory_backend::set_many(
    const std::vector<std::pair<std::string, std::string>>& items, expiry ttl) {
  // redis_backend pipelines one SET per key, and Redis rejects each one with a bad expiry.
  if (!valid_set_expiry(ttl)) {
    std::vector<std::string> failed;
    failed.reserve(items.size());
    for (const auto& item : items) failed.push_back(item.first);
    return failed;
  }
  entry_list staged;
  for (const auto& [key, value] : items) {
    staged.push_back(entry{key, std::make_shared<const std::string>(value)});
  }
  entry_list retired;
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto now = steady_now();
  const auto deadline = ttl ? deadline_after(now, *ttl) : no_deadline;
  for (auto node = staged.begin(); node != staged.end();) {
    auto current = node++;  // store() may splice `current` away
    state_->store(staged, current, deadline, now, retired);
  }
  return {};
}

bool memory_backend::remove(const std::string& key) {
  entry_list retired;
  std::lock_guard<std::mutex> lock(state_->mutex);
  auto e = state_->find_live(key, steady_now(), retired);
  if (e == state_->lru.end()) return false;
  state_->retire(e, retired);
  return true;
}

std::size_t memory_backend::remove_many(const std::vector<std::string>& keys) {
  entry_list retired;
  std::size_t removed = 0;
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto now = steady_now();
  for (const auto& key : keys) {
    auto e = state_->find_live(key, now, retired);
    if (e == state_->lru.end()) continue;
    state_->retire(e, retired);
    ++removed;
  }
  return removed;
}

bool memory_backend::exists(const std::string& key) {
  entry_list retired;
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->find_live(key, steady_now(), retired) != state_->lru.end();
}

bool memory_backend::touch(const std::string& key, expiry ttl) {
  if (ttl) return expire(key, *ttl);
  entry_list retired;
  std::lock_guard<std::mutex> lock(state_->mutex);
  auto e = state_->find_live(key, steady_now(), retired);
  if (e == state_->lru.end()) return false;
  state_->set_deadline(*e, no_deadline);
  state_->make_recent(e);
  return true;
}

std::optional<std::int64_t> memory_backend::incr(const std::string& key, std::int64_t delta) {
  return add(key, delta, nullptr);
}

std::int64_t memory_backend::incr_or_create(const std::string& key, std::int64_t delta,
                                            expiry ttl_if_created) {
  if (!valid_set_expiry(ttl_if_created)) throw reply_error("ERR invalid expire time in 'pexpire' command");
  return *add(key, delta, &ttl_if_created);
}

// INCRBY, creating a missing key at delta (with *create's expiry) when create is given.
std::optional<std::int64_t> memory_backend::add(const std::string& key, std::int64_t delta,
                                                const expiry* create) {
  enum class outcome { missing, stored, not_integer, overflow };
  char digits[24];
  auto fresh = std::make_shared<std::string>();
  fresh->reserve(sizeof digits);  // so no allocation happens under the lock
  entry_list staged = staged_entry(key, nullptr);
  std::shared_ptr<const std::string> old;
  std::int64_t result = 0;
  outcome done = outcome::missing;
  entry_list retired;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    const auto now = steady_now();
    auto e = state_->find_live(key, now, retired);
    if (e != state_->lru.end()) {
      auto current = parse_redis_integer(*e->value);
      if (!current) {
        done = outcome::not_integer;
      } else if (detail::add_overflows(*current, delta)) {
        done = outcome::overflow;
      } else {
        result = *current + delta;
        fresh->assign(digits, std::to_chars(digits, digits + sizeof digits, result).ptr);
        old = std::move(e->value);
        e->value = std::move(fresh);
        state_->make_recent(e);
        done = outcome::stored;
      }
    } else if (create != nullptr) {
      result = delta;
      fresh->assign(digits, std::to_chars(digits, digits + sizeof digits, result).ptr);
      staged.front().value = std::move(fresh);
      const auto deadline = *create ? deadline_after(now, **create) : no_deadline;
      state_->store(staged, staged.begin(), deadline, now, retired);
      done = outcome::stored;
    }
  }
  switch (done) {
    case outcome::missing:
      return std::nullopt;
    case outcome::not_integer:
      throw codec_error("value of key '" + key + "' is not an integer");
    case outcome::overflow:
      throw overflow_error("incrementing key '" + key + "' by " + std::to_string(delta) +
                           " would overflow a 64-bit integer");
    case outcome::stored:
      break;
  }
  return result;
}

key_ttl memory_backend::ttl(const std::string& key) {
  entry_list retired;
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto now = steady_now();
  auto e = state_->find_live(key, now, retired);
  if (e == state_->lru.end()) return key_ttl::missing();
  if (e->deadline == no_deadline) return key_ttl::persistent();
  return key_ttl::expiring(milliseconds(e->deadline - now));
}

// PEXPIRE: a time already past (zero or negative) deletes the key and still answers 1.
bool memory_backend::expire(const std::string& key, milliseconds ttl) {
  check_no_overflow(ttl, "pexpire");
  entry_list retired;
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto now = steady_now();
  auto e = state_->find_live(key, now, retired);
  if (e == state_->lru.end()) return false;
  if (ttl.count() <= 0) {
    state_->retire(e, retired);
    return true;
  }
  state_->set_deadline(*e, deadline_after(now, ttl));
  state_->make_recent(e);
  return true;
}

// PEXPIREAT, with `when` truncated to milliseconds as redis_backend sends it.
bool memory_backend::expire_at(const std::string& key, std::chrono::system_clock::time_point when) {
  const auto at = std::chrono::duration_cast<milliseconds>(when.time_since_epoch()).count();
  entry_list retired;
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto now = steady_now();
  auto e = state_->find_live(key, now, retired);
  if (e == state_->lru.end()) return false;
  const std::int64_t left = at - unix_now();
  if (left <= 0) {
    state_->retire(e, retired);
    return true;
  }
  state_->set_deadline(*e, deadline_after(now, milliseconds(left)));
  state_->make_recent(e);
  return true;
}

bool memory_backend::persist(const std::string& key) {
  entry_list retired;
  std::lock_guard<std::mutex> lock(state_->mutex);
  auto e = state_->find_live(key, steady_now(), retired);
  if (e == state_->lru.end()) return false;
  state_->make_recent(e);
  if (e->deadline == no_deadline) return false;
  state_->set_deadline(*e, no_deadline);
  return true;
}

// RENAME: `to` takes the value and expiry of `from`, replacing whatever it held. An existing `to`
// keeps its scan position, as a key name keeps its hash slot in Redis.
bool memory_backend::move(const std::string& from, const std::string& to) {
  entry_list staged = staged_entry(to, nullptr);
  entry_list retired;
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto now = steady_now();
  auto source = state_->find_live(from, now, retired);
  if (source == state_->lru.end()) return false;
  if (from == to) {
    state_->make_recent(source);
    return true;
  }
  staged.front().value = std::move(source->value);
  const auto deadline = source->deadline;
  state_->retire(source, retired);
  state_->store(staged, staged.begin(), deadline, now, retired);
  return true;
}

backend::scan_page memory_backend::scan(const std::string& cursor, const std::string& pattern,
                                        std::size_t count) {
  check_count(count);
  const std::uint64_t position = parse_cursor(cursor);
  const bool match_all = pattern == "*";  // SCAN's shortcut; it also matches the empty key
  scan_page page;
  std::uint64_t next = 0;
  entry_list retired;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    next = state_->walk(position, count, steady_now(), retired, [&](entry_ref e) {
      if (match_all || glob_match(pattern, e->key)) page.keys.push_back(e->key);
    });
  }
  page.cursor = std::to_string(next);
  return page;
}

std::size_t memory_backend::remove_pattern(const std::string& pattern, std::size_t batch) {
  check_count(batch);
  const bool match_all = pattern == "*";
  std::size_t removed = 0;
  std::uint64_t position = 0;
  // One batch per lock, like redis_backend's SCAN + UNLINK rounds, so other threads get through.
  do {
    entry_list retired;
    std::lock_guard<std::mutex> lock(state_->mutex);
    position = state_->walk(position, batch, steady_now(), retired, [&](entry_ref e) {
      if (!match_all && !glob_match(pattern, e->key)) return;
      state_->retire(e, retired);
      ++removed;
    });
  } while (position != 0);
  return removed;
}

void memory_backend::clear() {
  entry_list lru;
  std::unordered_map<std::string_view, entry_ref> index;
  std::map<std::uint64_t, entry_ref> order;
  std::set<std::pair<std::int64_t, std::uint64_t>> expiries;
  std::lock_guard<std::mutex> lock(state_->mutex);
  lru.swap(state_->lru);
  index.swap(state_->index);
  order.swap(state_->order);
  expiries.swap(state_->expiries);
}

void memory_backend::close() {}

std::size_t memory_backend::size() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const auto now = steady_now();
  std::size_t expired = 0;
  for (auto it = state_->expiries.begin(); it != state_->expiries.end() && it->first < now; ++it) {
    ++expired;
  }
  return state_->index.size() - expired;
}

}  // namespace rediscache
