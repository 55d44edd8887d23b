// The shared cases on cpp-httplib's server.
#include "http/adapter_cases.hpp"

#include <rediscache/httplib/adapter.hpp>

#include <httplib.h>

#include <thread>

namespace rediscache::test {
namespace {

class httplib_server final : public running_server {
 public:
  explicit httplib_server(http::handler h) {
    auto wrapped = httplib_adapter::wrap(std::move(h));
    server_.Get(".*", wrapped);
    server_.Post(".*", wrapped);
    port_ = server_.bind_to_any_port("127.0.0.1");
    if (port_ <= 0) throw std::runtime_error("cpp-httplib could not bind a loopback port");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // stop() before the accept loop runs would be lost, and the join below would hang.
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~httplib_server() override {
    server_.stop();
    thread_.join();
  }
  int port() const override { return port_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

INSTANTIATE_TEST_SUITE_P(Httplib, AdapterCases,
                         ::testing::Values(adapter{"httplib",
                                                   [](http::handler h) -> std::unique_ptr<running_server> {
                                                     return std::make_unique<httplib_server>(std::move(h));
                                                   }}),
                         adapter_name);

}  // namespace
}  // namespace rediscache::test
