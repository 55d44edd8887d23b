#pragma once

#include "topology/replication_group.hpp"

#include <memory>
#include <string>
#include <vector>

namespace rediscache::test {

// A primary, two replicas and three redis-sentinel processes monitoring them as "mymaster" with
// quorum 2, a 500 ms down-after and short failover timeouts, so a failover takes about a second.
class sentinel_group {
 public:
  static constexpr const char* service = "mymaster";

  sentinel_group();

  replication_group& data() { return *data_; }
  redis_server& sentinel(std::size_t i) { return *sentinels_.at(i); }
  // "127.0.0.1:port" of each sentinel.
  std::vector<std::string> addresses() const;
  // "host,host,host" for a redis+sentinel:// URL.
  std::string url_hosts() const;

  // What sentinel i names as the primary ("127.0.0.1:port").
  std::string primary_address(std::size_t i = 0) const;
  // The data server listening at "127.0.0.1:port"; nullptr for none.
  redis_server* server_at(const std::string& address);
  // Waits (up to `seconds`) until every running sentinel names the same primary, sees `replicas`
  // replicas and the other sentinels, and the primary has them connected.
  void wait_stable(std::size_t replicas = 2, int seconds = 20);

 private:
  std::unique_ptr<replication_group> data_;
  std::vector<std::unique_ptr<redis_server>> sentinels_;
};

}  // namespace rediscache::test
