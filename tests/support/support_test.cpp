// Proves the test-support library with raw sockets and redis-cli only, so that a bug in
// rediscache can never make its own test harness look healthy.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "support/raw_client.hpp"
#include "support/redis_server.hpp"

namespace rediscache::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string ping_request = "*1\r\n$4\r\nPING\r\n";

bool ipv6_loopback_available() {
  const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in6 where{};
  where.sin6_family = AF_INET6;
  where.sin6_addr = in6addr_loopback;
  const bool ok = ::bind(fd, reinterpret_cast<const sockaddr*>(&where), sizeof(where)) == 0;
  ::close(fd);
  return ok;
}

bool process_exists(pid_t pid) { return ::kill(pid, 0) == 0 || errno != ESRCH; }

TEST(RedisServer, TcpServerAnswersPing) {
  redis_server server;
  EXPECT_GT(server.port(), 0);
  EXPECT_EQ(server.host(), "127.0.0.1");
  EXPECT_TRUE(server.unix_path().empty());
  EXPECT_TRUE(process_exists(server.pid()));
  auto client = raw_client::tcp(server.host(), server.port());
  ASSERT_GE(client.fd(), 0);
  EXPECT_EQ(client.round_trip(ping_request), "+PONG\r\n");
  EXPECT_EQ(server.command({"PING"}), "PONG");
}

TEST(RedisServer, UnixOnlyServerAnswersPing) {
  server_config cfg;
  cfg.tcp = false;
  cfg.unix_socket = true;
  redis_server server(cfg);
  EXPECT_EQ(server.port(), 0);
  EXPECT_EQ(server.unix_path(), server.dir() + "/redis.sock");
  auto client = raw_client::unix_socket(server.unix_path());
  ASSERT_GE(client.fd(), 0);
  EXPECT_EQ(client.round_trip(ping_request), "+PONG\r\n");
  EXPECT_EQ(server.command({"PING"}), "PONG");
  EXPECT_EQ(fs::status(server.unix_path()).permissions() & fs::perms::all, fs::perms::owner_all);
}

TEST(RedisServer, TcpAndUnixServerAnswersOnBoth) {
  server_config cfg;
  cfg.unix_socket = true;
  redis_server server(cfg);
  EXPECT_EQ(raw_client::tcp(server.host(), server.port()).round_trip(ping_request), "+PONG\r\n");
  EXPECT_EQ(raw_client::unix_socket(server.unix_path()).round_trip(ping_request), "+PONG\r\n");
}

TEST(RedisServer, ServersGetDistinctPortsAndDirs) {
  redis_server first;
  redis_server second;
  EXPECT_NE(first.port(), second.port());
  EXPECT_NE(first.dir(), second.dir());
  EXPECT_EQ(second.command({"PING"}), "PONG");
}

TEST(RedisServer, RequirepassRefusesUnauthenticatedCommands) {
  server_config cfg;
  cfg.requirepass = "s3cret \"quoted\"";
  redis_server server(cfg);
  auto client = raw_client::tcp(server.host(), server.port());
  EXPECT_EQ(client.round_trip(ping_request).rfind("-NOAUTH", 0), 0U);
  EXPECT_EQ(server.command({"PING"}), "PONG");  // command() authenticates
}

TEST(RedisServer, AclUserCanAuthenticate) {
  server_config cfg;
  cfg.acl_users = {"alice on >secret ~* &* +@all"};
  redis_server server(cfg);
  EXPECT_EQ(server.command({"AUTH", "alice", "secret"}), "OK");
  EXPECT_NE(server.command({"AUTH", "alice", "wrong"}).find("WRONGPASS"), std::string::npos);
}

TEST(RedisServer, ExtraConfigIsApplied) {
  server_config cfg;
  cfg.extra_config = {"maxmemory 10mb"};
  redis_server server(cfg);
  EXPECT_EQ(server.command({"CONFIG", "GET", "maxmemory"}), "maxmemory\n10485760");
  EXPECT_EQ(server.command({"CONFIG", "GET", "save"}), "save");
  EXPECT_EQ(server.command({"DEBUG", "SLEEP", "0"}), "OK");
}

