#pragma once

#include "celery/python_process.hpp"
#include "examples/run_example.hpp"
#include "support/redis_server.hpp"

#include <gtest/gtest.h>

#include <string>

namespace rediscache::test {

// Two redis-servers for the whole binary (a two-host layer needs both), made on first use on the
// main thread and stopped by PID at exit.
class channels_env : public ::testing::Environment {
 public:
  static redis_server& server(int i = 0);
  static std::string url(int i = 0);
  static bool python_channels_available();
  // Runs tests/channels/python/layer.py <mode> <hosts> <args>.
  static run_result python(const std::string& mode, const std::string& hosts,
                           const std::string& args);
  static std::vector<std::string> python_command(const std::string& mode, const std::string& hosts,
                                                 const std::vector<std::string>& args);

  void TearDown() override;
};

}  // namespace rediscache::test
