#pragma once

// The request/response cases every server adapter passes, over real HTTP with cpp-httplib's
// client. An adapter's test file provides a server_factory and instantiates the suite.
#include <rediscache/http/response.hpp>

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

namespace rediscache::test {

// A server listening on a free loopback port until destroyed.
class running_server {
 public:
  virtual ~running_server() = default;
  virtual int port() const = 0;
};

using server_factory = std::function<std::unique_ptr<running_server>(http::handler)>;

struct adapter {
  std::string name;
  server_factory start;
};

inline std::string adapter_name(const ::testing::TestParamInfo<adapter>& info) {
  return info.param.name;
}

class AdapterCases : public ::testing::TestWithParam<adapter> {};

}  // namespace rediscache::test
