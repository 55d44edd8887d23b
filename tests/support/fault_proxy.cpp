#include "support/fault_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <memory>
#include <stdexcept>
#include <vector>

namespace rediscache::test {
namespace {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds connect_timeout{1000};
constexpr milliseconds idle_poll{100};

struct chunk {
  clock::time_point due;
  std::string bytes;
  std::size_t offset = 0;
};

void set_nodelay(int fd) {
  int on = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

// Closing with a zero linger time sends RST instead of FIN.
void close_with_reset(int fd) {
  linger now{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &now, sizeof now);
  ::close(fd);
}

sockaddr_in loopback_address(const std::string& host, std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  if (::inet_pton(AF_INET, host.c_str(), &address.sin_addr) != 1) {
    throw std::invalid_argument("fault_proxy: not an IPv4 address: " + host);
  }
  return address;
}

// A non-blocking connection to the server, or -1 when it refuses or does not answer in time.
int connect_to(const sockaddr_in& address) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    pollfd p{fd, POLLOUT, 0};
    int error = 0;
    socklen_t length = sizeof error;
    if (errno != EINPROGRESS || ::poll(&p, 1, static_cast<int>(connect_timeout.count())) != 1 ||
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
      ::close(fd);
      return -1;
    }
  }
  set_nodelay(fd);
  return fd;
}

bool due(const std::deque<chunk>& queue, clock::time_point now) {
  return !queue.empty() && queue.front().due <= now;
}

}  // namespace

// One client connection and its connection to the server, with the bytes waiting to go each way.
class fault_proxy::session {
 public:
  session(int client_fd, int server_fd) : client(client_fd), server(server_fd) {}
  ~session() { close(); }
  session(const session&) = delete;
  session& operator=(const session&) = delete;

  void close() {
    if (client >= 0) ::close(client);
    if (server >= 0) ::close(server);
    client = server = -1;
  }
  void reset() {
    if (client >= 0) close_with_reset(client);
    if (server >= 0) close_with_reset(server);
    client = server = -1;
  }
  bool closed() const { return client < 0; }

  // Writes what is due; false when the peer is gone.
  static bool flush(int fd, std::deque<chunk>& queue, clock::time_point now) {
    while (due(queue, now)) {
      chunk& c = queue.front();
      ssize_t n = ::send(fd, c.bytes.data() + c.offset, c.bytes.size() - c.offset, MSG_NOSIGNAL);
      if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
      c.offset += static_cast<std::size_t>(n);
      if (c.offset == c.bytes.size()) queue.pop_front();
    }
    return true;
  }

  static void enqueue(std::deque<chunk>& queue, clock::time_point when, const char* data,
                      std::size_t size) {
    if (!queue.empty()) when = std::max(when, queue.back().due);  // never overtake
    queue.push_back(chunk{when, std::string(data, size)});
  }

  int client;
  int server;
  std::deque<chunk> to_server;
  std::deque<chunk> to_client;
  unsigned generation = 0;
  std::size_t reply_bytes_forwarded = 0;  // under truncate, since the latest switch
  bool close_when_flushed = false;
};

fault_proxy::fault_proxy(std::string server_host, std::uint16_t server_port)
    : server_host_(std::move(server_host)), server_port_(server_port) {
  loopback_address(server_host_, server_port_);  // validates the address early
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in address = loopback_address(listen_host_, 0);
  socklen_t length = sizeof address;
  int fds[2];
  if (listener_ < 0 ||
      ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(listener_, 128) != 0 ||
      ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
      ::pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0) {
    if (listener_ >= 0) ::close(listener_);
    throw std::runtime_error("fault_proxy: cannot listen on a loopback port");
  }
  wake_read_ = fds[0];
  wake_write_ = fds[1];
  port_ = ntohs(address.sin_port);
  worker_ = std::thread([this] { serve(); });
}

fault_proxy::~fault_proxy() {
  stopping_ = true;
  wake();
  worker_.join();
  ::close(listener_);
  ::close(wake_read_);
  ::close(wake_write_);
}

void fault_proxy::set(mode kind, std::chrono::milliseconds delay, std::size_t bytes) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    setting_.kind = kind;
    setting_.delay = delay;
    setting_.bytes = bytes;
    ++setting_.generation;
  }
  wake();
}

