#pragma once

#include <rediscache/executor.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace rediscache::detail {

// Keeps one acquisition alive: every `interval` it resets the key's TTL with redis-py's
// reacquire script, as long as the key still holds the token. When it does not, the acquisition
// is lost for good: the watchdog records that, calls on_lost and stops.
class watchdog {
 public:
  struct plan {
    std::shared_ptr<executor> exec;
    std::string key;
    std::string token;
    std::chrono::milliseconds ttl;
    std::chrono::milliseconds interval;
    std::function<void(const std::string& key)> on_lost;
  };

  explicit watchdog(plan what);
  // Stops and joins; at most one script call in flight delays it.
  ~watchdog();
  watchdog(const watchdog&) = delete;
  watchdog& operator=(const watchdog&) = delete;

  const std::string& token() const noexcept { return plan_.token; }
  bool lost() const;

 private:
  void run();

  plan plan_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool lost_ = false;
  std::thread thread_;
};

}  // namespace rediscache::detail
