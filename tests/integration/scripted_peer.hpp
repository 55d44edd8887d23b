#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace rediscache::test {

// A loopback TCP peer that answers every request with fixed bytes. It stands in for a broken or
// hostile server, which a real redis-server cannot be made to act as: replies that break the
// protocol, a connection dropped after the command arrived, no answer at all, or an answer that
// drips in one byte at a time. It serves one connection at a time.
class scripted_peer {
 public:
  enum class after_reply { keep_open, close };

  scripted_peer(std::string reply, after_reply then)
      : scripted_peer(std::vector<std::string>{std::move(reply)}, then) {}

  // Requests on the i-th connection (from 0) get replies[i], the last one for all later
  // connections. With a pace, each reply is sent one byte at a time, pace apart.
  scripted_peer(std::vector<std::string> replies, after_reply then,
                std::chrono::milliseconds pace = std::chrono::milliseconds(0))
      : replies_(std::move(replies)), then_(then), pace_(pace) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      throw std::runtime_error("scripted_peer: cannot listen");
    }
    port_ = ntohs(address.sin_port);
    worker_ = std::thread([this] { serve(); });
  }

  ~scripted_peer() {
    stopping_ = true;
    worker_.join();
    ::close(listener_);
  }

  std::uint16_t port() const { return port_; }
  int connections() const { return connections_; }
  int requests() const { return requests_; }

 private:
  void serve() {
    while (!stopping_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      auto index = static_cast<std::size_t>(connections_++);
      handle(fd, replies_[std::min(index, replies_.size() - 1)]);
      ::close(fd);
    }
  }

  void handle(int fd, const std::string& reply) {
    char buffer[4096];
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      if (::recv(fd, buffer, sizeof buffer, 0) <= 0) return;
      ++requests_;
      if (!send_reply(fd, reply) || then_ == after_reply::close) return;
    }
  }

  // False once the client is gone.
  bool send_reply(int fd, const std::string& reply) {
    if (pace_.count() == 0) {
      return reply.empty() || ::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL) >= 0;
    }
    for (char byte : reply) {
      if (stopping_ || ::send(fd, &byte, 1, MSG_NOSIGNAL) != 1) return false;
      std::this_thread::sleep_for(pace_);
    }
    return true;
  }

  std::vector<std::string> replies_;
  after_reply then_;
  std::chrono::milliseconds pace_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::thread worker_;
};

}  // namespace rediscache::test
