#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rediscache::detail {

// django-redis' ShardClient placement (django_redis/hash_ring.py and client/sharded.py), so that
// C++ and Django find a key on the same server: each node name (its LOCATION string) is put on a
// ring at the hex SHA-256 of "<name>:<x>" for x in 0..127; a key is reduced to its hash tag, hashed
// the same way, and belongs to the ring point before the first one above it (bisect_right - 1),
// the last point when it is below them all.
class hash_ring {
 public:
  static constexpr int points_per_node = 128;

  explicit hash_ring(const std::vector<std::string>& nodes);

  // The index (into the names given) of the node holding the (already made) key.
  std::size_t node_of(std::string_view key) const;

 private:
  std::vector<std::pair<std::string, std::size_t>> points_;  // sorted by hex digest
};

// What django-redis hashes for a key: with the regex `.*\{(.*)\}.*` (Python's re.match, where '.'
// stops at a newline), the text between the last '{' and the last '}' after it on the key's first
// line; the whole key when the first line has no such pair. Unlike Redis Cluster's hash tags, the
// LAST {...} counts, and an empty {} is a tag.
std::string_view shard_hash_tag(std::string_view key);

// Lower-case hex SHA-256.
std::string sha256_hex(std::string_view text);

}  // namespace rediscache::detail
