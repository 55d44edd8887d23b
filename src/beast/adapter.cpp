#include <rediscache/beast/adapter.hpp>

#include <rediscache/log.hpp>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <spdlog/logger.h>

namespace rediscache::beast_adapter {

namespace bhttp = boost::beast::http;

http::request to_request(const beast_request& from, std::string client_address,
                         std::string scheme) {
  http::request to;
  to.method = std::string(from.method_string());
  to.scheme = std::move(scheme);
  std::string target(from.target());
  std::size_t question = target.find('?');
  to.path = target.substr(0, question);
  if (question != std::string::npos) to.query = target.substr(question + 1);
  for (const auto& field : from) {
    to.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  to.host = to.headers.get("Host").value_or("");
  to.client_address = std::move(client_address);
  to.body = from.body();
  return to;
}

beast_response to_response(const http::response& from, const beast_request& req) {
  beast_response to;
  to.version(req.version());
  to.result(static_cast<unsigned>(from.status));
  for (const auto& [name, value] : from.headers.fields()) to.insert(name, value);
  to.keep_alive(req.keep_alive());
  if (from.status == 304 || from.status == 204) return to;
  to.content_length(from.body.size());
  if (req.method() != bhttp::verb::head) to.body() = from.body;
  return to;
}

void serve_connection(boost::asio::ip::tcp::socket& socket, const http::handler& h,
                      const std::string& scheme) {
  boost::beast::error_code ec;
  std::string peer = socket.remote_endpoint(ec).address().to_string();
  boost::beast::flat_buffer buffer;
  for (;;) {
    beast_request req;
    bhttp::read(socket, buffer, req, ec);
    if (ec) break;
    http::response answer;
    try {
      http::request neutral = to_request(req, peer, scheme);
      answer = h(neutral);
    } catch (const std::exception& e) {
      get_logger()->error("beast adapter: the handler failed: {}", e.what());
      answer = http::response::text(500, "Internal server error\n");
    }
    beast_response res = to_response(answer, req);
    bhttp::write(socket, res, ec);
    if (ec || !res.keep_alive()) break;
  }
  socket.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace rediscache::beast_adapter
