#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace rediscache::detail {

// The keys this process wrote in the last `window`, so that reads of them can go to the primary
// (read-your-writes despite replication lag). Bounded: past `capacity` keys the oldest are dropped
// and every read goes to the primary until their windows would have ended, so the guarantee
// holds whatever the write rate. Thread-safe.
class write_record {
 public:
  using clock = std::chrono::steady_clock;

  explicit write_record(std::chrono::milliseconds window, std::size_t capacity = 65536);

  bool enabled() const noexcept { return window_.count() > 0; }
  void wrote(std::string_view key);
  // A write whose keys are unknown (FLUSHDB, an unknown command): every key counts as written.
  void wrote_everything();
  bool recently_written(std::string_view key) const;
  // Whether a keyless read (SCAN, DBSIZE) may see a stale replica: any write in the window.
  bool anything_written() const;
  std::size_t size() const;

 private:
  void forget_expired(clock::time_point now);

  std::chrono::milliseconds window_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, clock::time_point> until_;  // the latest window end per key
  std::deque<std::pair<std::string, clock::time_point>> order_;  // each write, oldest first
  clock::time_point everything_until_{};
  clock::time_point last_write_until_{};
};

}  // namespace rediscache::detail
