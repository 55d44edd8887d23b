#include "topology/topology_url.hpp"

#include <rediscache/error.hpp>

#include "config/url_parts.hpp"
#include "config/validate.hpp"
#include "topology/data_node.hpp"
#include "topology/host_port.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <set>

namespace rediscache::detail {
namespace {

using namespace detail::url;
using std::chrono::milliseconds;

struct topology_scheme {
  bool tls = false;
  topology_kind kind = topology_kind::sentinel;
};

std::optional<topology_scheme> scheme_of(std::string_view url) {
  const auto separator = url.find("://");
  if (separator == npos) return std::nullopt;
  const std::string name = lowercase(url.substr(0, separator));
  if (name == "redis+sentinel") return topology_scheme{false, topology_kind::sentinel};
  if (name == "rediss+sentinel") return topology_scheme{true, topology_kind::sentinel};
  if (name == "redis+cluster") return topology_scheme{false, topology_kind::cluster};
  if (name == "rediss+cluster") return topology_scheme{true, topology_kind::cluster};
  return std::nullopt;
}

std::string decoded(std::string_view text, const std::string& part) {
  auto out = percent_decode(text);
  if (!out) fail(part + " has a malformed percent-escape (expected '%' and two hex digits)");
  return std::move(*out);
}

// Seconds with an optional fraction, rounded up to the millisecond, at most max_wait.
milliseconds seconds(std::string_view text, const std::string& what, bool zero_ok) {
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.size() + fraction.size() == 0 || !all_digits(whole) || !all_digits(fraction) ||
      whole.size() > 12) {
    fail(what + " " + quote_for_message(text) + " is not a number of seconds");
  }
  std::uint64_t ms = 0;
  for (const char c : whole) ms = ms * 10 + static_cast<std::uint64_t>(c - '0');
  ms *= 1000;
  std::uint64_t scale = 100;
  for (std::size_t i = 0; i < fraction.size() && i < 3; ++i, scale /= 10)
    ms += static_cast<std::uint64_t>(fraction[i] - '0') * scale;
  if (fraction.size() > 3 && fraction.find_first_not_of('0', 3) != npos) ++ms;
  if (ms > static_cast<std::uint64_t>(max_wait.count()))
    fail(what + " " + quote_for_message(text) + " is too large (at most a year)");
  if (ms == 0 && !zero_ok) fail(what + " " + quote_for_message(text) + " must be greater than 0");
  return milliseconds(static_cast<milliseconds::rep>(ms));
}

int whole_number(std::string_view text, const std::string& what, int max) {
  if (text.empty() || text.size() > 9 || !all_digits(text))
    fail(what + " " + quote_for_message(text) + " is not a whole number");
  int value = 0;
  for (const char c : text) value = value * 10 + (c - '0');
  if (value > max) fail(what + " " + quote_for_message(text) + " is too large (at most " +
                        std::to_string(max) + ")");
  return value;
}

// Applies a topology option; false for an option that belongs to the data nodes' URL.
bool apply_topology_option(const std::string& name, const std::string& value,
                           topology_kind kind, topology_options& t) {
  const std::string what = "option " + name;
  const bool replicated = kind == topology_kind::sentinel || kind == topology_kind::replicas;
  if (name == "read_policy") {
    const read_policy policy = parse_read_policy(value, what);
    if (kind == topology_kind::cluster) t.cluster.reads = policy;
    else t.replicas.reads = policy;
  } else if (name == "read_your_writes" && replicated) {
    t.replicas.read_your_writes = seconds(value, what, true);
  } else if (name == "max_lag" && replicated) {
    t.replicas.max_lag = seconds(value, what, false);
  } else if (name == "replica_check_interval" && replicated) {
    t.replicas.check_interval = seconds(value, what, false);
  } else if (name == "sentinel_username" && kind == topology_kind::sentinel) {
    t.sentinel.sentinel_connection.user = value;
  } else if (name == "sentinel_password" && kind == topology_kind::sentinel) {
    t.sentinel.sentinel_connection.password = value;
  } else if (name == "max_redirects" && kind == topology_kind::cluster) {
    t.cluster.max_redirects = whole_number(value, what, 1000);
  } else if (name == "refresh_interval" && kind == topology_kind::cluster) {
    t.cluster.refresh_interval = seconds(value, what, false);
  } else {
    return false;
  }
  return true;
}

// The data nodes' query: what is left after the topology options are taken out.
std::string split_query(std::string_view query, topology_kind kind, topology_options& t) {
  std::string rest;
  std::set<std::string> seen;
  for (std::size_t start = 0; !query.empty() && start <= query.size();) {
    const auto end = std::min(query.find('&', start), query.size());
    const std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    const auto equals = pair.find('=');
    if (equals != npos && equals > 0) {
      const std::string name = decoded(pair.substr(0, equals), "an option name");
      if (apply_topology_option(name,
                                decoded(pair.substr(equals + 1), "option " + quote_for_message(name)),
                                kind, t)) {
        if (!seen.insert(name).second)
          fail("option " + quote_for_message(name) + " is given more than once");
        continue;
      }
    }
    if (!rest.empty()) rest += '&';
    rest += pair;  // parse_url reports what is wrong with it
  }
  return rest;
}

std::vector<std::string> split_hosts(std::string_view hosts, std::uint16_t default_port,
                                     const std::string& what) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = hosts.find(',', start);
    const std::string_view one = hosts.substr(start, comma == npos ? npos : comma - start);
    if (one.empty()) fail("an empty " + what + " address (two commas, or a comma at an end)");
    const host_port where = parse_host_port(one, default_port, what + " address");
    const bool v6 = where.host.find(':') != std::string::npos;
    out.push_back((v6 ? "[" + where.host + "]" : where.host) + ":" + std::to_string(where.port));
    if (comma == npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

bool is_topology_url(std::string_view url) { return scheme_of(url).has_value(); }

bool is_location_list(std::string_view location) {
  return location.find_first_of(",;") != npos && !is_topology_url(location);
}

std::vector<std::string> split_location_list(std::string_view location,
                                             topology_options& topology) {
  std::vector<std::string> urls;
  for (std::size_t start = 0; start <= location.size();) {
    const auto end = std::min(location.find_first_of(",;", start), location.size());
    std::string_view one = location.substr(start, end - start);
    while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
    while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
    if (one.empty()) fail("an empty URL in the LOCATION list (two commas, or a comma at an end)");
    urls.emplace_back(one);
    start = end + 1;
  }
  topology.kind = topology_kind::replicas;
  std::string& primary = urls.front();
  const auto question = primary.find('?');
  if (question != npos) {
    const std::string rest =
        split_query(std::string_view(primary).substr(question + 1), topology.kind, topology);
    primary.resize(question);
    if (!rest.empty()) primary.append("?").append(rest);
  }
  topology.nodes.assign(urls.begin() + 1, urls.end());
  return urls;
}

read_policy parse_read_policy(std::string_view text, const std::string& what) {
  const std::string name = lowercase(text);
  if (name == "primary_only") return read_policy::primary_only;
  if (name == "random") return read_policy::random;
  if (name == "round_robin") return read_policy::round_robin;
  if (name == "lowest_latency") return read_policy::lowest_latency;
  throw config_error(what + " " + quote_for_message(text) +
                     " is not a read policy (primary_only, random, round_robin, lowest_latency)");
}

client_options parse_topology_url(std::string_view url, const client_options& defaults,
                                  topology_options& topology) {
  const auto scheme = scheme_of(url);
  if (!scheme) fail("it must start with redis+sentinel://, redis+cluster:// or their rediss+ forms");
  if (url.find('#') != npos) fail("'#' must be percent-encoded as %23 (fragments are not supported)");
  const bool sentinel = scheme->kind == topology_kind::sentinel;
  const std::string_view rest = url.substr(url.find("://") + 3);
  const auto authority_end = std::min({rest.find('/'), rest.find('?'), rest.size()});
  std::string_view authority = rest.substr(0, authority_end);
  const std::string_view after = rest.substr(authority_end);
  const auto question = after.find('?');
  std::string_view path = after.substr(0, question);
  const std::string_view query = question == npos ? std::string_view{} : after.substr(question + 1);
  std::string_view userinfo;
  const auto at = authority.rfind('@');
  if (at != npos) {
    userinfo = authority.substr(0, at + 1);
    authority.remove_prefix(at + 1);
  }
  const std::vector<std::string> hosts =
      split_hosts(authority, sentinel ? 26379 : 6379, sentinel ? "sentinel" : "seed node");

  std::string db;
  if (sentinel) {
    if (path.size() < 2) fail("the service name is missing (redis+sentinel://host:26379/mymaster)");
    path.remove_prefix(1);
    const auto slash = path.find('/');
    topology.sentinel.service = decoded(path.substr(0, slash), "the service name");
    if (topology.sentinel.service.empty()) fail("the service name is empty");
    if (slash != npos) db = std::string(path.substr(slash + 1));
    topology.sentinel.sentinels = hosts;
  } else {
    if (path.size() > 1 && path != "/0")
      fail("a cluster has only database 0; the path must be empty");
    topology.cluster.seeds = hosts;
  }
  topology.kind = scheme->kind;
  const std::string data_query = split_query(query, scheme->kind, topology);
  // The data nodes' options, as parse_url reads them (the host is a placeholder: the sentinels or
  // the cluster name the real ones).
  std::string data_url = scheme->tls ? "rediss://" : "redis://";
  data_url.append(userinfo).append(hosts.front());
  if (!db.empty()) data_url.append("/").append(db);
  if (!data_query.empty()) data_url.append("?").append(data_query);
  client_options data = parse_url(data_url, defaults);
  if (sentinel && scheme->tls) {
    tls_options& tls = topology.sentinel.sentinel_connection.tls;
    tls = data.connection.tls;
    tls.server_name.clear();
  }
  return data;
}

}  // namespace rediscache::detail
