#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace rediscache::http::detail {

struct flight {
  std::mutex mutex;
  std::condition_variable landed;
  bool done = false;
};

// Lets one caller per key do the work while later callers for the same key wait for it to finish
// (then look again in the cache). Within one process only; other processes still compute.
class single_flight {
 public:
  class ticket {
   public:
    ticket(single_flight& owner, std::string key, std::shared_ptr<flight> f, bool leader);
    ticket(const ticket&) = delete;
    ticket& operator=(const ticket&) = delete;
    ~ticket();
    bool leader() const noexcept { return leader_; }
    // Blocks a follower until the leader's ticket is destroyed.
    void wait() const;

   private:
    single_flight& owner_;
    std::string key_;
    std::shared_ptr<flight> flight_;
    bool leader_;
  };

  ticket join(const std::string& key);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<flight>> flights_;
};

}  // namespace rediscache::http::detail
