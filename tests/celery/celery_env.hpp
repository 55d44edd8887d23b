#pragma once

#include "celery/python_process.hpp"
#include "examples/run_example.hpp"
#include "support/redis_server.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace rediscache::test {

// One redis-server and at most one Python Celery worker for the whole test binary, which ctest
// runs as one test for that reason. Made on first use on the main thread, stopped by PID at exit.
class celery_env : public ::testing::Environment {
 public:
  static redis_server& server();
  static std::string url();
  // Starts `celery worker` (solo pool, no heartbeat, gossip or mingle) on queues "celery" and
  // "cppq" with tests/celery/python/tasks.py; idempotent.
  static python_process& python_worker();
  static bool python_celery_available();
  // Runs tests/celery/python/<script> with url() first and then `args`.
  static run_result python(const std::string& script, const std::string& args);
  // A fresh database number's worth of isolation is not needed: tests use their own queues and
  // task ids; this empties the server between tests that count keys.
  static void flush();

  void TearDown() override;
};

}  // namespace rediscache::test
