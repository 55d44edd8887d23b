#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>

namespace rediscache::test {

// A raw client socket; fd() is -1 when the connect failed.
class raw_client {
 public:
  static raw_client tcp(const std::string& host, std::uint16_t port) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      length = sizeof(*v4);
    } else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      length = sizeof(*v6);
    }
    return raw_client(reinterpret_cast<const sockaddr*>(&storage), length);
  }

  static raw_client unix_socket(const std::string& path) {
    sockaddr_un where{};
    where.sun_family = AF_UNIX;
    std::strncpy(where.sun_path, path.c_str(), sizeof(where.sun_path) - 1);
    return raw_client(reinterpret_cast<const sockaddr*>(&where), sizeof(where));
  }

  ~raw_client() { close(); }
  raw_client(raw_client&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  raw_client(const raw_client&) = delete;
  raw_client& operator=(const raw_client&) = delete;
  raw_client& operator=(raw_client&&) = delete;

  int fd() const { return fd_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // Sends `request` and reads one line of reply; returns what arrived before `timeout`
  // (empty on timeout or a closed connection).
  std::string round_trip(const std::string& request,
                         std::chrono::milliseconds timeout = std::chrono::seconds(2)) {
    if (::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
      return {};
    }
    return read_line(timeout);
  }

  std::string read_line(std::chrono::milliseconds timeout) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    std::string line;
    char c = 0;
    while (line.size() < 2 || line.compare(line.size() - 2, 2, "\r\n") != 0) {
      if (::recv(fd_, &c, 1, 0) != 1) break;
      line += c;
    }
    return line;
  }

  // How read_until_closed() ended.
  enum class ending { closed, reset, failed, timed_out };

  // Reads until the peer closes the connection or `timeout` passes.
  std::string read_until_closed(std::chrono::milliseconds timeout, ending& how) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string data;
    char buffer[4096];
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) != 1) {
        how = ending::timed_out;
        return data;
      }
      ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n > 0) {
        data.append(buffer, static_cast<std::size_t>(n));
        continue;
      }
      how = n == 0 ? ending::closed : (errno == ECONNRESET ? ending::reset : ending::failed);
      return data;
    }
  }

 private:
  raw_client(const sockaddr* address, socklen_t length) {
    if (length == 0) return;
    fd_ = ::socket(address->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ >= 0 && ::connect(fd_, address, length) != 0) close();
  }

  int fd_ = -1;
};

}  // namespace rediscache::test
