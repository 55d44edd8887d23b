// The shared cases on a Boost.Beast server: a thread per connection running serve_connection().
#include "http/adapter_cases.hpp"

#include <rediscache/beast/adapter.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

namespace rediscache::test {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class beast_server final : public running_server {
 public:
  explicit beast_server(http::handler h)
      : handler_(std::move(h)), acceptor_(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    accepting_ = std::thread([this] { accept_loop(); });
  }
  ~beast_server() override {
    stopping_ = true;
    boost::system::error_code ec;
    tcp::socket poke(io_);
    poke.connect(acceptor_.local_endpoint(), ec);  // wakes the blocking accept()
    accepting_.join();
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& t : connections_) t.join();
  }
  int port() const override { return acceptor_.local_endpoint().port(); }

 private:
  void accept_loop() {
    for (;;) {
      tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (stopping_ || ec) return;
      std::lock_guard<std::mutex> lock(mutex_);
      connections_.emplace_back([this, s = std::move(socket)]() mutable {
        beast_adapter::serve_connection(s, handler_);
      });
    }
  }

  http::handler handler_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::thread accepting_;
  std::mutex mutex_;
  std::vector<std::thread> connections_;
};

INSTANTIATE_TEST_SUITE_P(Beast, AdapterCases,
                         ::testing::Values(adapter{
                             "beast",
                             [](http::handler h) -> std::unique_ptr<running_server> {
                               return std::make_unique<beast_server>(std::move(h));
                             }}),
                         adapter_name);

}  // namespace
}  // namespace rediscache::test
