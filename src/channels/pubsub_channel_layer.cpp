#include <rediscache/channels/pubsub_channel_layer.hpp>
#include <rediscache/error.hpp>
#include <rediscache/log.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/pubsub/subscriber.hpp>

#include <spdlog/spdlog.h>

#include "channels/wire.hpp"

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>

namespace rediscache::channels {

using json = nlohmann::json;

struct pubsub_channel_layer::impl {
  struct shard {
    client_options where;
    std::unique_ptr<pooled_executor> publisher;
    std::unique_ptr<subscriber> listener;
  };

  std::string prefix;
  std::mutex mutex;
  std::condition_variable arrived;
  std::map<std::string, std::deque<json>> channels;        // subscribed local channels
  std::map<std::string, std::set<std::string>> groups;     // group channel -> local channels
  // Last, so the subscribers (whose callbacks use the members above) close first.
  std::vector<shard> shards;

  shard& shard_for(const std::string& name) {
    return shards[detail::consistent_hash(name, shards.size())];
  }

  // Runs on a subscriber's reader thread.
  void deliver(const pubsub_message& m) {
    json message;
    try {
      message = detail::unpack(m.payload);
    } catch (const codec_error& e) {
      get_logger()->warn("channels pubsub layer: dropping a message on {}: {}", m.channel, e.what());
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (auto it = channels.find(m.channel); it != channels.end()) {
        it->second.push_back(std::move(message));
      } else if (auto g = groups.find(m.channel); g != groups.end()) {
        for (const auto& local : g->second) {
          if (auto c = channels.find(local); c != channels.end()) c->second.push_back(message);
        }
      }
    }
    arrived.notify_all();
  }

  // Subscribes `name` on its host; the caller holds no lock (the subscriber may call deliver).
  void subscribe(const std::string& name) {
    auto& s = shard_for(name);
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!s.listener) s.listener = std::make_unique<subscriber>(s.where.connection);
    }
    s.listener->subscribe(name, [this](const pubsub_message& m) { deliver(m); });
  }

  void unsubscribe(const std::string& name) { shard_for(name).listener->unsubscribe(name); }

  std::string group_channel(const std::string& group) const {
    detail::check_group_name(group);
    return prefix + "__group__" + group;
  }
};

namespace {

void check_message(const json& message) {
  if (!message.is_object() || !message.contains("type") || !message["type"].is_string()) {
    throw config_error("a Channels message must be a JSON object with a string \"type\"");
  }
}

}  // namespace

pubsub_channel_layer::pubsub_channel_layer(std::vector<client_options> hosts, std::string prefix)
    : impl_(std::make_shared<impl>()) {
  if (hosts.empty()) throw config_error("a Channels layer needs at least one Redis host");
  impl_->prefix = std::move(prefix);
  for (auto& h : hosts) {
    impl::shard s;
    s.publisher = std::make_unique<pooled_executor>(h);
    s.where = std::move(h);
    impl_->shards.push_back(std::move(s));
  }
}

pubsub_channel_layer pubsub_channel_layer::from_urls(const std::vector<std::string>& urls,
                                                     std::string prefix) {
  std::vector<client_options> hosts;
  for (const auto& url : urls) hosts.push_back(parse_url(url));
  return pubsub_channel_layer(std::move(hosts), std::move(prefix));
}

void pubsub_channel_layer::send(const std::string& channel, const json& message) {
  detail::check_channel_name(channel);
  check_message(message);
  impl_->shard_for(channel).publisher->run(command{"PUBLISH", channel, detail::pack(message)});
}

std::string pubsub_channel_layer::new_channel(const std::string& prefix) {
  const std::string channel = impl_->prefix + prefix + detail::random_hex32();
  detail::check_channel_name(channel);
  {
    std::lock_guard<std::mutex> lock(impl_->mutex);
    impl_->channels[channel];
  }
  impl_->subscribe(channel);
  return channel;
}

std::optional<json> pubsub_channel_layer::receive(const std::string& channel,
                                                  std::chrono::milliseconds timeout) {
  detail::check_channel_name(channel);
  auto& im = *impl_;
  bool known;
  {
    std::lock_guard<std::mutex> lock(im.mutex);
    known = im.channels.count(channel) != 0;
    if (!known) im.channels[channel];
  }
  if (!known) im.subscribe(channel);
  std::unique_lock<std::mutex> lock(im.mutex);
  auto& queue = im.channels[channel];
  if (!im.arrived.wait_for(lock, timeout, [&] { return !queue.empty(); })) return std::nullopt;
  json message = std::move(queue.front());
  queue.pop_front();
  return message;
}

void pubsub_channel_layer::group_add(const std::string& group, const std::string& channel) {
  auto& im = *impl_;
  const auto name = im.group_channel(group);
  bool first;
  {
    std::lock_guard<std::mutex> lock(im.mutex);
    if (im.channels.count(channel) == 0) {
      throw config_error("group_add(\"" + group + "\", \"" + channel +
                         "\"): only channels this layer made or receives from can join groups");
    }
    auto& members = im.groups[name];
    first = members.empty();
    members.insert(channel);
  }
  if (first) im.subscribe(name);
}

void pubsub_channel_layer::group_discard(const std::string& group, const std::string& channel) {
  auto& im = *impl_;
  const auto name = im.group_channel(group);
  bool last = false;
  {
    std::lock_guard<std::mutex> lock(im.mutex);
    auto it = im.groups.find(name);
    if (it == im.groups.end()) return;
    it->second.erase(channel);
    if (it->second.empty()) {
      im.groups.erase(it);
      last = true;
    }
  }
  if (last) im.unsubscribe(name);
}

void pubsub_channel_layer::group_send(const std::string& group, const json& message) {
  check_message(message);
  const auto name = impl_->group_channel(group);
  impl_->shard_for(name).publisher->run(command{"PUBLISH", name, detail::pack(message)});
}

}  // namespace rediscache::channels
