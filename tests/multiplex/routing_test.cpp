// What cannot share the connection goes to the internal pool: blocking pops wait there without
// holding up other callers, transactions and WATCH keep their connection state.
#include "multiplex/multiplex_fixture.hpp"

#include <rediscache/connection.hpp>
#include <rediscache/error.hpp>

#include <chrono>
#include <string>
#include <thread>

namespace rediscache::test {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

TEST(MultiplexRouting, SharesOnlyCommandsThatHoldNoConnectionState) {
  EXPECT_TRUE(multiplexed_executor::shares_connection(command{"GET", "k"}));
  EXPECT_TRUE(multiplexed_executor::shares_connection(command{"SET", "k", "v"}));
  EXPECT_TRUE(multiplexed_executor::shares_connection(command{"XREAD", "COUNT", "1", "STREAMS", "s", "0"}));
  EXPECT_FALSE(multiplexed_executor::shares_connection(command{"XREAD", "BLOCK", "10", "STREAMS", "s", "$"}));
  EXPECT_FALSE(multiplexed_executor::shares_connection(
      command{"XREADGROUP", "GROUP", "g", "c", "block", "10", "STREAMS", "s", ">"}));
  EXPECT_FALSE(multiplexed_executor::shares_connection(command{"BLPOP", "q", "1"}));
  EXPECT_FALSE(multiplexed_executor::shares_connection(command{"WATCH", "k"}));
  EXPECT_FALSE(multiplexed_executor::shares_connection(command{"MULTI"}));
  EXPECT_FALSE(multiplexed_executor::shares_connection(command{"SELECT", "1"}));
  EXPECT_FALSE(multiplexed_executor::shares_connection(command{"SUBSCRIBE", "ch"}));
  EXPECT_FALSE(multiplexed_executor::shares_connection(command{"CLIENT", "REPLY", "OFF"}));
  EXPECT_FALSE(multiplexed_executor::shares_connection(command{"NOSUCHMODULE.CMD", "x"}));
  EXPECT_FALSE(multiplexed_executor::shares_connection(
      command{"GET", "k"}.blocks_for(std::chrono::milliseconds(10))));
}

class MultiplexRoutingOnServer : public multiplex_test {};

TEST_F(MultiplexRoutingOnServer, BlockingPopWaitsOnThePoolWhileOthersGoOn) {
  std::thread popper([&] {
    auto r = exec_->run(command{"BLPOP", "queue", "1"}.blocks_for(1000ms));
    EXPECT_TRUE(r.is_array());
    if (r.is_array()) {
      EXPECT_EQ(r.elements().at(1).str(), "item");
    }
  });
  std::this_thread::sleep_for(50ms);
  // The shared connection is not held by the pop: these answer at once.
  auto start = clock::now();
  for (int i = 0; i < 10; ++i) EXPECT_EQ(exec_->run(command{"ECHO", "x"}).str(), "x");
  EXPECT_LT(clock::now() - start, 500ms);
  exec_->run(command{"RPUSH", "queue", "item"});
  popper.join();
  EXPECT_GE(exec_->pool().pool().stats().created, 1u);
}

TEST_F(MultiplexRoutingOnServer, TransactionsRunOnThePool) {
  auto done = exec_->run_transaction({command{"SET", "t", "1"}, command{"INCR", "t"}});
  ASSERT_EQ(done.status, transaction_result::outcome::committed);
  EXPECT_EQ(done.replies.at(1).integer(), 2);
  EXPECT_EQ(exec_->run(command{"GET", "t"}).str(), "2");
}

TEST_F(MultiplexRoutingOnServer, WatchOnAReservedConnectionSeesAConflict) {
  exec_->run(command{"SET", "w", "0"});
  reply exec_reply;
  exec_->with_connection("w", [&](connection& c) {
    c.execute(command{"WATCH", "w"});
    exec_->run(command{"SET", "w", "changed"});  // another client, on the shared connection
    c.execute(command{"MULTI"});
    c.execute(command{"SET", "w", "mine"});
    exec_reply = c.execute(command{"EXEC"});
  });
  EXPECT_TRUE(exec_reply.is_nil());
  EXPECT_EQ(exec_->run(command{"GET", "w"}).str(), "changed");
}

TEST_F(MultiplexRoutingOnServer, SelectDoesNotChangeTheSharedConnectionsDatabase) {
  exec_->run(command{"SET", "db0", "here"});
  exec_->run(command{"SELECT", "1"});  // on a pooled connection, never the shared one
  EXPECT_EQ(exec_->run(command{"GET", "db0"}).str(), "here");
}

TEST_F(MultiplexRoutingOnServer, HandshakeSelectsTheConfiguredDatabase) {
  connection_options o = short_timeouts();
  o.db = 3;
  o.client_name = "mux-test";
  multiplexed_executor exec(o);
  exec.run(command{"SET", "in3", "yes"});
  EXPECT_EQ(server_->command({"-n", "3", "GET", "in3"}), "yes");
  EXPECT_EQ(exec.run(command{"CLIENT", "GETNAME"}).str(), "mux-test");
}

TEST_F(MultiplexRoutingOnServer, ClosedExecutorThrowsClosedError) {
  exec_->close();
  EXPECT_THROW(exec_->run(command{"GET", "k"}), closed_error);
}

TEST_F(MultiplexRoutingOnServer, SeveralConnectionsShareTheLoad) {
  multiplex_options m;
  m.connections = 3;
  auto exec = make_executor(m);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(exec->run(command{"ECHO", std::to_string(i)}).str(), std::to_string(i));
  auto clients = exec->run(command{"CLIENT", "LIST"}).str();
  std::size_t lines = 0;
  for (char ch : clients) lines += ch == '\n';
  EXPECT_GE(lines, 4u);  // three shared connections and the test's own
}

}  // namespace
}  // namespace rediscache::test
