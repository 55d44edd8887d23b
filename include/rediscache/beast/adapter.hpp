#pragma once

/// \file
/// Boost.Beast adapter (the rediscache::beast component). Beast has no server of its own, so
/// besides the request/response mapping this offers serve_connection(), a blocking HTTP/1.1
/// keep-alive loop for one accepted socket, to run on a thread per connection.
#include <rediscache/http/response.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <string>

namespace rediscache::beast_adapter {

///@{
/// The Beast request and response types the adapter reads and writes.
using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
using beast_response = boost::beast::http::response<boost::beast::http::string_body>;
///@}

/// The neutral view of a Beast request: the target split into path and query, every header (Host
/// gives the host), the body, and the peer address the caller knows from its socket.
http::request to_request(const beast_request& from, std::string client_address,
                         std::string scheme = "http");

/// A Beast response for req: status, every header (repeats kept), the body and its length, the
/// request's HTTP version and keep-alive; no body bytes for HEAD.
beast_response to_response(const http::response& from, const beast_request& req);

/// Serves requests on socket with h until the client closes, asks to close, or sends something
/// that is not HTTP. Errors of the connection end it quietly; exceptions from h answer 500.
void serve_connection(boost::asio::ip::tcp::socket& socket, const http::handler& h,
                      const std::string& scheme = "http");

}  // namespace rediscache::beast_adapter
