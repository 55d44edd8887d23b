#include "transport/socket.hpp"

#include "quote.hpp"
#include "transport/deadline.hpp"
#include "transport/tls.hpp"

#include <rediscache/error.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace rediscache::detail {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

void set_nonblocking(int fd) {
  int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) {
    throw connection_error("cannot make socket non-blocking: " + errno_text(errno));
  }
}

void set_tcp_options(int fd, std::chrono::seconds keepalive) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (keepalive.count() > 0) {
    int idle = static_cast<int>(keepalive.count());
    int interval = idle / 3 > 0 ? idle / 3 : 1;
    int count = 3;
    ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval, sizeof interval);
    ::setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof count);
  }
}

// Starts a non-blocking connect and waits for it. Returns 0 or an errno value; -1 on timeout.
int connect_fd(int fd, const sockaddr* address, socklen_t length, clock::time_point deadline) {
  if (::connect(fd, address, length) == 0) return 0;
  if (errno != EINPROGRESS) return errno;
  if (!wait_ready(fd, POLLOUT, deadline)) return -1;
  int err = 0;
  socklen_t len = sizeof err;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return errno;
  return err;
}

int connect_unix(const connection_options& options, clock::time_point deadline) {
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (options.unix_socket.size() >= sizeof address.sun_path) {
    throw config_error("unix socket path is longer than " +
                       std::to_string(sizeof address.sun_path - 1) +
                       " bytes: " + quote_for_message(options.unix_socket));
  }
  std::memcpy(address.sun_path, options.unix_socket.data(), options.unix_socket.size());
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw connection_error("cannot create socket: " + errno_text(errno));
  try {
    set_nonblocking(fd);
  } catch (...) {
    ::close(fd);
    throw;
  }
  int err = connect_fd(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address, deadline);
  if (err == 0) return fd;
  ::close(fd);
  if (err < 0) {
    throw timeout_error("connect to " + options.unix_socket + " timed out after " +
                        millis_text(options.connect_timeout));
  }
  throw connection_error("cannot connect to " + options.unix_socket + ": " + errno_text(err));
}

int connect_tcp(const connection_options& options, clock::time_point deadline) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  std::string port = std::to_string(options.port);
  int rc = ::getaddrinfo(options.host.c_str(), port.c_str(), &hints, &found);
  std::string where = endpoint_name(options);
  if (rc != 0) {
    throw connection_error("cannot resolve " + options.host + ": " + ::gai_strerror(rc));
  }
  std::string last_error = "no address";
  bool timed_out = false;
  for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
    int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      last_error = errno_text(errno);
      continue;
    }
    int err = 0;
    try {
      set_nonblocking(fd);
      err = connect_fd(fd, a->ai_addr, a->ai_addrlen, deadline);
    } catch (...) {
      ::close(fd);
      ::freeaddrinfo(found);
      throw;
    }
    if (err == 0) {
      ::freeaddrinfo(found);
      set_tcp_options(fd, options.keepalive);
      return fd;
    }
    ::close(fd);
    if (err < 0) {
      timed_out = true;
      break;
    }
    last_error = errno_text(err);
  }
  ::freeaddrinfo(found);
  if (timed_out) {
    throw timeout_error("connect to " + where + " timed out after " +
                        millis_text(options.connect_timeout));
  }
  throw connection_error("cannot connect to " + where + ": " + last_error);
}

// How long the receive after a send may wait in the kernel. The kernel's timer wheel fires a
// socket timeout up to an eighth late, plus a tick (10 ms at HZ=100), so this leaves room for
// both inside socket_timeout; poll(), which is precise, waits whatever is left. Zero or less: a
// timeout too short to split, every wait is a poll.
std::chrono::milliseconds kernel_receive_wait(std::chrono::milliseconds socket_timeout) {
  return (socket_timeout - std::chrono::milliseconds(10)) * 8 / 9;
}

// Blocking mode, so that a receive without MSG_DONTWAIT waits, at most for wait.
void set_receive_wait(int fd, std::chrono::milliseconds wait) {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(wait);
  timeval limit{};
  limit.tv_sec = static_cast<time_t>(seconds.count());
  limit.tv_usec = static_cast<suseconds_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(wait - seconds).count());
  const int flags = ::fcntl(fd, F_GETFL, 0);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0 ||
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit) < 0) {
    throw connection_error("cannot set up the socket: " + errno_text(errno));
  }
}

