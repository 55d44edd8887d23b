// The subscriber's reader thread: reads pushes, calls callbacks, sends heartbeats, reconnects.
#include "log/log_impl.hpp"
#include "pool/retry.hpp"
#include "pubsub/subscriber_impl.hpp"

#include <rediscache/error.hpp>

#include <algorithm>
#include <exception>
#include <utility>

namespace rediscache {
namespace {

bool is(const reply& r, std::string_view word) { return r.is_string() && r.str() == word; }

}  // namespace

void subscriber::impl::run() noexcept {
  int attempt = 0;
  while (!stopping) {
    if (!conn) {
      if (!wait_backoff(attempt++)) break;
      try {
        reconnect();
        attempt = 0;
      } catch (const std::exception& e) {
        conn.reset();
        detail::log_debug("subscriber: reconnecting to {} failed: {}", endpoint_name(now_at),
                          e.what());
      }
      continue;
    }
    try {
      pump();
    } catch (const std::exception& e) {
      lose(e.what());
    }
  }
  conn.reset();
  std::lock_guard<std::mutex> lock(mutex);
  up = false;
}

void subscriber::impl::pump() {
  if (outbox_pending) send_outbox();
  auto r = conn->receive(settings.poll_interval);
  if (!r) {
    heartbeat();
    return;
  }
  last_heard = clock::now();
  ping_sent.reset();
  handle(*r);
}

void subscriber::impl::send_outbox() {
  std::vector<command> batch;
  {
    std::lock_guard<std::mutex> lock(mutex);
    batch.swap(outbox);
    outbox_pending = false;
  }
  for (const auto& cmd : batch) conn->send(cmd);
}

void subscriber::impl::heartbeat() {
  auto now = clock::now();
  if (ping_sent) {
    if (now - *ping_sent >= settings.heartbeat_timeout) {
      throw timeout_error("no answer to PING from " + endpoint_name(now_at) + " within " +
                          std::to_string(settings.heartbeat_timeout.count()) + " ms");
    }
  } else if (now - last_heard >= settings.heartbeat_interval) {
    // In subscribe mode the answer is ["pong", ""]; with no subscriptions it is +PONG.
    conn->send(command{"PING"});
    ping_sent = now;
  }
}

void subscriber::impl::handle(reply& r) {
  if (r.is_error()) {
    confirm(&r.error_message());
    return;
  }
  if (!r.is_array() || r.elements().empty()) return;  // +PONG, outside subscribe mode
  auto& parts = r.elements();
  const reply& kind = parts[0];
  if (is(kind, "message") && parts.size() == 3) {
    pubsub_message m{parts[1].take_str(), parts[2].take_str(), {}};
    std::string name = m.channel;
    dispatch(target::channel, name, std::move(m));
  } else if (is(kind, "pmessage") && parts.size() == 4) {
    pubsub_message m{parts[2].take_str(), parts[3].take_str(), parts[1].take_str()};
    std::string name = m.pattern;
    dispatch(target::pattern, name, std::move(m));
  } else if (is(kind, "subscribe") || is(kind, "psubscribe") || is(kind, "unsubscribe") ||
             is(kind, "punsubscribe")) {
    confirm(nullptr);
  }
}

void subscriber::impl::confirm(const std::string* error) {
  bool restored = false;
  std::size_t channel_count = 0;
  std::size_t pattern_count = 0;
  {
    std::lock_guard<std::mutex> lock(mutex);
    ++received;
    if (error != nullptr && received > restore_target) failures[received] = *error;
    if (restoring && received >= restore_target) {
      restoring = false;
      restored = true;
      channel_count = channels.size();
      pattern_count = patterns.size();
    }
  }
  changed.notify_all();
  if (error != nullptr)
    detail::log_warn("subscriber: {} refused a subscription: {}", endpoint_name(now_at), *error);
  if (restored) finish_restore(channel_count, pattern_count);
}

void subscriber::impl::dispatch(target kind, const std::string& name,
                                const pubsub_message& message) {
  // Taken before the lookup, so unsubscribe() either prevents this call or waits for it.
  std::lock_guard<std::mutex> running(dispatch_mutex);
  shared_callback callback;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (stopping) return;
    const auto& map = kind == target::channel ? channels : patterns;
    auto it = map.find(name);
    if (it == map.end()) return;  // unsubscribed meanwhile
    callback = it->second;
  }
  try {
    (*callback)(message);
  } catch (const std::exception& e) {
    detail::log_warn("subscriber: the callback for '{}' threw: {}", name, e.what());
  } catch (...) {
    detail::log_warn("subscriber: the callback for '{}' threw a non-standard exception", name);
  }
}

