#pragma once

#include <rediscache/executor.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace rediscache::test {

// Threads that write and read back their own keys until stopped, recording every call: a steady
// load that a resharding or a failover runs under. Each thread owns one list of keys.
class steady_load {
 public:
  using clock_type = std::chrono::steady_clock;

  struct call {
    std::size_t owner;  // which key list
    clock_type::time_point start;
    clock_type::time_point end;
    bool write;
    bool ok;              // returned normally, and a read gave back the value last written
    std::string failure;  // what went wrong otherwise
  };

  steady_load(std::shared_ptr<executor> exec, std::vector<std::vector<std::string>> key_lists);
  ~steady_load();
  steady_load(const steady_load&) = delete;
  steady_load& operator=(const steady_load&) = delete;

  void stop();
  // Every call so far (after stop(): every call).
  std::vector<call> calls() const;
  // The value each key was last written with successfully, per owner.
  const std::vector<std::vector<std::string>>& last_written() const { return written_; }

 private:
  void run(std::size_t owner);

  std::shared_ptr<executor> exec_;
  std::vector<std::vector<std::string>> keys_;
  std::vector<std::vector<std::string>> written_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<call> calls_;
  std::vector<std::thread> threads_;
};

}  // namespace rediscache::test
