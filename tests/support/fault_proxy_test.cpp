// The fault proxy, proved with raw sockets and redis-cli only (as the rest of the support library).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/fault_proxy.hpp"
#include "support/raw_client.hpp"
#include "support/redis_server.hpp"

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;
using ending = raw_client::ending;

const std::string ping = "*1\r\n$4\r\nPING\r\n";

std::string command_text(const std::string& a, const std::string& b) {
  return "*2\r\n$" + std::to_string(a.size()) + "\r\n" + a + "\r\n$" + std::to_string(b.size()) +
         "\r\n" + b + "\r\n";
}

raw_client client_of(const fault_proxy& proxy) {
  return raw_client::tcp(proxy.host(), proxy.port());
}

template <class F>
std::chrono::milliseconds time_it(F&& f) {
  auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

TEST(FaultProxy, PassForwardsBothWays) {
  redis_server server;
  fault_proxy proxy(server.host(), server.port());
  auto client = client_of(proxy);
  ASSERT_GE(client.fd(), 0);
  EXPECT_EQ(client.round_trip(ping), "+PONG\r\n");
  EXPECT_EQ(client.round_trip(command_text("INCR", "n")), ":1\r\n");
  EXPECT_EQ(server.command({"GET", "n"}), "1");
  EXPECT_EQ(proxy.accepted(), 1);
}

TEST(FaultProxy, DelayHoldsEachChunkBothWaysAndPassEndsIt) {
  redis_server server;
  fault_proxy proxy(server.host(), server.port());
  auto client = client_of(proxy);
  ASSERT_EQ(client.round_trip(ping), "+PONG\r\n");
  proxy.delay(150ms);
  std::string reply;
  auto took = time_it([&] { reply = client.round_trip(ping); });
  EXPECT_EQ(reply, "+PONG\r\n");
  EXPECT_GE(took, 300ms);  // the command and its reply each waited
  proxy.pass();
  took = time_it([&] { reply = client.round_trip(ping); });
  EXPECT_EQ(reply, "+PONG\r\n");
  EXPECT_LT(took, 150ms);
}

TEST(FaultProxy, BlackholeForwardsNothing) {
  redis_server server;
  fault_proxy proxy(server.host(), server.port());
  proxy.blackhole();
  auto client = client_of(proxy);
  ASSERT_GE(client.fd(), 0);
  EXPECT_EQ(client.round_trip(command_text("INCR", "n"), 300ms), "");
  EXPECT_EQ(server.command({"EXISTS", "n"}), "0");
  proxy.pass();
  EXPECT_EQ(client_of(proxy).round_trip(ping), "+PONG\r\n");
}

TEST(FaultProxy, ResetSendsRstOnTheNextBytesAndToNewConnections) {
  redis_server server;
  fault_proxy proxy(server.host(), server.port());
  auto open_before = client_of(proxy);
  ASSERT_EQ(open_before.round_trip(ping), "+PONG\r\n");
  proxy.reset();
  ASSERT_EQ(::send(open_before.fd(), ping.data(), ping.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(ping.size()));
  ending how{};
  EXPECT_EQ(open_before.read_until_closed(2s, how), "");
  EXPECT_EQ(how, ending::reset);

  auto opened_after = client_of(proxy);
  EXPECT_EQ(opened_after.read_until_closed(2s, how), "");
  EXPECT_EQ(how, ending::reset);
}

TEST(FaultProxy, TruncateForwardsThatManyReplyBytesThenCloses) {
  redis_server server;
  server.command({"SET", "t", "0123456789"});
  fault_proxy proxy(server.host(), server.port());
  auto client = client_of(proxy);
  ASSERT_EQ(client.round_trip(ping), "+PONG\r\n");
  proxy.truncate(7);
  std::string request = command_text("GET", "t");
  ASSERT_EQ(::send(client.fd(), request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  ending how{};
  EXPECT_EQ(client.read_until_closed(2s, how), "$10\r\n01");
  EXPECT_EQ(how, ending::closed);
}

TEST(FaultProxy, DropAfterWriteRunsTheCommandButNeverAnswers) {
  redis_server server;
  fault_proxy proxy(server.host(), server.port());
  proxy.drop_after_write();
  auto client = client_of(proxy);
  std::string request = command_text("INCR", "n");
  ASSERT_EQ(::send(client.fd(), request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  ending how{};
  EXPECT_EQ(client.read_until_closed(2s, how), "");
  EXPECT_EQ(how, ending::closed);
  EXPECT_EQ(server.command({"GET", "n"}), "1");
}

TEST(FaultProxy, ConnectionsCloseWhileTheServerIsDownAndWorkAfterRestart) {
  redis_server server;
  fault_proxy proxy(server.host(), server.port());
  auto before = client_of(proxy);
  ASSERT_EQ(before.round_trip(ping), "+PONG\r\n");
  server.kill();
  ending how{};
  EXPECT_EQ(before.read_until_closed(2s, how), "");
  EXPECT_EQ(how, ending::closed);
  auto during = client_of(proxy);
  EXPECT_EQ(during.read_until_closed(2s, how), "");
  EXPECT_EQ(how, ending::closed);
  server.restart();
  EXPECT_EQ(client_of(proxy).round_trip(ping), "+PONG\r\n");
}

TEST(FaultProxy, DestructorStopsAndClosesEverything) {
  redis_server server;
  std::uint16_t port = 0;
  auto proxy = std::make_unique<fault_proxy>(server.host(), server.port());
  port = proxy->port();
  auto client = client_of(*proxy);
  ASSERT_EQ(client.round_trip(ping), "+PONG\r\n");
  EXPECT_EQ(proxy->open_connections(), 1);
  proxy->delay(10s);  // a pending chunk must not hold the destructor up
  ASSERT_EQ(::send(client.fd(), ping.data(), ping.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(ping.size()));
  auto took = time_it([&] { proxy.reset(); });
  EXPECT_LT(took, 1s);
  ending how{};
  EXPECT_EQ(client.read_until_closed(2s, how), "");
  // Closed, or reset when the PING was still unread in the proxy's socket.
  EXPECT_TRUE(how == ending::closed || how == ending::reset);
  EXPECT_LT(raw_client::tcp("127.0.0.1", port).fd(), 0);  // nothing listens any more
}

}  // namespace
}  // namespace rediscache::test
