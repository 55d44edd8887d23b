#include <rediscache/error.hpp>

#include "quote.hpp"

#include <string>

namespace rediscache {
namespace {

class category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "rediscache"; }
  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::connection: return "connection failed";
      case errc::timeout: return "operation timed out";
      case errc::closed: return "connection closed";
      case errc::protocol: return "protocol error";
      case errc::reply: return "server replied with an error";
      case errc::auth: return "authentication failed";
      case errc::pool_timeout: return "timed out waiting for a pooled connection";
      case errc::config: return "invalid configuration";
      case errc::tls: return "TLS failure";
      case errc::codec: return "value cannot be encoded or decoded";
      case errc::key_not_found: return "key not found";
      case errc::overflow: return "integer overflow";
      case errc::unsupported: return "operation not supported by this backend";
      case errc::unknown_alias: return "unknown cache alias";
      case errc::lock: return "lock error";
      case errc::lock_not_owned: return "lock not owned";
      case errc::session: return "session error";
      case errc::session_update: return "session was deleted meanwhile";
      case errc::session_create: return "session key already taken";
      case errc::watch: return "watched keys kept changing";
      case errc::cross_slot: return "keys in different cluster slots";
      case errc::sentinel_unreachable: return "no sentinel reachable";
      case errc::unknown_primary: return "sentinels know no primary for this name";
      case errc::task_failed: return "Celery task failed";
      case errc::channel_full: return "channel is full";
      case errc::bad_signature: return "signature does not verify";
      case errc::signature_expired: return "signature expired";
    }
    return "unknown rediscache error";
  }
};

std::string format_message(errc code, const std::string& detail) {
  std::string text = "[";
  text += error_id(code);
  text += "] ";
  text += detail;
  return text;
}

}  // namespace

std::string_view error::detail() const noexcept {
  const std::string_view text = what();
  const auto end = text.find("] ");
  return end == std::string_view::npos ? text : text.substr(end + 2);
}

const std::error_category& error_category() noexcept {
  static const category instance;
  return instance;
}

std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), error_category()};
}

const char* error_id(errc e) noexcept {
  switch (e) {
    case errc::connection: return "rediscache.connection";
    case errc::timeout: return "rediscache.timeout";
    case errc::closed: return "rediscache.closed";
    case errc::protocol: return "rediscache.protocol";
    case errc::reply: return "rediscache.reply";
    case errc::auth: return "rediscache.auth";
    case errc::pool_timeout: return "rediscache.pool_timeout";
    case errc::config: return "rediscache.config";
    case errc::tls: return "rediscache.tls";
    case errc::codec: return "rediscache.codec";
    case errc::key_not_found: return "rediscache.key_not_found";
    case errc::overflow: return "rediscache.overflow";
    case errc::unsupported: return "rediscache.unsupported";
    case errc::unknown_alias: return "rediscache.unknown_alias";
    case errc::lock: return "rediscache.lock";
    case errc::lock_not_owned: return "rediscache.lock_not_owned";
    case errc::session: return "rediscache.session";
    case errc::session_update: return "rediscache.session_update";
    case errc::session_create: return "rediscache.session_create";
    case errc::watch: return "rediscache.watch";
    case errc::cross_slot: return "rediscache.cross_slot";
    case errc::sentinel_unreachable: return "rediscache.sentinel_unreachable";
    case errc::unknown_primary: return "rediscache.unknown_primary";
    case errc::task_failed: return "rediscache.task_failed";
    case errc::channel_full: return "rediscache.channel_full";
    case errc::bad_signature: return "rediscache.bad_signature";
    case errc::signature_expired: return "rediscache.signature_expired";
  }
  return "rediscache.unknown";
}

error::error(errc code, const std::string& detail)
    : std::runtime_error(format_message(code, detail)), code_(make_error_code(code)) {}

namespace {
std::string first_word(const std::string& message) {
  auto end = message.find(' ');
  return message.substr(0, end);
}
}  // namespace

// what() is a log line, so the server's text is escaped and cut; server_message() keeps it whole.
reply_error::reply_error(const std::string& server_message)
    : error(errc::reply, detail::escape_for_message(server_message, detail::max_server_text_bytes)),
      server_code_(first_word(server_message)),
      server_message_(server_message) {}

unknown_alias_error::unknown_alias_error(const std::string& alias)
    : config_error(errc::unknown_alias, "no cache alias named " + detail::quote_for_message(alias)),
      alias_(alias) {}

}  // namespace rediscache
