#include "topology/write_record.hpp"

#include <algorithm>

namespace rediscache::detail {

write_record::write_record(std::chrono::milliseconds window, std::size_t capacity)
    : window_(window), capacity_(std::max<std::size_t>(capacity, 1)) {}

void write_record::forget_expired(clock::time_point now) {
  while (!order_.empty() && order_.front().second <= now) {
    auto it = until_.find(order_.front().first);
    if (it != until_.end() && it->second <= now) until_.erase(it);
    order_.pop_front();
  }
}

void write_record::wrote(std::string_view key) {
  if (!enabled()) return;
  const auto now = clock::now();
  const auto until = now + window_;
  std::lock_guard<std::mutex> lock(mutex_);
  forget_expired(now);
  until_[std::string(key)] = until;
  order_.emplace_back(std::string(key), until);
  last_write_until_ = until;
  // Over capacity: the dropped keys' windows are covered by sending every read to the primary.
  // An entry superseded by a later write of its key needs no cover.
  while (order_.size() > capacity_) {
    auto it = until_.find(order_.front().first);
    if (it != until_.end() && it->second == order_.front().second) {
      everything_until_ = std::max(everything_until_, it->second);
      until_.erase(it);
    }
    order_.pop_front();
  }
}

void write_record::wrote_everything() {
  if (!enabled()) return;
  const auto until = clock::now() + window_;
  std::lock_guard<std::mutex> lock(mutex_);
  everything_until_ = std::max(everything_until_, until);
  last_write_until_ = until;
}

bool write_record::recently_written(std::string_view key) const {
  if (!enabled()) return false;
  const auto now = clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  if (everything_until_ > now) return true;
  auto it = until_.find(std::string(key));
  return it != until_.end() && it->second > now;
}

bool write_record::anything_written() const {
  if (!enabled()) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  return last_write_until_ > clock::now();
}

std::size_t write_record::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return until_.size();
}

}  // namespace rediscache::detail
