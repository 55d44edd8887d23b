#include "pubsub/subscriber_impl.hpp"

#include "config/validate.hpp"
#include "log/log_impl.hpp"
#include "cluster/slot_map.hpp"
#include "transport/deadline.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/cluster_executor.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pooled_executor.hpp>
#include <rediscache/redis_backend.hpp>

#include <algorithm>
#include <exception>
#include <utility>

namespace rediscache {

subscriber::impl::impl(connection_options where_, subscriber_options settings_, connection first,
                       locator relocate_)
    : where(std::move(where_)),
      settings(std::move(settings_)),
      relocate(std::move(relocate_)),
      conn(std::move(first)),
      now_at(where) {
  last_heard = clock::now();
  up = true;
}

void subscriber::impl::start(const std::shared_ptr<impl>& self) {
  // The reader waits on the mutex until reader_id is set, so it never reads it half-written. It
  // holds its own reference, so a detached reader (see ~subscriber) outlives the handle safely.
  std::lock_guard<std::mutex> lock(self->mutex);
  self->reader = std::thread([self]() {
    { std::lock_guard<std::mutex> gate(self->mutex); }
    self->run();
  });
  self->reader_id = self->reader.get_id();
}

bool subscriber::impl::add(target kind, const std::string& name, message_callback callback) {
  auto shared = std::make_shared<const message_callback>(std::move(callback));
  std::unique_lock<std::mutex> lock(mutex);
  if (stopping) throw closed_error("the subscriber to " + endpoint_name(where) + " is closed");
  auto& map = kind == target::channel ? channels : patterns;
  map[name] = shared;
  if (!up) return false;
  outbox.push_back(command{kind == target::channel ? "SUBSCRIBE" : "PSUBSCRIBE", name});
  outbox_pending = true;
  const std::uint64_t ticket = ++expected;
  const std::uint64_t seen_generation = generation;
  if (on_reader_thread()) return false;

  // A live connection confirms; a dead one is detected by the heartbeat within this long.
  auto deadline = detail::deadline_after(clock::now(),
                                         settings.heartbeat_interval + settings.heartbeat_timeout +
                                             where.socket_timeout + 2 * settings.poll_interval);
  changed.wait_until(lock, deadline, [&] {
    return stopping || generation != seen_generation || received >= ticket;
  });
  if (stopping || generation != seen_generation || received < ticket) return false;
  auto failed = failures.find(ticket);
  if (failed == failures.end()) return true;
  std::string message = std::move(failed->second);
  failures.erase(failed);
  auto it = map.find(name);
  if (it != map.end() && it->second == shared) map.erase(it);
  throw reply_error(message);
}

void subscriber::impl::remove(target kind, const std::string& name) {
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto& map = kind == target::channel ? channels : patterns;
    map.erase(name);
    if (up && !stopping) {
      outbox.push_back(command{kind == target::channel ? "UNSUBSCRIBE" : "PUNSUBSCRIBE", name});
      outbox_pending = true;
      ++expected;
    }
  }
  // A callback that looked the name up before the erase may still be running: wait for it.
  if (!on_reader_thread()) std::lock_guard<std::mutex> wait_for_callback(dispatch_mutex);
}

void subscriber::impl::request_stop() {
  {
    std::lock_guard<std::mutex> lock(mutex);
    stopping = true;
  }
  changed.notify_all();
}

void subscriber::impl::close() {
  request_stop();
  if (on_reader_thread()) return;
  std::lock_guard<std::mutex> lock(join_mutex);
  if (reader.joinable()) reader.join();
}

namespace {
connection_options subscriber_connection(connection_options o, const subscriber_options& s) {
  o.db = 0;
  o.socket_timeout = std::min(o.socket_timeout, s.max_io_wait);
  return o;
}
}  // namespace

subscriber::subscriber(const connection_options& options, subscriber_options settings) {
  detail::validate(settings);
  auto where = subscriber_connection(options, settings);
  auto first = connection::open(where);
  impl_ = std::make_shared<impl>(std::move(where), std::move(settings), std::move(first));
  impl::start(impl_);
}

