#include "lock/release_listener.hpp"

#include "log/log_impl.hpp"

#include <rediscache/pooled_executor.hpp>

#include <functional>
#include <utility>

namespace rediscache::detail {

std::uint64_t release_signal::seen() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return count_;
}

void release_signal::wait(std::uint64_t seen, std::chrono::steady_clock::time_point until) const {
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait_until(lock, until, [&] { return count_ != seen; });
}

void release_signal::notify() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++count_;
  }
  changed_.notify_all();
}

release_watch::release_watch(std::shared_ptr<release_listener> owner, std::string channel,
                             std::shared_ptr<release_signal> signal)
    : owner_(std::move(owner)), channel_(std::move(channel)), signal_(std::move(signal)) {}

release_watch::~release_watch() { owner_->forget(channel_); }

namespace {

// Everything that decides which server and which ACL user the subscription runs as; the password
// only as a hash, so it is not kept in a second place in clear.
std::string identity_of(const connection_options& o) {
  return to_string(o) + '\n' + std::to_string(std::hash<std::string>{}(o.password)) + '\n' +
         o.tls.ca_file + '\n' + o.tls.ca_dir + '\n' + o.tls.cert_file + '\n' + o.tls.key_file +
         '\n' + o.tls.server_name;
}

}  // namespace

std::shared_ptr<release_listener> release_listener::shared_for(
    const connection_options& options, const std::shared_ptr<executor>& commands) {
  // Weak references: a listener closes when the last lock using it goes, so no thread or
  // connection outlives its users (or runs during static destruction).
  static std::mutex registry_mutex;
  static std::map<std::string, std::weak_ptr<release_listener>> registry;
  const std::string identity = identity_of(options);
  std::lock_guard<std::mutex> lock(registry_mutex);
  auto& slot = registry[identity];
  if (auto alive = slot.lock()) return alive;
  for (auto it = registry.begin(); it != registry.end();) {
    it = it->second.expired() && it->first != identity ? registry.erase(it) : std::next(it);
  }
  auto made = std::make_shared<release_listener>(options, commands);
  slot = made;
  return made;
}

namespace {
subscriber_options listener_settings() {
  subscriber_options settings;
  settings.heartbeat_interval = std::chrono::seconds(5);
  settings.heartbeat_timeout = std::chrono::seconds(2);
  return settings;
}
}  // namespace

release_listener::release_listener(const connection_options& options,
                                   const std::shared_ptr<executor>& commands)
    : subscriber_(dynamic_cast<pooled_executor*>(commands.get()) != nullptr
                      ? subscriber(options, listener_settings())
                      : subscriber(commands, listener_settings())) {}

std::unique_ptr<release_watch> release_listener::watch(const std::string& channel) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& entry = channels_[channel];
  if (entry.watchers++ == 0) {
    entry.signal = std::make_shared<release_signal>();
    std::weak_ptr<release_signal> target = entry.signal;
    try {
      subscriber_.subscribe(channel, [target](const pubsub_message&) {
        if (auto signal = target.lock()) signal->notify();
      });
    } catch (...) {
      channels_.erase(channel);
      throw;
    }
  }
  return std::make_unique<release_watch>(shared_from_this(), channel, entry.signal);
}

void release_listener::forget(const std::string& channel) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = channels_.find(channel);
  if (it == channels_.end() || --it->second.watchers > 0) return;
  channels_.erase(it);
  try {
    subscriber_.unsubscribe(channel);
  } catch (const std::exception& e) {
    log_debug("lock: unsubscribing {} failed: {}", channel, e.what());
  }
}

}  // namespace rediscache::detail