// The receive that follows a send waits in the kernel (SO_RCVTIMEO), so a warm command costs two
// syscalls (send, recv) instead of send, poll, recv. Sends, and reads after a send that had to
// wait or after part of a reply, pass MSG_DONTWAIT and poll against the deadline.
class plain_transport final : public transport {
 public:
  plain_transport(int fd, std::string endpoint, bool kernel_waits)
      : transport(fd, std::move(endpoint)), kernel_waits_(kernel_waits) {}

  void write_all(const char* data, std::size_t size, clock::time_point deadline,
                 std::size_t& written) override {
    written = 0;
    bool waited = false;
    while (written < size) {
      ssize_t n = ::send(fd_, data + written, size - written, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        written += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        waited = true;
        if (!wait_ready(fd_, POLLOUT, deadline)) throw_timeout("write to");
        continue;
      }
      throw connection_error("write to " + endpoint_ + " failed: " + errno_text(errno));
    }
    receive_may_block_ = kernel_waits_ && !waited;
  }

  // A send that never waited started at most microseconds after the exchange's deadline was set
  // socket_timeout ahead, so the kernel's wait (shorter than socket_timeout) ends before that
  // deadline. Anything else (a send that waited, the rest of a long reply) is timed by poll, as
  // is what is left of the deadline after the kernel's wait (a blocking command's longer one).
  std::size_t read_some(char* buffer, std::size_t size, clock::time_point deadline) override {
    int flags = receive_may_block_ ? 0 : MSG_DONTWAIT;
    receive_may_block_ = false;
    for (;;) {
      ssize_t n = ::recv(fd_, buffer, size, flags);
      if (n > 0) return static_cast<std::size_t>(n);
      if (n == 0) throw closed_error("server " + endpoint_ + " closed the connection");
      if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
        throw connection_error("read from " + endpoint_ + " failed: " + errno_text(errno));
      }
      flags = MSG_DONTWAIT;
      if (!wait_ready(fd_, POLLIN, deadline)) throw_timeout("read from");
    }
  }

 private:
  const bool kernel_waits_;
  bool receive_may_block_ = false;
};

}  // namespace

std::string millis_text(std::chrono::milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

// A deadline past what one poll() can wait (INT_MAX ms) takes several; a poll that ends before
// the deadline, however it ended, is followed by another.
bool wait_ready(int fd, short events, clock::time_point deadline) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int rc = ::poll(&p, 1, poll_wait_ms(deadline, clock::now()));
    if (rc > 0) return true;
    if (rc < 0 && errno != EINTR) return true;  // the following read or write reports the error
    if (clock::now() >= deadline) return false;
  }
}

transport::transport(int fd, std::string endpoint) : fd_(fd), endpoint_(std::move(endpoint)) {}

void transport::throw_timeout(const char* operation) const {
  throw timeout_error(std::string(operation) + " " + endpoint_ + " timed out after " +
                      millis_text(timeout_));
}

transport::~transport() {
  if (fd_ >= 0) ::close(fd_);
}

bool transport::stale() {
  char byte;
  ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  if (n == 0 || n > 0) return true;  // closed, or bytes nobody asked for
  return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

int connect_socket(const connection_options& options, clock::time_point deadline) {
  return options.unix_socket.empty() ? connect_tcp(options, deadline)
                                     : connect_unix(options, deadline);
}

std::unique_ptr<transport> make_plain_transport(int fd, std::string endpoint,
                                                std::chrono::milliseconds socket_timeout) {
  const auto wait = kernel_receive_wait(socket_timeout);
  if (wait.count() > 0) set_receive_wait(fd, wait);
  return std::make_unique<plain_transport>(fd, std::move(endpoint), wait.count() > 0);
}

std::unique_ptr<transport> open_transport(const connection_options& options,
                                          const std::shared_ptr<tls_context>& tls,
                                          clock::time_point deadline) {
  if (options.tls.enabled && !tls) throw config_error("TLS is enabled but no TLS context was built");
  int fd = connect_socket(options, deadline);
  std::string endpoint = endpoint_name(options);
  std::unique_ptr<transport> result;
  if (!options.tls.enabled) {
    try {
      result = make_plain_transport(fd, std::move(endpoint), options.socket_timeout);
    } catch (...) {
      ::close(fd);
      throw;
    }
  } else {
    try {
      result = make_tls_transport(fd, std::move(endpoint), *tls, options.host, deadline);
    } catch (...) {
      ::close(fd);
      throw;
    }
  }
  result->timeout_ = options.socket_timeout;
  return result;
}

}  // namespace rediscache::detail
