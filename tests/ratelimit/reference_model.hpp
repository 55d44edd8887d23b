#pragma once

// Plain C++ models of the four algorithms, written independently of the Lua scripts (GCRA as a
// continuous-state leaky bucket rather than virtual scheduling; the sliding log as a deque; the
// sliding counter's retry_after found by bisection instead of a closed form). Times and
// durations are integer microseconds; retry_us is -1 for "never".
#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <string>

namespace rediscache::test {

struct model_decision {
  bool allowed = false;
  std::int64_t remaining = 0;
  std::int64_t retry_us = 0;
  std::int64_t reset_us = 0;
};

inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

class fixed_window_model {
 public:
  fixed_window_model(std::int64_t limit, std::int64_t window_us)
      : limit_(limit), window_(window_us) {}

  model_decision decide(const std::string& id, std::int64_t now, std::int64_t cost) {
    const std::int64_t current = floor_div(now, window_);
    const std::int64_t window_end = (current + 1) * window_ - now;
    auto& slot = slots_[id];
    const std::int64_t count = slot.first == current ? slot.second : 0;
    const std::int64_t reset = count > 0 ? window_end : 0;
    if (cost > limit_) return {false, std::max<std::int64_t>(0, limit_ - count), -1, reset};
    if (count + cost > limit_) return {false, limit_ - count, window_end, window_end};
    if (cost > 0) slot = {current, count + cost};
    return {true, limit_ - count - cost, 0, count + cost > 0 ? window_end : 0};
  }

 private:
  std::int64_t limit_, window_;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> slots_;  // window, count
};

class sliding_log_model {
 public:
  sliding_log_model(std::int64_t limit, std::int64_t window_us)
      : limit_(limit), window_(window_us) {}

  model_decision decide(const std::string& id, std::int64_t now, std::int64_t cost) {
    auto& log = logs_[id];  // one entry per unit taken, oldest first
    while (!log.empty() && log.front() + window_ <= now) log.pop_front();
    const auto count = static_cast<std::int64_t>(log.size());
    auto reset = [&] { return log.empty() ? 0 : log.back() + window_ - now; };
    if (cost > limit_) return {false, std::max<std::int64_t>(0, limit_ - count), -1, reset()};
    if (count + cost > limit_) {
      // The unit whose expiry makes room for the whole cost.
      auto last_to_leave = log[static_cast<std::size_t>(count + cost - limit_ - 1)];
      return {false, std::max<std::int64_t>(0, limit_ - count), last_to_leave + window_ - now,
              reset()};
    }
    for (std::int64_t i = 0; i < cost; ++i) log.push_back(now);
    return {true, limit_ - count - cost, 0, reset()};
  }

 private:
  std::int64_t limit_, window_;
  std::map<std::string, std::deque<std::int64_t>> logs_;
};

class sliding_window_model {
 public:
  sliding_window_model(std::int64_t limit, std::int64_t window_us)
      : limit_(limit), window_(window_us) {}

  model_decision decide(const std::string& id, std::int64_t now, std::int64_t cost) {
    auto& counts = counts_[id];  // window number -> units taken in it
    const std::int64_t current = floor_div(now, window_);
    const std::int64_t estimate = estimate_at(counts, now);
    auto reset = [&] {
      if (count_of(counts, current) > 0) return (current + 2) * window_ - now;
      if (count_of(counts, current - 1) > 0) return (current + 1) * window_ - now;
      return std::int64_t{0};
    };
    if (cost > limit_) return {false, std::max<std::int64_t>(0, limit_ - estimate), -1, reset()};
    if (estimate + cost > limit_) {
      // The estimate never grows while nothing is taken: bisect for the first fitting time.
      std::int64_t lo = now;
      std::int64_t hi = (current + 2) * window_;
      while (hi - lo > 1) {
        std::int64_t mid = lo + (hi - lo) / 2;
        (estimate_at(counts, mid) + cost <= limit_ ? hi : lo) = mid;
      }
      return {false, std::max<std::int64_t>(0, limit_ - estimate), hi - now, reset()};
    }
    if (cost > 0) counts[current] += cost;
    return {true, limit_ - estimate - cost, 0, reset()};
  }

 private:
  static std::int64_t count_of(const std::map<std::int64_t, std::int64_t>& counts,
                               std::int64_t window) {
    auto it = counts.find(window);
    return it == counts.end() ? 0 : it->second;
  }
  std::int64_t estimate_at(const std::map<std::int64_t, std::int64_t>& counts,
                           std::int64_t t) const {
    const std::int64_t current = floor_div(t, window_);
    const std::int64_t elapsed = t - current * window_;
    return count_of(counts, current - 1) * (window_ - elapsed) / window_ +
           count_of(counts, current);
  }

  std::int64_t limit_, window_;
  std::map<std::string, std::map<std::int64_t, std::int64_t>> counts_;
};

// A leaky bucket whose level is the backlog in microseconds: each unit adds one emission
// interval, the level drains at one microsecond per microsecond, and a request fits while the
// level stays within burst intervals.
class gcra_model {
 public:
  gcra_model(std::int64_t burst, std::int64_t interval_us)
      : burst_(burst), interval_(interval_us) {}

  model_decision decide(const std::string& id, std::int64_t now, std::int64_t cost) {
    auto& bucket = buckets_[id];
    const std::int64_t level = std::max<std::int64_t>(0, bucket.level - (now - bucket.updated));
    const std::int64_t capacity = burst_ * interval_;
    const std::int64_t room = (capacity - level) / interval_;
    if (cost > burst_) return {false, room, -1, level};
    const std::int64_t needed = level + cost * interval_;
    if (needed > capacity) return {false, room, needed - capacity, level};
    if (cost > 0) bucket = {needed, now};
    return {true, (capacity - needed) / interval_, 0, needed};
  }

 private:
  struct state {
    std::int64_t level = 0;
    std::int64_t updated = 0;
  };
  std::int64_t burst_, interval_;
  std::map<std::string, state> buckets_;
};

}  // namespace rediscache::test
