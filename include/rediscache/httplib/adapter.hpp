#pragma once

/// \file
/// cpp-httplib adapter (the rediscache::httplib component). Include <httplib.h> yourself; this
/// header only names its types, so it does not pull cpp-httplib's OpenSSL headers in.
#include <rediscache/http/response.hpp>

#include <functional>
#include <string>

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace rediscache::httplib_adapter {

/// cpp-httplib's handler type (httplib::Server::Handler).
using server_handler = std::function<void(const ::httplib::Request&, ::httplib::Response&)>;

/// The framework-neutral view of a cpp-httplib request: the raw target split into path and query,
/// every header (Host gives the host), the body and the peer address. scheme is "https" for an
/// httplib::SSLServer.
http::request to_request(const ::httplib::Request& from, const std::string& scheme = "http");

/// Copies status, every header (repeated ones such as Set-Cookie included) and the body.
void to_response(const http::response& from, ::httplib::Response& to);

/// A neutral handler (usually wrapped in middleware) as a cpp-httplib handler:
///   server.Get("/products", httplib_adapter::wrap(cached.wrap(products_page)));
server_handler wrap(http::handler h, std::string scheme = "http");

}  // namespace rediscache::httplib_adapter
