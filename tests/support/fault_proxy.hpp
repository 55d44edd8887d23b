#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace rediscache::test {

// A TCP proxy on a free loopback port in front of a real server, injecting the faults a network
// or a crashing peer causes. The test switches the fault at any time; a switch applies to open
// connections from their next bytes on. Each accepted client connection gets its own connection
// to the server. One thread serves them all; the destructor stops it and closes every socket.
class fault_proxy {
 public:
  enum class mode {
    pass,              // forward both ways
    delay,             // forward each chunk, either way, `delay` after it arrived
    blackhole,         // accept connections and read everything; forward nothing
    reset,             // reset (RST) a connection when bytes arrive on it; new ones at once
    truncate,          // forward commands; of each connection's replies forward `bytes`, then close
    drop_after_write,  // forward commands; close the client's connection when the reply comes,
                       // without it: the server ran the command, the client never hears
  };

  // Throws std::runtime_error when it cannot listen.
  fault_proxy(std::string server_host, std::uint16_t server_port);
  ~fault_proxy();
  fault_proxy(const fault_proxy&) = delete;
  fault_proxy& operator=(const fault_proxy&) = delete;

  std::uint16_t port() const { return port_; }
  const std::string& host() const { return listen_host_; }

  void pass() { set(mode::pass); }
  void delay(std::chrono::milliseconds per_chunk) { set(mode::delay, per_chunk); }
  void blackhole() { set(mode::blackhole); }
  void reset() { set(mode::reset); }
  void truncate(std::size_t bytes) { set(mode::truncate, {}, bytes); }
  void drop_after_write() { set(mode::drop_after_write); }
  mode current() const;

  // Client connections accepted so far, and open right now.
  int accepted() const { return accepted_; }
  int open_connections() const { return open_; }

 private:
  struct setting {
    mode kind = mode::pass;
    std::chrono::milliseconds delay{0};
    std::size_t bytes = 0;
    unsigned generation = 0;  // counts switches, so truncation counts from the latest one
  };
  class session;

  void set(mode kind, std::chrono::milliseconds delay = {}, std::size_t bytes = 0);
  setting snapshot() const;
  void wake() const;
  void serve();

  std::string server_host_;
  std::uint16_t server_port_;
  std::string listen_host_ = "127.0.0.1";
  std::uint16_t port_ = 0;
  int listener_ = -1;
  int wake_read_ = -1;
  int wake_write_ = -1;

  mutable std::mutex mutex_;
  setting setting_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> open_{0};
  std::thread worker_;
};

}  // namespace rediscache::test
