#include "integration/common.hpp"
#include "integration/scripted_peer.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::redis_server;
using rediscache::test::scripted_peer;

namespace {

connection_options peer_options(const scripted_peer& peer, std::chrono::milliseconds timeout) {
  connection_options o;
  o.port = peer.port();
  o.socket_timeout = timeout;
  return o;
}

void expect_within(std::chrono::milliseconds took, std::chrono::milliseconds timeout) {
  EXPECT_GE(took, timeout - 5ms);
  EXPECT_LE(took, timeout + timeout / 10) << "took " << took.count() << " ms";
}

TEST(Faults, FrozenServerTimesOutWithinTimeoutPlusTenPercent) {
  redis_server server;
  auto o = test::tcp_options(server);
  o.socket_timeout = 300ms;
  pooled_executor exec(o);
  exec.run(command{"SET", "k", "before"});
  std::chrono::milliseconds took{};
  try {
    took = test::time_it([&] { exec.run(command{"DEBUG", "SLEEP", "1"}); });
    FAIL() << "expected timeout_error";
  } catch (const timeout_error& e) {
    EXPECT_EQ(e.code(), errc::timeout);
  }
  took = test::time_it([&] {
    EXPECT_THROW(exec.run(command{{"GET", "k"}, idempotency::idempotent}), timeout_error);
  });
  expect_within(took, 300ms);
  std::this_thread::sleep_for(1s);
  // The timed-out connections were closed, so no late reply is read by the next command.
  EXPECT_EQ(exec.run(command{"GET", "k"}).str(), "before");
  EXPECT_EQ(exec.run(command{"ECHO", "after"}).str(), "after");
}

TEST(Faults, PausedServerTimesOut) {
  redis_server server;
  auto o = test::tcp_options(server);
  o.socket_timeout = 200ms;
  auto c = connection::open(o);
  server.pause();
  auto took = test::time_it([&] { EXPECT_THROW(c.execute(command{"PING"}), timeout_error); });
  server.resume();
  expect_within(took, 200ms);
  EXPECT_TRUE(c.broken());
}

TEST(Faults, KilledAndRestartedServerNextCallSucceeds) {
  redis_server server;
  pooled_executor exec(test::tcp_options(server));
  for (int i = 0; i < 4; ++i) exec.run(command{"SET", "k", "v"});
  server.kill();
  EXPECT_THROW(exec.run(command{"GET", "k"}), connection_error);
  server.restart();
  // Not idempotent, so only the stale-connection check can make this succeed first time.
  EXPECT_EQ(exec.run(command{"INCR", "fresh"}).integer(), 1);
  EXPECT_EQ(server.command({"GET", "fresh"}), "1");
}

TEST(Faults, StalledPeerTimesOut) {
  scripted_peer peer("", scripted_peer::after_reply::keep_open);
  auto o = peer_options(peer, 250ms);
  auto c = connection::open(o);
  auto took = test::time_it([&] { EXPECT_THROW(c.execute(command{"GET", "k"}), timeout_error); });
  expect_within(took, 250ms);
}

// A peer on a Unix socket that accepts one connection and never answers. From the first byte of
// a command on it stops reading for `stall`, then reads 64 KiB every `pace`: a server that takes
// a big command more slowly than the client sends it. A Unix socket buffers a fixed 200 KiB or so
// and tells the writer about room as soon as a quarter is free, where TCP's buffers grow and its
// writer waits for a third of a larger buffer. The peer notes when the first byte came, which is
// when the client's exchange (and its deadline) started: encoding a command of many megabytes
// before that takes a while on a loaded machine, and is no part of the timeout.
class slow_reader {
 public:
  slow_reader(std::chrono::milliseconds stall, std::chrono::milliseconds pace)
      : stall_(stall), pace_(pace) {
    static std::atomic<int> made{0};
    path_ = "/tmp/rediscache-slow-reader-" + std::to_string(::getpid()) + "-" +
            std::to_string(made++) + ".sock";
    ::unlink(path_.c_str());
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    path_.copy(address.sun_path, sizeof address.sun_path - 1);
    listener_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 1) != 0) {
      throw std::runtime_error("slow_reader: cannot listen on " + path_);
    }
    worker_ = std::thread([this] { serve(); });
  }
  ~slow_reader() {
    stopping_ = true;
    worker_.join();
    ::close(listener_);
    ::unlink(path_.c_str());
  }
  connection_options options(std::chrono::milliseconds timeout) const {
    connection_options o;
    o.unix_socket = path_;
    o.socket_timeout = timeout;
    return o;
  }
  // Time since the first byte of the command came; zero before it did.
  std::chrono::milliseconds since_first_byte() const {
    if (first_byte_.load() == std::chrono::steady_clock::time_point{}) return {};
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 first_byte_.load());
  }

 private:
  static bool readable(int fd) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, 1) > 0;
  }

  void serve() {
    int fd = -1;
    while (!stopping_ && fd < 0) {
      if (readable(listener_)) fd = ::accept(listener_, nullptr, nullptr);
    }
    while (!stopping_ && !readable(fd)) {
    }
    first_byte_ = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(stall_);
    std::vector<char> buffer(64 * 1024);
    while (!stopping_) {
      if (readable(fd)) {
        [[maybe_unused]] ssize_t n = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
      }
      std::this_thread::sleep_for(pace_);
    }
    if (fd >= 0) ::close(fd);
  }

  std::chrono::milliseconds stall_;
  std::chrono::milliseconds pace_;
  std::string path_;
  int listener_ = -1;
  std::atomic<bool> stopping_{false};
  std::atomic<std::chrono::steady_clock::time_point> first_byte_{};
  std::thread worker_;
};