TEST(RedisServer, BadConfigThrowsWithLogTail) {
  server_config cfg;
  cfg.extra_config = {"no-such-directive yes"};
  try {
    redis_server server(cfg);
    FAIL() << "started with a bad directive";
  } catch (const std::runtime_error& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("no-such-directive"), std::string::npos) << message;
  }
}

TEST(RedisServer, CommandThrowsWhenServerIsDown) {
  redis_server server;
  server.stop();
  EXPECT_FALSE(server.running());
  EXPECT_THROW(server.command({"PING"}), std::runtime_error);
}

TEST(RedisServer, TlsServerAnswersRedisCliAndRefusesPlaintext) {
  server_config cfg;
  cfg.tls = true;
  redis_server server(cfg);
  EXPECT_EQ(server.command({"PING"}), "PONG");
  auto client = raw_client::tcp(server.host(), server.port());
  ASSERT_GE(client.fd(), 0);
  EXPECT_NE(client.round_trip(ping_request, 500ms), "+PONG\r\n");
}

TEST(RedisServer, MutualTlsServerAcceptsTheTestClientCert) {
  server_config cfg;
  cfg.tls = true;
  cfg.tls_auth_clients = true;
  cfg.unix_socket = true;
  redis_server server(cfg);
  EXPECT_EQ(server.command({"PING"}), "PONG");
  EXPECT_EQ(server.command({"CONFIG", "GET", "tls-auth-clients"}), "tls-auth-clients\nyes");
  // The Unix socket stays plaintext.
  EXPECT_EQ(raw_client::unix_socket(server.unix_path()).round_trip(ping_request), "+PONG\r\n");
}

TEST(TlsMaterial, CertificatesChainToTheRightCa) {
  const tls_material& certs = shared_tls_material();
  EXPECT_EQ(&certs, &shared_tls_material());
  for (const auto* path : {&certs.ca_cert, &certs.ca_key, &certs.server_cert, &certs.server_key,
                           &certs.client_cert, &certs.client_key, &certs.other_ca_cert}) {
    EXPECT_TRUE(fs::is_regular_file(*path)) << *path;
  }
  const auto verify = [](const std::string& ca, const std::string& cert, const char* purpose) {
    const std::string cmd = std::string("openssl verify -purpose ") + purpose + " -CAfile '" + ca +
                            "' '" + cert + "' >/dev/null 2>&1";
    return std::system(cmd.c_str()) == 0;
  };
  EXPECT_TRUE(verify(certs.ca_cert, certs.server_cert, "sslserver"));
  EXPECT_TRUE(verify(certs.ca_cert, certs.client_cert, "sslclient"));
  EXPECT_FALSE(verify(certs.other_ca_cert, certs.server_cert, "sslserver"));
}

TEST(RedisServer, Ipv6LoopbackServerAnswersPing) {
  if (!ipv6_loopback_available()) GTEST_SKIP() << "no IPv6 loopback";
  server_config cfg;
  cfg.bind = "::1";
  redis_server server(cfg);
  EXPECT_EQ(raw_client::tcp("::1", server.port()).round_trip(ping_request), "+PONG\r\n");
  EXPECT_EQ(server.command({"PING"}), "PONG");
}

TEST(RedisServer, KillThenRestartComesBackOnTheSamePort) {
  server_config cfg;
  cfg.unix_socket = true;
  redis_server server(cfg);
  const auto port = server.port();
  auto client = raw_client::tcp(server.host(), port);
  EXPECT_EQ(client.round_trip(ping_request), "+PONG\r\n");

  const pid_t old_pid = server.pid();
  server.kill();
  EXPECT_FALSE(process_exists(old_pid));
  EXPECT_EQ(server.pid(), -1);
  EXPECT_EQ(client.round_trip(ping_request), "");
  EXPECT_LT(raw_client::tcp(server.host(), port).fd(), 0);

  server.restart();
  EXPECT_EQ(server.port(), port);
  EXPECT_NE(server.pid(), old_pid);
  EXPECT_EQ(raw_client::tcp(server.host(), port).round_trip(ping_request), "+PONG\r\n");
  EXPECT_EQ(raw_client::unix_socket(server.unix_path()).round_trip(ping_request), "+PONG\r\n");
}

