#pragma once

#include <rediscache/http/request.hpp>
#include <rediscache/http/response.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace rediscache::http {

/// Parses an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); nothing for anything else.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text);

/// Whether a 200 response to a GET or HEAD is unchanged for the client (RFC 9110 13.1.2 and
/// 13.1.3): If-None-Match against the ETag (weak comparison), else If-Modified-Since against
/// Last-Modified.
bool not_modified(const request& req, const response& resp);

/// The 304 for resp: no body, and only the headers RFC 9110 15.4.5 keeps.
response not_modified_response(const response& resp);

}  // namespace rediscache::http