fault_proxy::mode fault_proxy::current() const { return snapshot().kind; }

fault_proxy::setting fault_proxy::snapshot() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return setting_;
}

void fault_proxy::wake() const {
  char byte = 0;
  [[maybe_unused]] ssize_t ignored = ::write(wake_write_, &byte, 1);
}

void fault_proxy::serve() {
  const sockaddr_in server_address = loopback_address(server_host_, server_port_);
  std::vector<std::unique_ptr<session>> sessions;
  std::vector<pollfd> fds;
  char buffer[64 * 1024];

  while (!stopping_) {
    auto now = clock::now();
    milliseconds wait = idle_poll;
    fds.assign({pollfd{wake_read_, POLLIN, 0}, pollfd{listener_, POLLIN, 0}});
    for (const auto& s : sessions) {
      short client_events = POLLIN;
      short server_events = POLLIN;
      if (due(s->to_client, now)) client_events |= POLLOUT;
      if (due(s->to_server, now)) server_events |= POLLOUT;
      for (const auto* queue : {&s->to_client, &s->to_server}) {
        if (!queue->empty() && queue->front().due > now) {
          auto until = std::chrono::ceil<milliseconds>(queue->front().due - now);
          wait = std::min(wait, until);
        }
      }
      fds.push_back(pollfd{s->client, client_events, 0});
      // A server that closed keeps reporting it; only its last bytes still go to the client.
      fds.push_back(pollfd{s->close_when_flushed ? -1 : s->server, server_events, 0});
    }
    ::poll(fds.data(), fds.size(), static_cast<int>(wait.count()));
    if (fds[0].revents != 0) {
      while (::read(wake_read_, buffer, sizeof buffer) > 0) {
      }
    }

    const setting current = snapshot();
    now = clock::now();
    const auto hold = current.kind == mode::delay ? current.delay : milliseconds(0);
    const std::size_t known = sessions.size();
    for (std::size_t i = 0; i < known; ++i) {
      session& s = *sessions[i];
      if (s.generation != current.generation) {
        s.generation = current.generation;
        s.reply_bytes_forwarded = 0;
      }
      if (fds[2 + 2 * i].revents != 0) {
        ssize_t n = ::recv(s.client, buffer, sizeof buffer, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
          s.close();
          continue;
        }
        if (n > 0 && current.kind == mode::reset) {
          s.reset();
          continue;
        }
        if (n > 0 && current.kind != mode::blackhole) {
          session::enqueue(s.to_server, now + hold, buffer, static_cast<std::size_t>(n));
        }
      }
      if (fds[3 + 2 * i].revents != 0) {
        ssize_t n = ::recv(s.server, buffer, sizeof buffer, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
          s.close_when_flushed = true;  // the server closed: pass that on after its last bytes
        } else if (n > 0) {
          auto size = static_cast<std::size_t>(n);
          switch (current.kind) {
            case mode::reset:
              s.reset();
              continue;
            case mode::drop_after_write:
              s.close();
              continue;
            case mode::blackhole:
              break;
            case mode::truncate:
              size = std::min(size, current.bytes - s.reply_bytes_forwarded);
              s.reply_bytes_forwarded += size;
              if (s.reply_bytes_forwarded >= current.bytes) s.close_when_flushed = true;
              [[fallthrough]];
            default:
              if (size > 0) session::enqueue(s.to_client, now + hold, buffer, size);
          }
        }
      }
      if (!session::flush(s.server, s.to_server, now) ||
          !session::flush(s.client, s.to_client, now) ||
          (s.close_when_flushed && s.to_client.empty())) {
        s.close();
      }
    }
    sessions.erase(
        std::remove_if(sessions.begin(), sessions.end(), [](const auto& s) { return s->closed(); }),
        sessions.end());

    if (fds[1].revents != 0) {
      int client = ::accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (client >= 0) {
        ++accepted_;
        set_nodelay(client);
        int server = current.kind == mode::reset ? -1 : connect_to(server_address);
        if (current.kind == mode::reset) {
          close_with_reset(client);
        } else if (server < 0) {
          ::close(client);  // as the server would: it is not there
        } else {
          sessions.push_back(std::make_unique<session>(client, server));
          sessions.back()->generation = current.generation;
        }
      }
    }
    open_ = static_cast<int>(sessions.size());
  }
}

}  // namespace rediscache::test