connection detail::open_first(const std::vector<connection_options>& candidates,
                              connection_options& chosen) {
  std::exception_ptr last;
  for (const auto& c : candidates) {
    try {
      connection opened = connection::open(c);
      chosen = c;
      return opened;
    } catch (const error&) {
      last = std::current_exception();
    }
  }
  if (last) std::rethrow_exception(last);
  throw connection_error("the subscriber has no server to connect to");
}

namespace {

// Where the executor's subscribers go now, best first. A Redis Cluster delivers every PUBLISH on
// every node, so any primary will do: the map is read again first, since the subscriber asks
// after losing a node; the node the executor names comes last, in case the map cannot be read.
std::vector<connection_options> nodes_of(executor& exec, const subscriber_options& settings) {
  auto base = exec.subscriber_connection();
  if (!base) {
    throw unsupported_error("pub/sub needs an executor that names a server to subscribe on");
  }
  std::vector<connection_options> out;
  if (auto* cluster = dynamic_cast<cluster_executor*>(&exec)) {
    try {
      cluster->refresh();
      for (const auto& node : cluster->primaries()) {
        const auto where = detail::parse_node_address(node, "cluster node");
        out.push_back(*base);
        out.back().host = where.host;
        out.back().port = where.port;
      }
    } catch (const error& e) {
      detail::log_debug("subscriber: cluster map not read ({}); trying {}", e.what(),
                        endpoint_name(*base));
    }
  }
  out.push_back(*base);
  for (auto& o : out) o = subscriber_connection(std::move(o), settings);
  return out;
}

}  // namespace

subscriber::subscriber(std::shared_ptr<executor> commands, subscriber_options settings) {
  detail::validate(settings);
  if (!commands) throw config_error("subscriber: the executor is null");
  if (auto* pooled = dynamic_cast<pooled_executor*>(commands.get())) {
    *this = subscriber(pooled->pool().connection_settings(), std::move(settings));
    return;
  }
  impl::locator relocate = [commands, settings] { return nodes_of(*commands, settings); };
  connection_options where;
  auto first = detail::open_first(relocate(), where);
  impl_ = std::make_shared<impl>(std::move(where), std::move(settings), std::move(first),
                                 std::move(relocate));
  impl::start(impl_);
}

subscriber::subscriber(const cache& c, subscriber_options settings)
    : subscriber(executor_of(c, "pub/sub"), std::move(settings)) {}

subscriber::subscriber(subscriber&&) noexcept = default;

subscriber& subscriber::operator=(subscriber&& other) noexcept {
  if (this != &other) {
    if (impl_) impl_->close();
    impl_ = std::move(other.impl_);
  }
  return *this;
}

subscriber::~subscriber() {
  if (!impl_) return;
  if (!impl_->on_reader_thread()) {
    impl_->close();
    return;
  }
  // Destroyed from its own callback: the reader cannot join itself. It holds the state alive
  // through its own reference and exits after the callback returns.
  impl_->request_stop();
  std::lock_guard<std::mutex> lock(impl_->join_mutex);
  if (impl_->reader.joinable()) impl_->reader.detach();
}

bool subscriber::subscribe(const std::string& channel, message_callback callback) {
  return impl_->add(impl::target::channel, channel, std::move(callback));
}

bool subscriber::psubscribe(const std::string& pattern, message_callback callback) {
  return impl_->add(impl::target::pattern, pattern, std::move(callback));
}

void subscriber::unsubscribe(const std::string& channel) {
  impl_->remove(impl::target::channel, channel);
}

void subscriber::punsubscribe(const std::string& pattern) {
  impl_->remove(impl::target::pattern, pattern);
}

bool subscriber::connected() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->up;
}

std::size_t subscriber::channel_count() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->channels.size();
}

std::size_t subscriber::pattern_count() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->patterns.size();
}

void subscriber::close() {
  if (impl_) impl_->close();
}

}  // namespace rediscache
