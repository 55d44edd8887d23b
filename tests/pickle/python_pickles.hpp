#pragma once

// Runs tests/pickle/python/pickle_helper.py: pickles made by the real pickle module, and the
// real pickle module's verdict on pickles made here.

#include "examples/run_example.hpp"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace rediscache::test {

inline bool have_python3() { return std::system("/usr/bin/python3 -c '' >/dev/null 2>&1") == 0; }

// Runs "/usr/bin/python3 <PICKLE_PYTHON_DIR>/<script_and_args> FILE", FILE holding input as
// JSON, and parses what it prints; on failure, {"failed": its output} for the test to print.
inline nlohmann::json run_python(const std::string& script_and_args, const nlohmann::json& input) {
  char path[] = "/tmp/rediscache_pickle_XXXXXX";
  const int fd = ::mkstemp(path);
  if (fd < 0) return nullptr;
  ::close(fd);
  std::ofstream(path) << input.dump();
  const auto r = run(std::string("/usr/bin/python3 ") + PICKLE_PYTHON_DIR + "/" + script_and_args +
                     " " + path);
  std::remove(path);
  if (r.status == 0) {
    try {
      return nlohmann::json::parse(r.output);
    } catch (const nlohmann::json::exception&) {
    }
  }
  return {{"failed", r.output}};
}

inline nlohmann::json run_pickle_helper(const char* action, const nlohmann::json& input) {
  return run_python(std::string("pickle_helper.py ") + action, input);
}

inline std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += digits[static_cast<unsigned char>(c) >> 4];
    out += digits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

inline std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  }
  return out;
}

}  // namespace rediscache::test
