#pragma once

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>

namespace rediscache::test {

// A loopback TCP peer that answers every request with fixed bytes. It stands in for a broken or
// hostile server, which a real redis-server cannot be made to act as: replies that break the
// protocol, a connection dropped after the command arrived, or no answer at all.
class scripted_peer {
 public:
  enum class after_reply { keep_open, close };

  scripted_peer(std::string reply, after_reply then)
      : reply_(std::move(reply)), then_(then) {
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
      ++connections_;
      handle(fd);
      ::close(fd);
    }
  }

  void handle(int fd) {
    char buffer[4096];
    while (!stopping_) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      if (::recv(fd, buffer, sizeof buffer, 0) <= 0) return;
      ++requests_;
      if (!reply_.empty()) ::send(fd, reply_.data(), reply_.size(), MSG_NOSIGNAL);
      if (then_ == after_reply::close) return;
    }
  }

  std::string reply_;
  after_reply then_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::thread worker_;
};

}  // namespace rediscache::test
