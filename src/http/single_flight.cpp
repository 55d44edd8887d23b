#include "http/single_flight.hpp"

namespace rediscache::http::detail {

single_flight::ticket::ticket(single_flight& owner, std::string key, std::shared_ptr<flight> f,
                              bool leader)
    : owner_(owner), key_(std::move(key)), flight_(std::move(f)), leader_(leader) {}

single_flight::ticket::~ticket() {
  if (!leader_) return;
  {
    std::lock_guard<std::mutex> lock(owner_.mutex_);
    owner_.flights_.erase(key_);
  }
  std::lock_guard<std::mutex> lock(flight_->mutex);
  flight_->done = true;
  flight_->landed.notify_all();
}

void single_flight::ticket::wait() const {
  std::unique_lock<std::mutex> lock(flight_->mutex);
  flight_->landed.wait(lock, [&] { return flight_->done; });
}

single_flight::ticket single_flight::join(const std::string& key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = flights_.try_emplace(key);
  if (inserted) it->second = std::make_shared<flight>();
  return ticket(*this, key, it->second, inserted);
}

}  // namespace rediscache::http::detail
