#pragma once

#include <rediscache/topology.hpp>
#include <rediscache/url.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace rediscache::detail {

// redis+sentinel://, rediss+sentinel://, redis+cluster:// or rediss+cluster:// (any case).
bool is_topology_url(std::string_view url);

// Parses
//   redis+sentinel://[[user][:password]@]host[:port][,host[:port]...]/service_name[/db][?options]
//   redis+cluster://[[user][:password]@]host[:port][,host[:port]...][/][?options]
// (rediss+... for TLS, to the sentinels too). The hosts are the sentinels (default port 26379)
// or the cluster's seed nodes (6379); user, password, db and the usual URL options are the data
// nodes'. Topology options: read_policy (primary_only|random|round_robin|lowest_latency),
// read_your_writes, max_lag, replica_check_interval (seconds); for sentinels sentinel_username,
// sentinel_password; for a cluster max_redirects, refresh_interval (seconds). Fills `topology`
// (over what it held) and returns the data nodes' options (over `defaults`). config_error naming
// the part at fault, never showing a password.
client_options parse_topology_url(std::string_view url, const client_options& defaults,
                                  topology_options& topology);

// A LOCATION of several URLs, "redis://primary,redis://replica1,..." (';' separates too), as
// Django's own RedisCache takes them: the first is the primary, the rest its replicas.
bool is_location_list(std::string_view location);
// Splits such a LOCATION: sets topology.kind (replicas) and topology.nodes (the replicas' URLs),
// takes the replica options (read_policy, read_your_writes, max_lag, replica_check_interval) out
// of the first URL's query, and returns every URL, the primary's first.
std::vector<std::string> split_location_list(std::string_view location,
                                             topology_options& topology);

// The read_policy named by text (as in URLs and settings files); config_error naming `what`.
read_policy parse_read_policy(std::string_view text, const std::string& what);

}  // namespace rediscache::detail
