#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "support/tls_material.hpp"

namespace rediscache::test {

// How to configure one redis-server started by a test.
struct server_config {
  bool tcp = true;                        // listen on a free loopback TCP port
  bool unix_socket = false;               // also listen on <dir>/redis.sock (unixsocketperm 700)
  bool tls = false;                       // the TCP port speaks TLS only; needs tcp
  bool tls_auth_clients = false;          // mutual TLS: clients must present a cert of the test CA
  std::string requirepass;                // password of the default user; empty: none
  std::vector<std::string> acl_users;     // ACL rules, e.g. "alice on >secret ~* &* +@all"
  bool persistence = false;               // off: save "" and appendonly no; on: RDB defaults + AOF
  std::vector<std::string> extra_config;  // extra redis.conf lines, written last so they win
  std::string bind = "127.0.0.1";         // a numeric loopback address, or "::1" for IPv6 tests
  bool sentinel = false;                  // run as Redis Sentinel (extra_config: sentinel monitor ...)
};

// A real redis-server child process in its own temp dir, stopped by PID when destroyed.
//
// DEBUG is enabled for local connections (DEBUG SLEEP makes a slow server). The child gets
// PR_SET_PDEATHSIG, which Linux ties to the creating *thread*: construct servers on a thread
// that outlives them (the test's main thread). Not thread-safe; command() may run concurrently.
class redis_server {
 public:
  // Starts the server; throws std::runtime_error with the log tail if it is not ready in 10 s,
  // std::invalid_argument for a config with nothing to listen on or TLS without TCP.
  explicit redis_server(server_config cfg = {});
  ~redis_server();
  redis_server(const redis_server&) = delete;
  redis_server& operator=(const redis_server&) = delete;

  std::uint16_t port() const { return port_; }  // TLS-only when tls; 0 without TCP
  const std::string& host() const { return config_.bind; }
  std::string unix_path() const;                   // empty without a Unix socket
  pid_t pid() const { return pid_; }               // -1 after stop() or kill()
  bool running() const { return pid_ > 0; }        // false after stop() or kill()
  const std::string& dir() const { return dir_; }  // redis.conf, redis.log, data files
  const tls_material& tls() const;                 // shared_tls_material(), for TLS clients

  void stop();     // SIGTERM (SIGKILL after 3 s) and reap; idempotent
  void kill();     // SIGKILL and reap, as in a crash; idempotent
  void restart();  // stops if running, then starts on the same port, socket path and certs
  void pause();    // SIGSTOP: the server keeps its connections but answers nothing
  void resume();   // SIGCONT

  // Runs redis-cli against this server (TCP if enabled, else the Unix socket; -a requirepass;
  // TLS flags with the test CA and client cert) and returns its stdout, trimmed. Error replies
  // come back as text ("ERR ..."); a failure to connect, or no answer within 10 s, throws
  // std::runtime_error.
  std::string command(const std::vector<std::string>& args) const;

 private:
  void write_config() const;
  void start(bool may_change_port);
  bool try_start(std::string& failure);
  bool ready() const;
  std::string log_tail() const;
  std::string config_path() const { return dir_ + "/redis.conf"; }
  std::string log_path() const { return dir_ + "/redis.log"; }

  server_config config_;
  std::string dir_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
  bool paused_ = false;
  std::uintmax_t log_offset_ = 0;  // where this run's log starts; earlier runs are above it
};

}  // namespace rediscache::test
