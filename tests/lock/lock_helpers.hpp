#pragma once

#include "test_target.hpp"

#include <rediscache/connection_options.hpp>
#include <rediscache/error.hpp>
#include <rediscache/lock/distributed_lock.hpp>
#include <rediscache/pooled_executor.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <typeinfo>

namespace rediscache::test {

inline std::chrono::milliseconds since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

inline bool is_hex_token(const std::string& s) {
  if (s.size() != 32) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

inline lock_options with_timeout(std::chrono::milliseconds ttl) {
  lock_options o;
  o.timeout = ttl;
  return o;
}

// One server per test (or the emptied cluster: see test_target.hpp), an executor on it, and a
// key of the test's own.
class LockTest : public ::testing::Test {
 protected:
  // On a cluster the key is a hash tag, so that the lock's key, fence counter and release
  // channel share its slot (fencing refuses keys in two slots).
  std::string key() const {
    const std::string name =
        std::string("lock:") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    return on_cluster() ? "{" + name + "}" : name;
  }
  distributed_lock make(lock_options o = {}) {
    return distributed_lock(redis, key(), std::move(o));
  }
  long long pttl() { return std::stoll(server.command({"PTTL", key()})); }

  target_server server;
  std::shared_ptr<executor> commands = server.make_executor();
  executor& redis = *commands;
};

// Runs body and expects it to throw exactly E (not a subclass) with this message.
template <class E, class Body>
void expect_lock_error(Body&& body, const std::string& message, const std::string& lock_name) {
  try {
    body();
    ADD_FAILURE() << "expected an exception: " << message;
  } catch (const E& e) {
    EXPECT_EQ(typeid(e), typeid(E)) << e.what();
    EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    EXPECT_EQ(e.lock_name(), lock_name);
  }
}

}  // namespace rediscache::test