void subscriber::impl::lose(const std::string& reason) {
  conn.reset();
  {
    std::lock_guard<std::mutex> lock(mutex);
    up = false;
    ++generation;
    outbox.clear();
    outbox_pending = false;
    restoring = false;
    failures.clear();
  }
  changed.notify_all();
  if (lost_at) return;  // still in the gap reported earlier
  lost_at = clock::now();
  lost_at_wall = std::chrono::system_clock::now();
  detail::log_warn("subscriber: connection to {} lost ({}); reconnecting", endpoint_name(now_at),
                   reason);
  subscriber_event event;
  event.kind = subscriber_event_kind::connection_lost;
  event.reason = reason;
  event.lost_at = lost_at_wall;
  report(event);
}

bool subscriber::impl::wait_backoff(int attempt) {
  retry_options curve;
  curve.base_backoff = settings.reconnect_backoff_min;
  curve.max_backoff = settings.reconnect_backoff_max;
  auto delay = detail::backoff_delay(curve, attempt);
  std::unique_lock<std::mutex> lock(mutex);
  return !changed.wait_for(lock, delay, [&] { return stopping.load(); });
}

void subscriber::impl::reconnect() {
  std::vector<connection_options> candidates = relocate ? relocate() : std::vector{where};
  for (auto& c : candidates) c.connect_timeout = std::min(c.connect_timeout, settings.max_io_wait);
  conn = detail::open_first(candidates, now_at);
  std::vector<command> resubscribe;
  {
    std::lock_guard<std::mutex> lock(mutex);
    ++generation;
    // One command per name: each gets exactly one reply, which keeps the count exact even when
    // the server refuses one of them.
    for (const auto& entry : channels) resubscribe.push_back(command{"SUBSCRIBE", entry.first});
    for (const auto& entry : patterns) resubscribe.push_back(command{"PSUBSCRIBE", entry.first});
    expected = resubscribe.size();
    received = 0;
    restore_target = expected;
    restoring = !resubscribe.empty();
    failures.clear();
    outbox.clear();
    up = true;
  }
  changed.notify_all();
  last_heard = clock::now();
  ping_sent.reset();
  for (const auto& cmd : resubscribe) conn->send(cmd);
  if (resubscribe.empty()) finish_restore(0, 0);
}

void subscriber::impl::finish_restore(std::size_t channel_count, std::size_t pattern_count) {
  if (!lost_at) return;
  subscriber_event event;
  event.kind = subscriber_event_kind::connection_restored;
  event.lost_at = lost_at_wall;
  event.restored_at = std::chrono::system_clock::now();
  event.gap = std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - *lost_at);
  event.channels = channel_count;
  event.patterns = pattern_count;
  lost_at.reset();
  detail::log_warn(
      "subscriber: connection to {} restored after {} ms; messages published in "
      "between were not received",
      endpoint_name(now_at), event.gap.count());
  report(event);
}

void subscriber::impl::report(const subscriber_event& event) {
  if (!settings.on_event) return;
  std::lock_guard<std::mutex> running(dispatch_mutex);
  if (stopping) return;
  try {
    settings.on_event(event);
  } catch (const std::exception& e) {
    detail::log_warn("subscriber: the on_event callback threw: {}", e.what());
  } catch (...) {
    detail::log_warn("subscriber: the on_event callback threw a non-standard exception");
  }
}

}  // namespace rediscache
