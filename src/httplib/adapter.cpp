#include <rediscache/httplib/adapter.hpp>

#include <httplib.h>

namespace rediscache::httplib_adapter {

http::request to_request(const ::httplib::Request& from, const std::string& scheme) {
  http::request to;
  to.method = from.method;
  to.scheme = scheme;
  const std::string& target = from.target.empty() ? from.path : from.target;
  std::size_t question = target.find('?');
  to.path = target.substr(0, question);
  if (question != std::string::npos) to.query = target.substr(question + 1);
  for (const auto& [name, value] : from.headers) {
    // cpp-httplib adds these for its own bookkeeping; they never came from the client.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    to.headers.add(name, value);
  }
  to.host = to.headers.get("Host").value_or("");
  to.client_address = from.remote_addr;
  to.body = from.body;
  return to;
}

void to_response(const http::response& from, ::httplib::Response& to) {
  to.status = from.status;
  for (const auto& [name, value] : from.headers.fields()) to.headers.emplace(name, value);
  to.body = from.body;
}

server_handler wrap(http::handler h, std::string scheme) {
  return [h = std::move(h), scheme = std::move(scheme)](const ::httplib::Request& req,
                                                        ::httplib::Response& res) {
    http::request neutral = to_request(req, scheme);
    to_response(h(neutral), res);
  };
}

}  // namespace rediscache::httplib_adapter