TEST(RedisServer, RestartFailsCleanlyWhenThePortWasTaken) {
  redis_server server;
  server.kill();
  sockaddr_in where{};
  where.sin_family = AF_INET;
  where.sin_port = htons(server.port());
  where.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int squatter = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_EQ(::bind(squatter, reinterpret_cast<const sockaddr*>(&where), sizeof(where)), 0);
  ASSERT_EQ(::listen(squatter, 1), 0);
  try {
    server.restart();
    ADD_FAILURE() << "restarted on a taken port";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("Address already in use"), std::string::npos)
        << error.what();
  }
  EXPECT_FALSE(server.running());
  ::close(squatter);
  server.restart();
  EXPECT_EQ(server.command({"PING"}), "PONG");
}

TEST(RedisServer, RestartWhileRunningAndAfterStop) {
  server_config cfg;
  cfg.tls = true;
  redis_server server(cfg);
  const auto port = server.port();
  server.restart();
  EXPECT_EQ(server.command({"PING"}), "PONG");
  server.stop();
  server.stop();
  server.restart();
  EXPECT_EQ(server.port(), port);
  EXPECT_EQ(server.command({"PING"}), "PONG");
}

TEST(RedisServer, PersistenceKeepsDataAcrossStopAndCrash) {
  server_config cfg;
  cfg.persistence = true;
  redis_server server(cfg);
  EXPECT_EQ(server.command({"SET", "k", "v1"}), "OK");
  server.stop();
  server.restart();
  EXPECT_EQ(server.command({"GET", "k"}), "v1");
  EXPECT_EQ(server.command({"SET", "k", "v2"}), "OK");
  server.kill();
  server.restart();
  EXPECT_EQ(server.command({"GET", "k"}), "v2");
}

TEST(RedisServer, WithoutPersistenceDataIsGoneAfterRestart) {
  redis_server server;
  EXPECT_EQ(server.command({"SET", "k", "v"}), "OK");
  server.restart();
  EXPECT_EQ(server.command({"EXISTS", "k"}), "0");
}

TEST(RedisServer, PauseFreezesAndResumeThaws) {
  redis_server server;
  auto client = raw_client::tcp(server.host(), server.port());
  ASSERT_GE(client.fd(), 0);
  server.pause();
  EXPECT_EQ(client.round_trip(ping_request, 200ms), "");
  EXPECT_EQ(errno, EAGAIN);
  server.resume();
  EXPECT_EQ(client.read_line(2s), "+PONG\r\n");  // the PING sent while frozen
  EXPECT_EQ(client.round_trip(ping_request), "+PONG\r\n");
}

TEST(RedisServer, StopWorksOnAPausedServer) {
  auto server = std::make_unique<redis_server>();
  const pid_t pid = server->pid();
  server->pause();
  const auto started = std::chrono::steady_clock::now();
  server->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);  // SIGTERM, not the SIGKILL fallback
  EXPECT_FALSE(process_exists(pid));
}

TEST(RedisServer, DestructorLeavesNoProcessAndNoDir) {
  auto server = std::make_unique<redis_server>();
  const pid_t pid = server->pid();
  const std::string dir = server->dir();
  ASSERT_TRUE(fs::is_directory(dir));
  server.reset();
  EXPECT_EQ(::kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_FALSE(fs::exists(dir));
}

// A client socket must not leak into a later server, or closing it would not disconnect;
// the socket is made inheritable on purpose, as a library might forget SOCK_CLOEXEC.
TEST(RedisServer, ChildDoesNotInheritTestSockets) {
  redis_server first;
  auto client = raw_client::tcp(first.host(), first.port());
  ASSERT_EQ(::fcntl(client.fd(), F_SETFD, 0), 0);
  ASSERT_EQ(client.round_trip("*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$4\r\nleak\r\n"), "+OK\r\n");
  redis_server second;
  client.close();
  std::string list;
  for (int i = 0; i < 200; ++i) {
    list = first.command({"CLIENT", "LIST"});
    if (list.find("name=leak") == std::string::npos) break;
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(list.find("name=leak"), std::string::npos) << list;
}

}  // namespace
}  // namespace rediscache::test
