#pragma once

#include <rediscache/http/request.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace rediscache::http {

/// One trusted proxy network: "10.0.0.0/8", "2001:db8::/32", or one address ("127.0.0.1").
class ip_network {
 public:
  /// Throws config_error for anything that is not a numeric IPv4/IPv6 address with an optional
  /// prefix length in range.
  explicit ip_network(std::string_view text);
  /// Whether the numeric address lies in this network.
  bool contains(std::string_view address) const;

 private:
  std::array<unsigned char, 16> bytes_{};
  bool v6_ = false;
  int prefix_ = 0;
};

/// The visitor's address. The peer address is the answer unless the peer is a trusted proxy; then
/// the hops in Forwarded (RFC 7239 for=), or else X-Forwarded-For, are read from the nearest one
/// backwards and the first hop that is not a trusted proxy is the client. Without trusted proxies
/// these headers are ignored, since any client can send them.
std::string client_address(const request& req, const std::vector<ip_network>& trusted_proxies);

}  // namespace rediscache::http
