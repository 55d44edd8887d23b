#include "topology/hash_ring.hpp"

#include <openssl/sha.h>

#include <algorithm>

namespace rediscache::detail {

std::string sha256_hex(std::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(2 * SHA256_DIGEST_LENGTH, '0');
  for (std::size_t i = 0; i < SHA256_DIGEST_LENGTH; ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 0x0f];
  }
  return out;
}

std::string_view shard_hash_tag(std::string_view key) {
  const std::string_view line = key.substr(0, key.find('\n'));
  const auto close = line.rfind('}');
  if (close == std::string_view::npos || close == 0) return key;
  const auto open = line.rfind('{', close - 1);
  if (open == std::string_view::npos) return key;
  return line.substr(open + 1, close - open - 1);
}

hash_ring::hash_ring(const std::vector<std::string>& nodes) {
  points_.reserve(nodes.size() * points_per_node);
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    for (int x = 0; x < points_per_node; ++x) {
      points_.emplace_back(sha256_hex(nodes[n] + ":" + std::to_string(x)), n);
    }
  }
  // Python's dict keeps the last node for a digest that repeats; names are distinct here, so
  // digests are too.
  std::sort(points_.begin(), points_.end());
}

std::size_t hash_ring::node_of(std::string_view key) const {
  const std::string digest = sha256_hex(shard_hash_tag(key));
  auto above = std::upper_bound(points_.begin(), points_.end(), digest,
                                [](const std::string& d, const auto& point) { return d < point.first; });
  if (above == points_.begin()) return points_.back().second;  // index -1 in Python
  return std::prev(above)->second;
}

}  // namespace rediscache::detail