// The timeout covers the whole write too: the socket is in blocking mode (so that a receive can
// wait in the kernel), and every send must still wait only as long as the deadline allows.
TEST(Faults, WriteToAServerThatReadsSlowlyEndsAtTheDeadline) {
  slow_reader peer(0ms, 5ms);
  auto c = connection::open(peer.options(300ms));
  const command big{"SET", "k", std::string(8 * 1024 * 1024, 'x')};
  EXPECT_THROW(c.execute(big), timeout_error);
  expect_within(peer.since_first_byte(), 300ms);
  EXPECT_TRUE(c.broken());
}

// The receive right after a send waits in the kernel for socket_timeout, which ends at the
// deadline only when the send did not wait. Here the send waits for a server that reads nothing
// for 150 ms, then takes the rest at once but never answers: the receive must end at the
// exchange's deadline, not socket_timeout after the send ended.
TEST(Faults, ReplyAfterASlowWriteIsAwaitedOnlyUntilTheDeadline) {
  slow_reader peer(150ms, 0ms);
  auto c = connection::open(peer.options(500ms));
  const command big{"SET", "k", std::string(8 * 1024 * 1024, 'x')};
  EXPECT_THROW(c.execute(big), timeout_error);
  expect_within(peer.since_first_byte(), 500ms);
}

TEST(Faults, TlsHandshakeWithSilentPeerTimesOut) {
  scripted_peer peer("", scripted_peer::after_reply::keep_open);
  connection_options o = peer_options(peer, 1000ms);
  o.connect_timeout = 300ms;
  o.tls.enabled = true;
  o.tls.verify = tls_verify::none;
  auto took = test::time_it([&] { EXPECT_THROW(connection::open(o), timeout_error); });
  expect_within(took, 300ms);
}

// A listener that never accepts, with its backlog full: the kernel drops further SYNs, so a
// connect hangs as it would towards a host that is down.
TEST(Faults, ConnectToUnresponsiveHostTimesOut) {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::listen(listener, 0), 0);
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  std::vector<int> fillers;
  for (int i = 0; i < 8; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    fillers.push_back(fd);
  }
  std::this_thread::sleep_for(20ms);
  connection_options o;
  o.port = ntohs(address.sin_port);
  o.connect_timeout = 300ms;
  auto took = test::time_it([&] {
    try {
      connection::open(o);
      ADD_FAILURE() << "expected timeout_error";
    } catch (const timeout_error& e) {
      EXPECT_NE(std::string(e.what()).find("connect to"), std::string::npos) << e.what();
    }
  });
  expect_within(took, 300ms);
  for (int fd : fillers) ::close(fd);
  ::close(listener);
}

TEST(Faults, HugeArrayHeaderIsAProtocolError) {
  scripted_peer peer("*2147483647\r\n", scripted_peer::after_reply::keep_open);
  auto c = connection::open(peer_options(peer, 1000ms));
  try {
    c.execute(command{"GET", "k"});
    FAIL() << "expected protocol_error";
  } catch (const protocol_error& e) {
    EXPECT_NE(std::string(e.what()).find("max_array_elements"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(c.broken());
}

TEST(Faults, HugeBulkHeaderIsAProtocolError) {
  scripted_peer peer("$2147483647\r\nabc", scripted_peer::after_reply::keep_open);
  auto c = connection::open(peer_options(peer, 1000ms));
  EXPECT_THROW(c.execute(command{"GET", "k"}), protocol_error);
}

TEST(Faults, GarbageIsAProtocolError) {
  scripted_peer peer("HTTP/1.1 400 Bad Request\r\n\r\n", scripted_peer::after_reply::keep_open);
  auto c = connection::open(peer_options(peer, 1000ms));
  EXPECT_THROW(c.execute(command{"GET", "k"}), protocol_error);
  EXPECT_THROW(c.execute(command{"GET", "k"}), closed_error);
}

TEST(Faults, TruncatedReplyIsAClosedError) {
  scripted_peer peer("$10\r\nabc", scripted_peer::after_reply::close);
  auto c = connection::open(peer_options(peer, 1000ms));
  EXPECT_THROW(c.execute(command{"GET", "k"}), closed_error);
}

TEST(Faults, NonIdempotentCommandIsNeverSentTwice) {
  scripted_peer peer("", scripted_peer::after_reply::close);  // takes the command, drops the line
  pool_options p;
  p.retry.base_backoff = 1ms;
  pooled_executor exec(peer_options(peer, 1000ms), p);
  EXPECT_THROW(exec.run(command{"INCR", "n"}), connection_error);
  EXPECT_EQ(peer.requests(), 1);
}

TEST(Faults, IdempotentCommandIsRetriedWithBackoff) {
  scripted_peer peer("", scripted_peer::after_reply::close);
  pool_options p;
  p.retry.max_retries = 2;
  p.retry.base_backoff = 1ms;
  pooled_executor exec(peer_options(peer, 1000ms), p);
  EXPECT_THROW(exec.run(command{{"GET", "k"}, idempotency::idempotent}), connection_error);
  EXPECT_EQ(peer.requests(), 3);
}

TEST(Faults, RetryRecoversAfterServerRestart) {
  redis_server server;
  pool_options p;
  p.retry.base_backoff = 50ms;
  p.retry.max_retries = 8;
  pooled_executor exec(test::tcp_options(server), p);
  exec.run(command{"SET", "k", "v"});
  server.kill();
  // Connection refused while the server is down; the idempotent read retries until it is back.
  // The server restarts on this thread: its child process is tied to the thread that made it.
  reply r;
  std::thread reader([&] {
    EXPECT_NO_THROW(r = exec.run(command{{"PING"}, idempotency::idempotent}));
  });
  std::this_thread::sleep_for(20ms);
  server.restart();
  reader.join();
  EXPECT_EQ(r.str(), "PONG");
}

}  // namespace
