#include "cache/near_cache.hpp"

#include "log/log_impl.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>

namespace rediscache {
namespace {

constexpr auto poll_wait = std::chrono::milliseconds(100);
constexpr const char* channel = "__redis__:invalidate";

}  // namespace

near_cache::near_cache(near_cache_options options, connection_options where, std::string prefix)
    : options_(std::move(options)), where_(std::move(where)), prefix_(std::move(prefix)) {
  worker_ = std::thread([this] { run(); });
}

near_cache::~near_cache() { stop(); }

void near_cache::stop() {
  {
    std::lock_guard<std::mutex> g(wait_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable() && worker_.get_id() != std::this_thread::get_id()) worker_.join();
  tracking_ = false;
  flush(false);
}

bool near_cache::lookup(const std::string& stored_key, std::string& out) {
  if (!tracking_.load(std::memory_order_acquire)) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  std::lock_guard<std::mutex> g(mutex_);
  auto it = index_.find(stored_key);
  if (it == index_.end()) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  entry& e = *it->second;
  if (e.deadline && clock::now() >= *e.deadline) {
    drop_locked(it->second);
    misses_.fetch_add(1, std::memory_order_relaxed);
    return false;
  }
  order_.splice(order_.begin(), order_, it->second);
  out.assign(e.bytes);
  hits_.fetch_add(1, std::memory_order_relaxed);
  return true;
}

near_cache::fetch_ticket near_cache::begin_fetch(const std::string& stored_key) {
  std::lock_guard<std::mutex> g(mutex_);
  pending& p = fetching_[stored_key];
  ++p.fetches;
  return fetch_ticket{p.generation, flush_generation_};
}

void near_cache::end_fetch(const std::string& stored_key, fetch_ticket ticket,
                           std::optional<std::string_view> bytes,
                           std::optional<clock::time_point> deadline) {
  std::optional<entry> fresh;
  if (bytes) fresh = entry{stored_key, std::string(*bytes), deadline};
  std::lock_guard<std::mutex> g(mutex_);
  auto p = fetching_.find(stored_key);
  // Checked under the lock that invalidations take, so none slips between check and insert.
  const bool current = p != fetching_.end() && p->second.generation == ticket.key_generation &&
                       flush_generation_ == ticket.flush_generation && tracking_.load();
  if (p != fetching_.end() && --p->second.fetches == 0) fetching_.erase(p);
  if (!fresh || !current) return;
  const std::size_t size = cost(*fresh);
  if (size > options_.max_bytes || options_.max_entries == 0) return;
  if (auto old = index_.find(stored_key); old != index_.end()) drop_locked(old->second);
  while (!order_.empty() &&
         (order_.size() >= options_.max_entries || bytes_ + size > options_.max_bytes)) {
    drop_locked(std::prev(order_.end()));
    evictions_.fetch_add(1, std::memory_order_relaxed);
  }
  order_.push_front(std::move(*fresh));
  index_.emplace(order_.front().key, order_.begin());
  bytes_ += size;
}

void near_cache::invalidate_locked(const std::string& stored_key) {
  if (auto p = fetching_.find(stored_key); p != fetching_.end()) ++p->second.generation;
  auto it = index_.find(stored_key);
  if (it == index_.end()) return;
  drop_locked(it->second);
  invalidations_.fetch_add(1, std::memory_order_relaxed);
}

void near_cache::drop_locked(lru::iterator it) {
  bytes_ -= cost(*it);
  index_.erase(it->key);
  order_.erase(it);
}

void near_cache::forget(const std::string& stored_key) {
  std::lock_guard<std::mutex> g(mutex_);
  invalidate_locked(stored_key);
}

void near_cache::forget_all() { flush(true); }

void near_cache::flush(bool count) {
  std::lock_guard<std::mutex> g(mutex_);
  ++flush_generation_;
  index_.clear();
  order_.clear();
  bytes_ = 0;
  if (count) flushes_.fetch_add(1, std::memory_order_relaxed);
}

near_cache_stats near_cache::stats() const {
  near_cache_stats s;
  s.local_hits = hits_.load();
  s.local_misses = misses_.load();
  s.invalidations = invalidations_.load();
  s.evictions = evictions_.load();
  s.flushes = flushes_.load();
  s.tracking = tracking_.load();
  std::lock_guard<std::mutex> g(mutex_);
  s.entries = order_.size();
  s.bytes = bytes_;
  return s;
}

// Tracks until the connection fails or stop(); then flushes, waits and tries again.
void near_cache::run() {
  while (!stopping_) {
    try {
      track_once();
    } catch (const std::exception& e) {
      if (!stopping_) detail::log_warn("near cache: invalidation connection lost: {}", e.what());
    }
    const bool was_tracking = tracking_.exchange(false);
    flush(was_tracking);
    std::unique_lock<std::mutex> g(wait_mutex_);
    wake_.wait_for(g, options_.reconnect_wait, [this] { return stopping_.load(); });
  }
}

// One connection both asks for tracking (redirected to itself) and subscribes to the
// invalidation channel, so losing it loses both at once, never one without the other.
void near_cache::track_once() {
  connection_options o = where_;
  if (o.client_name.empty()) o.client_name = "rediscache-near-cache";
  connection conn = connection::open(o);
  const long long id = conn.execute(command{"CLIENT", "ID"}).integer();
  command track{"CLIENT", "TRACKING", "ON", "REDIRECT"};
  track.arg(id).arg("BCAST");
  if (!prefix_.empty()) track.arg("PREFIX").arg(prefix_);
  conn.execute(track).throw_if_error();
  conn.send(command{"SUBSCRIBE", channel});
  while (!stopping_) {
    auto r = conn.receive(poll_wait);
    if (!r) {
      if (conn.broken()) throw connection_error("the invalidation connection broke");
      continue;
    }
    auto& parts = r->elements();
    if (parts.size() != 3) continue;
    const std::string& kind = parts[0].str();
    if (kind == "subscribe") {
      flush(false);  // anything cached before this point may have missed its invalidation
      tracking_ = true;
      continue;
    }
    if (kind != "message") continue;
    if (parts[2].is_nil()) {  // FLUSHDB / FLUSHALL
      flush(true);
      continue;
    }
    std::lock_guard<std::mutex> g(mutex_);
    for (auto& key : parts[2].elements()) invalidate_locked(key.str());
  }
}

}  // namespace rediscache
