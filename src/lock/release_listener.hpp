#pragma once

#include <rediscache/connection_options.hpp>
#include <rediscache/executor.hpp>
#include <rediscache/pubsub/subscriber.hpp>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace rediscache::detail {

// Counts release notifications on one channel and wakes the threads waiting for the next one.
class release_signal {
 public:
  std::uint64_t seen() const;
  // Returns when a notification newer than `seen` arrived, or at `until`.
  void wait(std::uint64_t seen, std::chrono::steady_clock::time_point until) const;
  void notify();

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  std::uint64_t count_ = 0;
};

class release_listener;

// Keeps one channel subscribed while it lives. Owned by lock objects only, so it is never
// destroyed on the subscriber's reader thread.
class release_watch {
 public:
  release_watch(std::shared_ptr<release_listener> owner, std::string channel,
                std::shared_ptr<release_signal> signal);
  ~release_watch();
  release_watch(const release_watch&) = delete;
  release_watch& operator=(const release_watch&) = delete;

  const release_signal& signal() const { return *signal_; }

 private:
  std::shared_ptr<release_listener> owner_;
  std::string channel_;
  std::shared_ptr<release_signal> signal_;
};

// One subscriber connection per server and credentials in this process, shared by every lock
// waiting on that server. It lives while some lock object holds a watch on it.
class release_listener : public std::enable_shared_from_this<release_listener> {
 public:
  // The listener for these options (where commands' subscribers connect), made (and connected)
  // when none is alive; its subscriber follows commands (another cluster node after a loss)
  // unless that is a pooled_executor. Throws what connecting throws.
  static std::shared_ptr<release_listener> shared_for(const connection_options& options,
                                                      const std::shared_ptr<executor>& commands);

  release_listener(const connection_options& options, const std::shared_ptr<executor>& commands);
  // Subscribes the channel when no one watches it yet. The watch works from when the server
  // confirms the subscription; until then (and while the connection is down) waiters poll.
  std::unique_ptr<release_watch> watch(const std::string& channel);
  void forget(const std::string& channel);

 private:
  struct channel_entry {
    std::shared_ptr<release_signal> signal;
    std::size_t watchers = 0;
  };
  subscriber subscriber_;
  std::mutex mutex_;  // held across subscriber calls, so (un)subscribes of one channel stay ordered
  std::map<std::string, channel_entry> channels_;
};

}  // namespace rediscache::detail
