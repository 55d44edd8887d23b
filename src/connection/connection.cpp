#include "connection/connection_impl.hpp"

#include "config/validate.hpp"
#include "log/log_impl.hpp"
#include "quote.hpp"
#include "transport/deadline.hpp"
#include "transport/tls.hpp"

#include <rediscache/error.hpp>

#include <poll.h>

#include <string_view>
#include <utility>

namespace rediscache {
namespace {

// Messages show the user and the server's words escaped: either may hold CR, LF or worse.
std::string quoted_user(const connection_options& options) {
  return detail::quote_for_message(options.user.empty() ? std::string("default") : options.user);
}

std::string server_text(const reply& r) {
  return detail::escape_for_message(r.error_message(), detail::max_server_text_bytes);
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool is_auth_failure(const std::string& message) {
  return starts_with(message, "NOAUTH") || starts_with(message, "NOPERM") ||
         starts_with(message, "WRONGPASS");
}

}  // namespace

// AUTH, SELECT and CLIENT SETNAME go out in one write, so the handshake costs one round trip.
void connection::impl::run_handshake() {
  const connection_options& o = options;
  std::vector<command> steps;
  if (!o.password.empty()) {
    command auth{"AUTH"};
    if (!o.user.empty()) auth.arg(o.user);
    auth.arg(o.password);
    steps.push_back(std::move(auth));
  } else if (!o.user.empty()) {
    throw config_error("user " + quoted_user(o) + " needs a password");
  }
  if (o.db != 0) steps.push_back(command{"SELECT"}.arg(o.db));
  if (!o.client_name.empty()) steps.push_back(command{"CLIENT", "SETNAME", o.client_name});
  if (steps.empty()) return;

  std::string& buffer = start_commands();
  for (const auto& step : steps) step.encode_to(buffer);
  std::vector<reply> replies;
  round_trip(steps.size(), replies);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const reply& r = replies[i];
    if (!r.is_error()) continue;
    std::string_view name = steps[i].name();
    if (name == "AUTH" || is_auth_failure(r.error_message())) {
      throw auth_error("authentication of user " + quoted_user(o) + " at " + endpoint_name(o) +
                       " failed: " + server_text(r));
    }
    if (name == "SELECT") {
      throw config_error("SELECT " + std::to_string(o.db) + " at " + endpoint_name(o) +
                         " failed: " + server_text(r));
    }
    throw reply_error(r.error_message());
  }
}

[[noreturn]] void throw_reply(const reply& r, const connection_options& options) {
  const std::string& message = r.error_message();
  if (is_auth_failure(message)) {
    throw auth_error("user " + quoted_user(options) + " at " + endpoint_name(options) +
                     " was refused: " + server_text(r));
  }
  throw reply_error(message);
}

void connection::impl::fail_closed() const {
  throw closed_error("connection to " + endpoint_name(options) +
                     " is closed (an earlier error broke it)");
}

void connection::impl::mark_broken() noexcept {
  broken = true;
  io.reset();
}

void connection::impl::abandon_exchange(std::size_t written, const char* why) noexcept {
  sent_before_failure = written > 0;
  out.clear();
  mark_broken();
  try {
    detail::log_debug("connection to {} broken: {}", endpoint_name(options), why);
  } catch (...) {
    // Logging must not replace the exception that broke the connection.
  }
}

// Sends what out holds, then lets read_replies read what it expects. Any exception closes the
// connection, also one that is not a rediscache::error (std::bad_alloc while a reply is built):
// the rest of that reply is still unread, and the next caller would get it as its own.
// A blocking command (BLPOP) may keep the server busy for block_time beyond the socket timeout.
template <class ReadReplies>
void connection::impl::exchange(ReadReplies&& read_replies, std::chrono::milliseconds block_time) {
  ensure_open();
  auto now = detail::clock::now();
  auto deadline =
      detail::deadline_after(detail::deadline_after(now, options.socket_timeout), block_time);
  std::size_t written = 0;
  try {
    io->write_all(out.data(), out.size(), deadline, written);
    out.clear();
    read_replies(deadline);
  } catch (const std::exception& e) {
    abandon_exchange(written, e.what());
    throw;
  } catch (...) {
    abandon_exchange(written, "an exception of unknown type");
    throw;
  }
  last_used = now;
}

void connection::impl::read_reply(reply& result, detail::clock::time_point deadline) {
  while (!parser.next(result)) parser.feed(in, io->read_some(in, sizeof in, deadline));
}

void connection::impl::round_trip(std::size_t count, std::vector<reply>& results,
                                  std::chrono::milliseconds block_time) {
  results.resize(count);
  exchange(
      [&](detail::clock::time_point deadline) {
        for (auto& r : results) read_reply(r, deadline);
      },
      block_time);
}

reply connection::impl::round_trip_one(std::chrono::milliseconds block_time) {
  reply result;
  exchange([&](detail::clock::time_point deadline) { read_reply(result, deadline); }, block_time);
  return result;
}

connection connection::open(const connection_options& options) {
  std::shared_ptr<detail::tls_context> tls;
  if (options.tls.enabled) tls = std::make_shared<detail::tls_context>(options.tls);
  return open(options, tls);
}

connection connection::open(const connection_options& options,
                            const std::shared_ptr<detail::tls_context>& tls) {
  detail::validate(options);
  auto deadline = detail::deadline_after(detail::clock::now(), options.connect_timeout);
  auto state = std::make_unique<impl>(options, detail::open_transport(options, tls, deadline));
  state->run_handshake();
  detail::log_debug("connected to {}", to_string(options));
  return connection(std::move(state));
}

connection::connection(std::unique_ptr<impl> state) : impl_(std::move(state)) {}
connection::connection(connection&&) noexcept = default;
connection& connection::operator=(connection&&) noexcept = default;
connection::~connection() = default;

reply connection::execute(const command& cmd) {
  cmd.encode_to(impl_->start_commands());
  reply r = impl_->round_trip_one(cmd.block_time());
  if (r.is_error()) throw_reply(r, impl_->options);
  return r;
}

std::vector<reply> connection::pipeline(const std::vector<command>& commands) {
  return pipeline(commands.data(), commands.size());
}

std::vector<reply> connection::pipeline(const command* commands, std::size_t count) {
  impl_->ensure_open();
  std::vector<reply> replies;
  if (count == 0) return replies;
  std::string& out = impl_->start_commands();
  std::chrono::milliseconds block_time{0};
  for (std::size_t i = 0; i < count; ++i) {
    commands[i].encode_to(out);
    block_time += commands[i].block_time();  // blocking commands in a pipeline wait in turn
  }
  impl_->round_trip(count, replies, block_time);
  return replies;
}

void connection::send(const command& cmd) {
  cmd.encode_to(impl_->start_commands());
  impl_->exchange([](detail::clock::time_point) {});
}

std::optional<reply> connection::receive(std::chrono::milliseconds wait) {
  impl& c = *impl_;
  c.ensure_open();
  reply result;
  try {
    if (c.parser.next(result)) return result;
    if (!c.io->buffered() &&
        !detail::wait_ready(c.io->fd(), POLLIN,
                            detail::deadline_after(detail::clock::now(), wait))) {
      return std::nullopt;
    }
    c.read_reply(result, detail::deadline_after(detail::clock::now(), c.options.socket_timeout));
  } catch (...) {
    c.mark_broken();  // whatever it was, a reply may be half read
    throw;
  }
  c.last_used = detail::clock::now();
  return result;
}

bool connection::broken() const noexcept { return impl_ == nullptr || impl_->broken; }
bool connection::sent_before_failure() const noexcept {
  return impl_ != nullptr && impl_->sent_before_failure;
}
bool connection::stale() {
  if (broken()) return true;
  if (impl_->io->stale()) {
    impl_->mark_broken();
    return true;
  }
  return false;
}
std::chrono::steady_clock::time_point connection::last_used() const noexcept {
  return impl_->last_used;
}
const connection_options& connection::options() const noexcept { return impl_->options; }
void connection::close() noexcept {
  if (impl_) impl_->mark_broken();
}

}  // namespace rediscache
