#include <rediscache/channels/channel_layer.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/url.hpp>

#include "channels/wire.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>

namespace rediscache::channels {
namespace {

using json = nlohmann::json;
using clock = std::chrono::steady_clock;

constexpr const char* routing_field = "__asgi_channel__";

// channels_redis' scripts: put back what a receiver took but never finished, and add a message
// to each channel key that has room.
constexpr const char* restore_inflight_script = R"(
local backed_up = redis.call('ZRANGE', ARGV[2], 0, -1, 'WITHSCORES')
for i = #backed_up, 1, -2 do
  redis.call('ZADD', ARGV[1], backed_up[i], backed_up[i - 1])
end
redis.call('DEL', ARGV[2])
)";
constexpr const char* group_send_script = R"(
local over_capacity = 0
local current_time = ARGV[#ARGV - 1]
local expiry = ARGV[#ARGV]
for i=1,#KEYS do
  if redis.call('ZCOUNT', KEYS[i], '-inf', '+inf') < tonumber(ARGV[i + #KEYS]) then
    redis.call('ZADD', KEYS[i], current_time, ARGV[i])
    redis.call('EXPIRE', KEYS[i], expiry)
  else
    over_capacity = over_capacity + 1
  end
end
return over_capacity
)";
constexpr const char* flush_script = R"(
local keys = redis.call('keys', ARGV[1])
for i=1,#keys,5000 do
  redis.call('del', unpack(keys, i, math.min(i+4999, #keys)))
end
)";

// A blocking pop waits at most this long, so receivers of other channels sharing the key get a
// turn to find what it buffered for them.
constexpr std::chrono::milliseconds pop_slice{500};

double now_seconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

long long expired_before(std::chrono::seconds age) {
  return static_cast<long long>(now_seconds()) - age.count();
}

void check_message(const json& message) {
  if (!message.is_object() || !message.contains("type") || !message["type"].is_string()) {
    throw config_error("a Channels message must be a JSON object with a string \"type\"");
  }
  if (message.contains(routing_field)) {
    throw config_error("a Channels message must not carry \"__asgi_channel__\"");
  }
}

void throw_if_error(const std::vector<reply>& replies) {
  for (const auto& r : replies) r.throw_if_error();
}

}  // namespace

struct channel_layer::impl {
  std::vector<std::shared_ptr<executor>> hosts;
  layer_options options;
  std::string client_prefix = detail::random_hex32();
  std::atomic<std::size_t> send_index{0};
  std::atomic<std::size_t> receive_index{0};
  std::mutex mutex;  // guards buffers and key_locks
  std::map<std::string, std::deque<json>> buffers;
  std::map<std::string, std::shared_ptr<std::timed_mutex>> key_locks;

  std::size_t capacity_of(const std::string& channel) const {
    for (const auto& [pattern, capacity] : options.channel_capacity) {
      if (detail::fnmatch(pattern, channel)) return capacity;
    }
    return options.capacity;
  }

  std::size_t next(std::atomic<std::size_t>& index) const { return index++ % hosts.size(); }

  std::string serialize(const json& message) const {
    return detail::random_bytes(12) + detail::pack(message);
  }

  std::shared_ptr<std::timed_mutex> key_lock(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex);
    auto& slot = key_locks[key];
    if (!slot) slot = std::make_shared<std::timed_mutex>();
    return slot;
  }

  std::optional<json> take_buffered(const std::string& channel) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = buffers.find(channel);
    if (it == buffers.end()) return std::nullopt;
    json message = std::move(it->second.front());
    it->second.pop_front();
    if (it->second.empty()) buffers.erase(it);
    return message;
  }

  // One message off `key` on host `index` within `wait`, kept in key$inflight until decoded.
  std::optional<json> pop(std::size_t index, const std::string& key,
                          std::chrono::milliseconds wait) {
    auto& exec = *hosts[index];
    const std::string inflight = key + "$inflight";
    exec.run(command{"EVAL", restore_inflight_script, "0", key, inflight});
    command bzpopmin{"BZPOPMIN", key};
    bzpopmin.arg(std::max(0.001, static_cast<double>(wait.count()) / 1000.0)).blocks_for(wait);
    const auto r = exec.run(bzpopmin);
    if (r.is_nil() || !r.is_array() || r.elements().size() != 3) return std::nullopt;
    const std::string& member = r.elements()[1].str();
    exec.run(command{"ZADD", inflight, r.elements()[2].str(), member});
    json message;
    try {
      if (member.size() < 12) throw codec_error("Channels message shorter than its random prefix");
      message = detail::unpack(std::string_view(member).substr(12));
    } catch (...) {
      exec.run(command{"ZPOPMIN", inflight});
      throw;
    }
    exec.run(command{"ZPOPMIN", inflight});
    return message;
  }
};

channel_layer::channel_layer(std::vector<std::shared_ptr<executor>> hosts, layer_options options)
    : impl_(std::make_shared<impl>()) {
  if (hosts.empty()) throw config_error("a Channels layer needs at least one Redis host");
  for (const auto& h : hosts) {
    if (!h) throw config_error("a Channels layer host is null");
  }
  if (options.capacity == 0) throw config_error("a Channels layer capacity must be at least 1");
  impl_->hosts = std::move(hosts);
  impl_->options = std::move(options);
}

channel_layer channel_layer::from_urls(const std::vector<std::string>& urls,
                                       layer_options options) {
  std::vector<std::shared_ptr<executor>> hosts;
  for (const auto& url : urls) hosts.push_back(std::make_shared<pooled_executor>(parse_url(url)));
  return channel_layer(std::move(hosts), std::move(options));
}

const std::string& channel_layer::client_prefix() const noexcept { return impl_->client_prefix; }

std::string channel_layer::new_channel(const std::string& prefix) {
  std::string name = prefix + "." + impl_->client_prefix + "!" + detail::random_hex32();
  detail::check_channel_name(name);
  return name;
}

void channel_layer::send(const std::string& channel, const json& message) {
  detail::check_channel_name(channel);
  check_message(message);
  auto& im = *impl_;
  const bool specific = channel.find('!') != std::string::npos;
  const std::string non_local = detail::non_local_name(channel);
  json routed = message;
  std::size_t index;
  if (specific) {
    routed[routing_field] = channel;
    index = detail::consistent_hash(
        im.options.send_shard == specific_send_shard::full_name ? channel : non_local,
        im.hosts.size());
  } else {
    index = im.next(im.send_index);
  }
  const std::string member = im.serialize(routed);
  const std::string key = im.options.prefix + non_local;
  auto& exec = *im.hosts[index];

  command trim{"ZREMRANGEBYSCORE", key, "0"};
  trim.arg(expired_before(im.options.expiry));
  const auto counted = exec.run_batch({trim, command{"ZCOUNT", key, "-inf", "+inf"}});
  throw_if_error(counted);
  const auto capacity = im.capacity_of(channel);
  if (static_cast<unsigned long long>(counted[1].integer()) >= capacity) {
    throw channel_full_error("Channels channel \"" + channel + "\" is full (" +
                                 std::to_string(capacity) + " messages)",
                             channel);
  }
  command add{"ZADD", key};
  add.arg(now_seconds()).arg(member);
  command expire{"EXPIRE", key};
  expire.arg(static_cast<long long>(im.options.expiry.count()));
  throw_if_error(exec.run_batch({add, expire}));
}

std::optional<json> channel_layer::receive(const std::string& channel,
                                           std::chrono::milliseconds timeout) {
  detail::check_channel_name(channel);
  auto& im = *impl_;
  const bool specific = channel.find('!') != std::string::npos;
  const std::string non_local = detail::non_local_name(channel);
  const std::string ours = im.client_prefix + "!";
  if (specific && (non_local.size() < ours.size() ||
                   non_local.compare(non_local.size() - ours.size(), ours.size(), ours) != 0)) {
    throw config_error("Channels channel \"" + channel +
                       "\" belongs to another layer: receive only from new_channel() names");
  }
  const std::string key = im.options.prefix + non_local;
  const auto deadline = clock::now() + timeout;
  const auto lock = im.key_lock(key);
  for (;;) {
    if (specific) {
      if (auto buffered = im.take_buffered(channel)) return buffered;
    }
    const auto now = clock::now();
    if (now >= deadline) return std::nullopt;
    std::unique_lock<std::timed_mutex> turn(*lock, std::defer_lock);
    if (!turn.try_lock_until(deadline)) return specific ? im.take_buffered(channel) : std::nullopt;
    if (specific) {
      if (auto buffered = im.take_buffered(channel)) return buffered;
    }
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
    if (remaining.count() <= 0) return std::nullopt;
    const auto index = specific ? detail::consistent_hash(non_local, im.hosts.size())
                                : im.next(im.receive_index);
    auto message = im.pop(index, key, std::min(remaining, pop_slice));
    if (!message) continue;
    if (!specific) {
      message->erase(routing_field);
      return message;
    }
    // Route by the channel names it carries, as channels_redis' receive buffers do.
    json targets = message->contains(routing_field) ? (*message)[routing_field] : json(channel);
    message->erase(routing_field);
    if (targets.is_string()) targets = json::array({targets});
    std::lock_guard<std::mutex> guard(im.mutex);
    for (const auto& target : targets) {
      if (target.is_string()) im.buffers[target.get<std::string>()].push_back(*message);
    }
  }
}

void channel_layer::group_add(const std::string& group, const std::string& channel) {
  detail::check_group_name(group);
  detail::check_channel_name(channel);
  auto& im = *impl_;
  const std::string key = im.options.prefix + ":group:" + group;
  command add{"ZADD", key};
  add.arg(now_seconds()).arg(channel);
  command expire{"EXPIRE", key};
  expire.arg(static_cast<long long>(im.options.group_expiry.count()));
  throw_if_error(
      im.hosts[detail::consistent_hash(group, im.hosts.size())]->run_batch({add, expire}));
}

void channel_layer::group_discard(const std::string& group, const std::string& channel) {
  detail::check_group_name(group);
  detail::check_channel_name(channel);
  auto& im = *impl_;
  im.hosts[detail::consistent_hash(group, im.hosts.size())]->run(
      command{"ZREM", im.options.prefix + ":group:" + group, channel});
}

std::size_t channel_layer::group_send(const std::string& group, const json& message) {
  detail::check_group_name(group);
  check_message(message);
  auto& im = *impl_;
  const std::string group_key = im.options.prefix + ":group:" + group;
  auto& group_host = *im.hosts[detail::consistent_hash(group, im.hosts.size())];
  command trim_group{"ZREMRANGEBYSCORE", group_key, "0"};
  trim_group.arg(expired_before(im.options.group_expiry));
  const auto members = group_host.run_batch({trim_group, command{"ZRANGE", group_key, "0", "-1"}});
  throw_if_error(members);

  // One message per channel key, naming every member channel that shares the key.
  struct bucket {
    std::string key;
    json channels = json::array();
    std::size_t capacity;
    std::size_t host;
  };
  std::vector<bucket> buckets;
  std::map<std::string, std::size_t> bucket_of;
  for (const auto& member : members[1].elements()) {
    const std::string& channel = member.str();
    const std::string non_local = detail::non_local_name(channel);
    const std::string key = im.options.prefix + non_local;
    auto found = bucket_of.find(key);
    if (found == bucket_of.end()) {
      bucket_of.emplace(key, buckets.size());
      buckets.push_back(bucket{key, json::array({channel}), im.capacity_of(channel),
                               detail::consistent_hash(non_local, im.hosts.size())});
    } else {
      buckets[found->second].channels.push_back(channel);
    }
  }
  std::size_t over_capacity = 0;
  for (std::size_t host = 0; host < im.hosts.size(); ++host) {
    std::vector<const bucket*> here;
    for (const auto& b : buckets) {
      if (b.host == host) here.push_back(&b);
    }
    if (here.empty()) continue;
    std::vector<command> trims;
    for (const auto* b : here) {
      command trim{"ZREMRANGEBYSCORE", b->key, "0"};
      trim.arg(expired_before(im.options.expiry));
      trims.push_back(std::move(trim));
    }
    throw_if_error(im.hosts[host]->run_batch(trims));
    command eval{"EVAL", group_send_script};
    eval.arg(here.size());
    for (const auto* b : here) eval.arg(b->key);
    for (const auto* b : here) {
      json routed = message;
      routed[routing_field] = b->channels;
      eval.arg(im.serialize(routed));
    }
    for (const auto* b : here) eval.arg(b->capacity);
    eval.arg(now_seconds()).arg(static_cast<long long>(im.options.expiry.count()));
    over_capacity += static_cast<std::size_t>(im.hosts[host]->run(eval).integer());
  }
  return over_capacity;
}

void channel_layer::flush() {
  auto& im = *impl_;
  for (auto& host : im.hosts) host->run(command{"EVAL", flush_script, "0", im.options.prefix + "*"});
  std::lock_guard<std::mutex> lock(im.mutex);
  im.buffers.clear();
}

}  // namespace rediscache::channels
