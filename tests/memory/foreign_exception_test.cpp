// An exception that is not a rediscache::error (here std::bad_alloc, injected by this executable's
// operator new) thrown while a reply is read must break the connection: the rest of that reply is
// still on the wire, and the next call on the connection would get it as its own.
#include "integration/scripted_peer.hpp"
#include "memory/allocation_control.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <new>
#include <optional>
#include <string>
#include <thread>

using namespace rediscache;
using namespace std::chrono_literals;
using rediscache::test::failing_allocations;
using rediscache::test::redis_server;
using rediscache::test::scripted_peer;

namespace {

constexpr std::size_t big_size = 4 * 1024 * 1024;
// Fails the copy of a big value into its reply, not the 16 KiB reads or the small values.
constexpr std::size_t fail_above = 1024 * 1024;

connection_options options_of(const redis_server& server) {
  connection_options o;
  o.port = server.port();
  o.socket_timeout = 2s;
  return o;
}

// The text itself when short; a big value as its start and size, so a failure stays readable.
std::string brief(const std::string& text) {
  if (text.size() <= 40) return text;
  return text.substr(0, 20) + "... (" + std::to_string(text.size()) + " bytes)";
}

// One connection only, so a connection that went back to the pool is the one the next call gets.
pool_options single_connection() {
  pool_options p;
  p.max_connections = 1;
  p.pool_timeout = 500ms;
  return p;
}

TEST(ForeignException, PooledExecutorNextCallGetsItsOwnReply) {
  redis_server server;
  pooled_executor exec(options_of(server), single_connection());
  exec.run(command{"SET", "big", std::string(big_size, 'b')});
  exec.run(command{"SET", "small", "small value"});
  {
    failing_allocations failing(fail_above);
    EXPECT_THROW(exec.run(command{"GET", "big"}), std::bad_alloc);
    EXPECT_EQ(failing.failed(), 1);
  }
  EXPECT_EQ(brief(exec.run(command{"GET", "small"}).str()), "small value");
  EXPECT_EQ(exec.run(command{"GET", "big"}).str().size(), big_size);
  EXPECT_EQ(exec.pool().stats().closed, 1u);
}

TEST(ForeignException, PipelineNextCallGetsItsOwnReply) {
  redis_server server;
  pooled_executor exec(options_of(server), single_connection());
  exec.run(command{"SET", "big", std::string(big_size, 'b')});
  {
    failing_allocations failing(fail_above);
    EXPECT_THROW(
        exec.run_batch({command{"ECHO", "first"}, command{"GET", "big"}, command{"ECHO", "third"}}),
        std::bad_alloc);
  }
  EXPECT_EQ(brief(exec.run(command{"ECHO", "mine"}).str()), "mine");
}

TEST(ForeignException, CacheNextCallGetsItsOwnValue) {
  redis_server server;
  auto exec = std::make_shared<pooled_executor>(options_of(server), single_connection());
  cache c(std::make_shared<redis_backend>(exec));
  c.set("big", std::string(big_size, 'b'));
  c.set("small", std::string("small value"));
  {
    failing_allocations failing(fail_above);
    EXPECT_THROW(c.get<std::string>("big"), std::bad_alloc);
  }
  EXPECT_EQ(brief(c.get<std::string>("small").value_or("(miss)")), "small value");
  EXPECT_EQ(c.get<std::string>("big")->size(), big_size);
}

TEST(ForeignException, ReceiveBreaksTheConnection) {
  redis_server server;
  auto c = connection::open(options_of(server));
  c.execute(command{"SET", "big", std::string(big_size, 'b')});
  c.send(command{"GET", "big"});
  {
    failing_allocations failing(fail_above);
    EXPECT_THROW(c.receive(2s), std::bad_alloc);
  }
  EXPECT_TRUE(c.broken());
  EXPECT_THROW(c.execute(command{"PING"}), closed_error);
}

// A command whose encoding fails half way ("*3\r\n" is written before the big argument) must
// leave nothing behind for the next command.
TEST(ForeignException, FailedEncodingSendsNothing) {
  redis_server server;
  auto c = connection::open(options_of(server));
  command big{"SET", "k", std::string(big_size, 'v')};
  {
    failing_allocations failing(fail_above);
    EXPECT_THROW(c.execute(big), std::bad_alloc);
  }
  EXPECT_EQ(brief(c.execute(command{"ECHO", "next"}).str()), "next");
  EXPECT_EQ(server.command({"EXISTS", "k"}), "0");
}

// The pool's health check reads a reply too; a failure there must not cost the pool a slot.
TEST(ForeignException, FailedHealthCheckFreesItsPoolSlot) {
  std::string big_reply =
      "$" + std::to_string(big_size) + "\r\n" + std::string(big_size, 'x') + "\r\n";
  scripted_peer peer(big_reply, scripted_peer::after_reply::keep_open);
  connection_options o;
  o.port = peer.port();
  pool_options p = single_connection();
  p.health_check_interval = 1ms;
  connection_pool pool(o, p);
  pool.acquire()->execute(command{"GET", "k"});
  std::this_thread::sleep_for(10ms);
  {
    failing_allocations failing(fail_above);
    EXPECT_THROW(pool.acquire(), std::bad_alloc);  // the PING of the health check
  }
  EXPECT_EQ(pool.stats().in_use, 0u);
  EXPECT_EQ(pool.acquire()->execute(command{"GET", "k"}).str().size(), big_size);
}

// A lease coming back when there is no memory to keep it idle closes the connection instead.
TEST(ForeignException, ReturningALeaseWithoutMemoryClosesTheConnection) {
  redis_server server;
  connection_pool pool(options_of(server), single_connection());
  std::optional<connection_pool::lease> lease(pool.acquire());
  (*lease)->execute(command{"PING"});
  {
    failing_allocations failing(0, 1);
    lease.reset();
    EXPECT_EQ(failing.failed(), 1);
  }
  auto stats = pool.stats();
  EXPECT_EQ(stats.in_use, 0u);
  EXPECT_EQ(stats.idle, 0u);
  EXPECT_EQ(stats.closed, 1u);
  EXPECT_EQ(pool.acquire()->execute(command{"PING"}).str(), "PONG");
}

}  // namespace
