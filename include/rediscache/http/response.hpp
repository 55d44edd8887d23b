#pragma once

#include <rediscache/http/headers.hpp>
#include <rediscache/http/request.hpp>

#include <functional>
#include <string>

namespace rediscache::http {

/// What a handler returns, framework-neutral; an adapter writes it out.
struct response {
  int status = 200;     ///< the HTTP status code
  header_list headers;  ///< every header field, repeats kept
  std::string body;     ///< the body bytes

  /// A response with this status and body, and Content-Type content_type.
  static response text(int status, std::string body,
                       std::string content_type = "text/plain; charset=utf-8");
};

/// A view, or a view wrapped in middleware: every middleware takes the next handler and returns one.
using handler = std::function<response(request&)>;

/// Adds names to the response's Vary header, keeping those already there (Django's
/// patch_vary_headers); "*" absorbs everything.
void patch_vary(response& r, std::initializer_list<std::string_view> names);

}  // namespace rediscache::http
