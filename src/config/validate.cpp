#include "config/validate.hpp"

#include "quote.hpp"

#include <rediscache/error.hpp>

#include <algorithm>
#include <string>
#include <string_view>

namespace rediscache::detail {
namespace {

using std::chrono::milliseconds;

[[noreturn]] void fail(const std::string& field, const std::string& shown,
                       const std::string& rule) {
  throw config_error(field + " is " + shown + "; it must " + rule);
}

// zero::off: the field documents what zero means (off, never, do not wait); zero::rejected: zero
// would make every call fail at once.
enum class zero { off, rejected };

template <class Duration>
void check_duration(const std::string& field, Duration value, zero policy, Duration max,
                    const std::string& unit, const std::string& max_note = {}) {
  const std::string shown = std::to_string(value.count()) + " " + unit;
  if (value.count() < 0) fail(field, shown, "not be negative");
  if (value.count() == 0 && policy == zero::rejected) fail(field, shown, "be greater than 0");
  if (value > max)
    fail(field, shown, "be at most " + std::to_string(max.count()) + " " + unit + max_note);
}

void check_wait(const std::string& field, milliseconds value, zero policy) {
  check_duration(field, value, policy, max_wait, "ms", " (365 days)");
}

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7F;
}

// Host names and socket paths end up in every error message (endpoint_name), so they must print.
void check_printable(const std::string& field, const std::string& text) {
  if (std::any_of(text.begin(), text.end(), is_control))
    fail(field, quote_for_message(text), "not contain control characters");
}

void check_address(const connection_options& o) {
  if (!o.unix_socket.empty()) {
    check_printable("connection_options::unix_socket", o.unix_socket);
    if (o.unix_socket.size() > max_unix_socket_path)
      fail("connection_options::unix_socket", quote_for_message(o.unix_socket),
           "be at most " + std::to_string(max_unix_socket_path) + " bytes long");
    return;
  }
  if (o.host.empty()) fail("connection_options::host", "empty", "name a host (or set unix_socket)");
  check_printable("connection_options::host", o.host);
  if (o.host.find(' ') != std::string::npos || o.host.size() > 255)
    fail("connection_options::host", quote_for_message(o.host),
         "be a host name or IP address of at most 255 bytes, without spaces");
  if (o.port == 0) fail("connection_options::port", "0", "be between 1 and 65535");
}

}  // namespace

void validate(const connection_options& o) {
  check_address(o);
  if (o.db < 0) fail("connection_options::db", std::to_string(o.db), "not be negative");
  // CLIENT SETNAME refuses anything else, which would fail every connection's handshake.
  if (!std::all_of(o.client_name.begin(), o.client_name.end(),
                   [](char c) { return c >= '!' && c <= '~'; }))
    fail("connection_options::client_name", quote_for_message(o.client_name),
         "contain only printable ASCII characters other than space");
  check_wait("connection_options::connect_timeout", o.connect_timeout, zero::rejected);
  check_wait("connection_options::socket_timeout", o.socket_timeout, zero::rejected);
  check_duration("connection_options::keepalive", o.keepalive, zero::off, max_keepalive, "s",
                 " (the kernel's limit)");
  if (o.limits.max_array_elements == 0)
    fail("connection_options::limits.max_array_elements", "0", "be at least 1");
  if (o.limits.max_bulk_bytes == 0)
    fail("connection_options::limits.max_bulk_bytes", "0", "be at least 1");
  if (o.limits.max_reply_bytes == 0)
    fail("connection_options::limits.max_reply_bytes", "0", "be at least 1");
}

void validate(const pool_options& o) {
  if (o.max_connections == 0) fail("pool_options::max_connections", "0", "be at least 1");
  check_wait("pool_options::pool_timeout", o.pool_timeout, zero::off);
  check_wait("pool_options::health_check_interval", o.health_check_interval, zero::off);
  if (o.retry.max_retries < 0)
    fail("retry_options::max_retries", std::to_string(o.retry.max_retries), "not be negative");
  check_wait("retry_options::base_backoff", o.retry.base_backoff, zero::off);
  check_wait("retry_options::max_backoff", o.retry.max_backoff, zero::off);
}

void validate(const client_options& o) {
  validate(o.connection);
  validate(o.pool);
}

void validate(const subscriber_options& o) {
  check_wait("subscriber_options::poll_interval", o.poll_interval, zero::rejected);
  check_wait("subscriber_options::heartbeat_interval", o.heartbeat_interval, zero::rejected);
  check_wait("subscriber_options::heartbeat_timeout", o.heartbeat_timeout, zero::rejected);
  check_wait("subscriber_options::reconnect_backoff_min", o.reconnect_backoff_min, zero::off);
  check_wait("subscriber_options::reconnect_backoff_max", o.reconnect_backoff_max, zero::rejected);
  check_wait("subscriber_options::max_io_wait", o.max_io_wait, zero::rejected);
}

void validate(const replica_options& o) {
  check_wait("replica_options::read_your_writes", o.read_your_writes, zero::off);
  check_wait("replica_options::max_lag", o.max_lag, zero::rejected);
  check_wait("replica_options::check_interval", o.check_interval, zero::rejected);
}

void validate(const sentinel_options& o) {
  if (o.sentinels.empty()) fail("sentinel_options::sentinels", "empty", "name at least one sentinel");
  if (o.service.empty()) fail("sentinel_options::service", "empty", "name the primary to ask for");
  check_printable("sentinel_options::service", o.service);
  if (o.sentinel_connection.db != 0)
    fail("sentinel_options::sentinel_connection.db", std::to_string(o.sentinel_connection.db),
         "be 0 (sentinels have no databases)");
  validate(o.sentinel_connection);
}

}  // namespace rediscache::detail
