#include <rediscache/http/client_address.hpp>

#include <rediscache/error.hpp>

#include <arpa/inet.h>

#include <cstring>
#include <optional>

namespace rediscache::http {
namespace {

struct parsed_ip {
  std::array<unsigned char, 16> bytes{};
  bool v6 = false;
};

std::optional<parsed_ip> parse_ip(std::string_view text) {
  std::string s(text);
  parsed_ip ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) return ip;
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
    ip.v6 = true;
    return ip;
  }
  return std::nullopt;
}

// A Forwarded for= or X-Forwarded-For hop as a bare address: quotes, brackets and ports removed.
std::string bare_address(std::string_view hop) {
  if (hop.size() >= 2 && hop.front() == '"' && hop.back() == '"') {
    hop = hop.substr(1, hop.size() - 2);
  }
  if (!hop.empty() && hop.front() == '[') {
    std::size_t close = hop.find(']');
    return std::string(hop.substr(1, close == std::string_view::npos ? hop.npos : close - 1));
  }
  std::size_t colon = hop.find(':');
  if (colon != std::string_view::npos && hop.find(':', colon + 1) == std::string_view::npos) {
    hop = hop.substr(0, colon);  // IPv4 with a port; a bare IPv6 address has several colons
  }
  return std::string(hop);
}

std::vector<std::string> forwarded_hops(const request& req) {
  std::vector<std::string> hops;
  std::string forwarded = req.headers.joined("Forwarded");
  if (!forwarded.empty()) {
    for (const auto& element : split_list(forwarded)) {
      std::string_view rest = element;
      while (!rest.empty()) {
        std::size_t semi = rest.find(';');
        std::string_view pair = rest.substr(0, semi);
        rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        if (pair.size() > 4 && iequals(pair.substr(0, 4), "for=")) {
          hops.push_back(bare_address(pair.substr(4)));
        }
      }
    }
    return hops;
  }
  for (const auto& hop : split_list(req.headers.joined("X-Forwarded-For"))) {
    hops.push_back(bare_address(hop));
  }
  return hops;
}

bool trusted(std::string_view address, const std::vector<ip_network>& proxies) {
  for (const auto& net : proxies) {
    if (net.contains(address)) return true;
  }
  return false;
}

}  // namespace

ip_network::ip_network(std::string_view text) {
  std::size_t slash = text.find('/');
  auto ip = parse_ip(text.substr(0, slash));
  if (!ip) throw config_error("trusted proxy '" + std::string(text) + "' is not an IP address");
  bytes_ = ip->bytes;
  v6_ = ip->v6;
  int bits = v6_ ? 128 : 32;
  prefix_ = bits;
  if (slash != std::string_view::npos) {
    std::string_view len = text.substr(slash + 1);
    if (len.empty() || len.size() > 3 || len.find_first_not_of("0123456789") != len.npos ||
        std::stoi(std::string(len)) > bits) {
      throw config_error("trusted proxy '" + std::string(text) + "' has a bad prefix length");
    }
    prefix_ = std::stoi(std::string(len));
  }
}

bool ip_network::contains(std::string_view address) const {
  auto ip = parse_ip(address);
  if (!ip || ip->v6 != v6_) return false;
  int whole = prefix_ / 8;
  if (std::memcmp(ip->bytes.data(), bytes_.data(), static_cast<std::size_t>(whole)) != 0) {
    return false;
  }
  int rest = prefix_ % 8;
  if (rest == 0) return true;
  auto mask = static_cast<unsigned char>(0xff << (8 - rest));
  return (ip->bytes[static_cast<std::size_t>(whole)] & mask) ==
         (bytes_[static_cast<std::size_t>(whole)] & mask);
}

std::string client_address(const request& req, const std::vector<ip_network>& trusted_proxies) {
  if (!trusted(req.client_address, trusted_proxies)) return req.client_address;
  std::vector<std::string> hops = forwarded_hops(req);
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    if (!trusted(*hop, trusted_proxies)) return *hop;
  }
  return hops.empty() ? req.client_address : hops.front();
}

}  // namespace rediscache::http
