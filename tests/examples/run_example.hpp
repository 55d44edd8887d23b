#pragma once

#include "support/redis_server.hpp"

#include <cstdio>
#include <string>

namespace rediscache::test {

struct run_result {
  int status;
  std::string output;  // stdout and stderr together
};

// Runs a command line as a user at a shell would, capturing its output.
inline run_result run(const std::string& command_line) {
  run_result result{-1, {}};
  FILE* pipe = ::popen((command_line + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  result.status = ::pclose(pipe);
  return result;
}

inline std::string url_of(const redis_server& server, int db = 0) {
  return "redis://127.0.0.1:" + std::to_string(server.port()) + "/" + std::to_string(db);
}

}  // namespace rediscache::test
