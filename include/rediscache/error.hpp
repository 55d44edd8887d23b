#pragma once

#include <rediscache/export.hpp>

#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace rediscache {

/// Stable error identities. The id ("rediscache.timeout", ...) appears in every message so logs can
/// be searched for it; the numeric values are part of the ABI and never change.
enum class errc {
  connection = 1,  ///< could not connect, connection reset, peer closed
  timeout = 2,     ///< connect, read or write took longer than allowed
  closed = 3,      ///< the connection was closed earlier (by us, or after an error)
  protocol = 4,    ///< the server sent something that is not valid RESP, or over a configured limit
  reply = 5,       ///< the server answered with an error reply (WRONGTYPE, NOSCRIPT, ...)
  auth = 6,        ///< AUTH failed: wrong password, unknown user, NOPERM
  pool_timeout = 7,  ///< no pooled connection became free within pool_timeout
  config = 8,      ///< a malformed URL, option or settings file
  tls = 9,         ///< TLS handshake or certificate verification failed
  codec = 10,      ///< a stored value cannot be encoded or decoded as the requested type
  key_not_found = 11,  ///< incr/decr/incr_version of a key that does not exist
  overflow = 12,   ///< incr/decr past the 64-bit integer range
  unsupported = 13,  ///< the backend cannot do this operation
  unknown_alias = 14,  ///< a cache alias that the registry does not have
  lock = 15,       ///< a lock was not acquired, not held, or has no timeout to extend
  lock_not_owned = 16,  ///< the lock expired or was taken over by another owner
  session = 17,    ///< a session could not be created or loaded
  session_update = 18,  ///< saving a session that was deleted meanwhile (Django's UpdateError)
  session_create = 19,  ///< save(must_create) under a key that is taken (Django's CreateError)
  watch = 20,      ///< a WATCH transaction kept conflicting past its attempts
  cross_slot = 21,  ///< keys that must be served together live in different Redis Cluster slots
  sentinel_unreachable = 22,  ///< no Redis Sentinel answered
  unknown_primary = 23,       ///< the sentinels answered but know no primary by that name
  bad_signature = 24,         ///< a django.core.signing value whose signature does not verify
  signature_expired = 25,     ///< a django.core.signing value signed longer ago than max_age
  task_failed = 26,   ///< a Celery task ended in FAILURE or REVOKED
  channel_full = 27,  ///< a Channels layer channel is at its capacity (channels_redis' ChannelFull)
};

/// The category of rediscache::errc codes; its name is "rediscache".
REDISCACHE_API const std::error_category& error_category() noexcept;
/// An std::error_code for \p e, so errc values compare with error::code().
REDISCACHE_API std::error_code make_error_code(errc e) noexcept;
/// "rediscache.timeout" for errc::timeout, and so on.
REDISCACHE_API const char* error_id(errc e) noexcept;

/// Base of every exception the library throws. what() reads "[rediscache.<id>] <detail>".
class REDISCACHE_API error : public std::runtime_error {
 public:
  /// An error of kind \p code; what() is "[rediscache.<id>] " followed by \p detail.
  error(errc code, const std::string& detail);
  /// The error's identity, comparable with errc values.
  const std::error_code& code() const noexcept { return code_; }
  /// what() without its "[rediscache.<id>] " prefix, for wrapping into another message.
  std::string_view detail() const noexcept;

 private:
  std::error_code code_;
};

/// The transport failed; the command may or may not have reached the server.
class REDISCACHE_API connection_error : public error {
 public:
  /// \p detail follows the "[rediscache.connection] " prefix in what().
  explicit connection_error(const std::string& detail) : error(errc::connection, detail) {}

 protected:
  /// For the derived errors: \p code names which one.
  connection_error(errc code, const std::string& detail) : error(code, detail) {}
};

/// A connect, read or write took longer than its timeout; the command may or may not have run.
class REDISCACHE_API timeout_error : public connection_error {
 public:
  /// \p detail follows the "[rediscache.timeout] " prefix in what().
  explicit timeout_error(const std::string& detail) : connection_error(errc::timeout, detail) {}

 protected:
  /// For the derived errors: \p code names which one.
  timeout_error(errc code, const std::string& detail) : connection_error(code, detail) {}
};

/// The connection was closed earlier (by us, or after an error).
class REDISCACHE_API closed_error : public connection_error {
 public:
  /// \p detail follows the "[rediscache.closed] " prefix in what().
  explicit closed_error(const std::string& detail) : connection_error(errc::closed, detail) {}
};

/// The TLS handshake or the certificate verification failed.
class REDISCACHE_API tls_error : public connection_error {
 public:
  /// \p detail follows the "[rediscache.tls] " prefix in what().
  explicit tls_error(const std::string& detail) : connection_error(errc::tls, detail) {}
};

/// Waiting for a free pooled connection timed out. Nothing was sent to the server.
class REDISCACHE_API pool_timeout_error : public timeout_error {
 public:
  /// \p detail follows the "[rediscache.pool_timeout] " prefix in what().
  explicit pool_timeout_error(const std::string& detail)
      : timeout_error(errc::pool_timeout, detail) {}
};

/// The server sent something that is not valid RESP, or a reply over a configured limit.
class REDISCACHE_API protocol_error : public error {
 public:
  /// \p detail follows the "[rediscache.protocol] " prefix in what().
  explicit protocol_error(const std::string& detail) : error(errc::protocol, detail) {}
};

/// The server answered with an error reply. server_code() is its first word: "WRONGTYPE",
/// "NOSCRIPT", "ERR", ... server_message() is the whole text as sent; what() shows it with
/// control and non-ASCII bytes escaped (`\r`, `\n`, `\xNN`) and cut after 512 bytes.
class REDISCACHE_API reply_error : public error {
 public:
  /// From the error reply's text as the server sent it.
  explicit reply_error(const std::string& server_message);
  /// The first word of the reply: "WRONGTYPE", "ERR", ...
  const std::string& server_code() const noexcept { return server_code_; }
  /// The whole error reply as sent, unescaped and uncut.
  const std::string& server_message() const noexcept { return server_message_; }

 private:
  std::string server_code_;
  std::string server_message_;
};

/// AUTH failed: a wrong password, an unknown user, or NOPERM.
class REDISCACHE_API auth_error : public error {
 public:
  /// \p detail follows the "[rediscache.auth] " prefix in what().
  explicit auth_error(const std::string& detail) : error(errc::auth, detail) {}
};

/// A malformed URL, option or settings file; the message says which value and why.
class REDISCACHE_API config_error : public error {
 public:
  /// \p detail follows the "[rediscache.config] " prefix in what().
  explicit config_error(const std::string& detail) : error(errc::config, detail) {}

 protected:
  /// For the derived errors: \p code names which one.
  config_error(errc code, const std::string& detail) : error(code, detail) {}
};

/// A stored value cannot be decoded as the requested type (wrong type, corrupt or truncated bytes),
/// or a value cannot be encoded with the alias' serializer. The message names the key.
class REDISCACHE_API codec_error : public error {
 public:
  /// \p detail follows the "[rediscache.codec] " prefix in what().
  explicit codec_error(const std::string& detail) : error(errc::codec, detail) {}
};

/// incr, decr or incr_version of a key that does not exist.
class REDISCACHE_API key_not_found_error : public error {
 public:
  /// \p detail follows the "[rediscache.key_not_found] " prefix in what().
  explicit key_not_found_error(const std::string& detail) : error(errc::key_not_found, detail) {}
};

/// incr or decr past the 64-bit integer range.
class REDISCACHE_API overflow_error : public error {
 public:
  /// \p detail follows the "[rediscache.overflow] " prefix in what().
  explicit overflow_error(const std::string& detail) : error(errc::overflow, detail) {}
};

/// The backend or deployment cannot do this operation.
class REDISCACHE_API unsupported_error : public error {
 public:
  /// \p detail follows the "[rediscache.unsupported] " prefix in what().
  explicit unsupported_error(const std::string& detail) : error(errc::unsupported, detail) {}
};

/// A command, script or transaction of a sharded deployment names keys that live on different
/// shards, and cannot be split per key (as MGET, MSET, DEL, UNLINK, EXISTS and TOUCH are). Found
/// before anything is sent. Keys whose last {...} holds the same text share a shard.
class REDISCACHE_API cross_shard_error : public unsupported_error {
 public:
  /// \p detail follows the "[rediscache.unsupported] " prefix in what().
  explicit cross_shard_error(const std::string& detail) : unsupported_error(detail) {}
};

/// A config_error for a cache alias the registry does not know; the message names it.
class REDISCACHE_API unknown_alias_error : public config_error {
 public:
  /// For the alias named \p alias.
  explicit unknown_alias_error(const std::string& alias);
  /// The alias that was asked for.
  const std::string& alias() const noexcept { return alias_; }

 private:
  std::string alias_;
};

/// Lock misuse or failure, with redis-py's distinctions: not acquired in time, released or extended
/// when not held, extended without a timeout. lock_name() is the lock's key.
class REDISCACHE_API lock_error : public error {
 public:
  /// For the lock under the key \p lock_name; \p detail follows the id prefix in what().
  lock_error(const std::string& lock_name, const std::string& detail)
      : lock_error(errc::lock, lock_name, detail) {}
  /// The lock's key.
  const std::string& lock_name() const noexcept { return lock_name_; }

 protected:
  /// For the derived errors: \p code names which one.
  lock_error(errc code, const std::string& lock_name, const std::string& detail)
      : error(code, detail), lock_name_(lock_name) {}

 private:
  std::string lock_name_;
};

/// The lock's key no longer holds our token: it expired, or another owner holds it now.
class REDISCACHE_API lock_not_owned_error : public lock_error {
 public:
  /// For the lock under the key \p lock_name; \p detail follows the id prefix in what().
  lock_not_owned_error(const std::string& lock_name, const std::string& detail)
      : lock_error(errc::lock_not_owned, lock_name, detail) {}
};

/// A session could not be created or loaded.
class REDISCACHE_API session_error : public error {
 public:
  /// \p detail follows the "[rediscache.session] " prefix in what().
  explicit session_error(const std::string& detail) : error(errc::session, detail) {}

 protected:
  /// For the derived errors: \p code names which one.
  session_error(errc code, const std::string& detail) : error(code, detail) {}
};

/// save() of a session that another request deleted (logged out) meanwhile; Django's UpdateError.
class REDISCACHE_API session_update_error : public session_error {
 public:
  /// \p detail follows the "[rediscache.session_update] " prefix in what().
  explicit session_update_error(const std::string& detail)
      : session_error(errc::session_update, detail) {}
};

/// save(save_mode::must_create) of a session whose key already holds a session (Django's
/// CreateError); nothing was written.
class REDISCACHE_API session_create_error : public session_error {
 public:
  /// \p detail follows the "[rediscache.session_create] " prefix in what().
  explicit session_create_error(const std::string& detail)
      : session_error(errc::session_create, detail) {}
};

/// client::watch() gave up: the watched keys changed before every one of its attempts.
class REDISCACHE_API watch_error : public error {
 public:
  /// \p detail follows the "[rediscache.watch] " prefix in what().
  explicit watch_error(const std::string& detail) : error(errc::watch, detail) {}
};

/// No Redis Sentinel of the list answered (each was asked in turn, within its own timeout). A
/// connection_error: a cache's fail-open mode treats it as an unreachable server.
class REDISCACHE_API sentinel_unreachable_error : public connection_error {
 public:
  /// \p detail follows the id prefix in what(); \p service is the primary's name asked for.
  sentinel_unreachable_error(const std::string& detail, std::string service)
      : connection_error(errc::sentinel_unreachable, detail), service_(std::move(service)) {}
  /// The primary's name that was asked for.
  const std::string& service() const noexcept { return service_; }

 private:
  std::string service_;
};

/// The sentinels that answered know no primary by this name (SENTINEL get-master-addr-by-name gave
/// nil): a misspelt or unmonitored name, so a config_error.
class REDISCACHE_API unknown_primary_error : public config_error {
 public:
  /// \p detail follows the id prefix in what(); \p service is the primary's name asked for.
  unknown_primary_error(const std::string& detail, std::string service)
      : config_error(errc::unknown_primary, detail), service_(std::move(service)) {}
  /// The primary's name that was asked for.
  const std::string& service() const noexcept { return service_; }

 private:
  std::string service_;
};

/// A command, script or transaction names keys in different Redis Cluster slots, and cannot be
/// split per key (as MGET, MSET, DEL, UNLINK, EXISTS and TOUCH are): Redis would refuse it with
/// CROSSSLOT. Found before anything is sent. Keys that share a hash tag share a slot:
/// "{user42}:cart" and "{user42}:profile".
class REDISCACHE_API cross_slot_error : public error {
 public:
  /// \p detail follows the id prefix in what(); \p command_name and two of its slots.
  cross_slot_error(const std::string& detail, std::string command_name, int first_slot,
                   int second_slot)
      : error(errc::cross_slot, detail),
        command_name_(std::move(command_name)),
        first_slot_(first_slot),
        second_slot_(second_slot) {}
  /// The command whose keys differ ("EVALSHA", "MULTI" for a transaction).
  const std::string& command_name() const noexcept { return command_name_; }
  ///@{
  /// Two of the slots involved.
  int first_slot() const noexcept { return first_slot_; }
  int second_slot() const noexcept { return second_slot_; }
  ///@}

 private:
  std::string command_name_;
  int first_slot_;
  int second_slot_;
};

/// A Celery task ended in FAILURE (the task raised) or REVOKED (revoked or expired): the remote
/// exception as the result backend stored it. exc_type() is the Python class name
/// ("ZeroDivisionError"), exc_module() its module ("builtins"), exc_message() its message
/// (the arguments joined with ", "), traceback() the remote traceback (may be empty).
class REDISCACHE_API task_failed_error : public error {
 public:
  /// detail is the message; the rest as the result backend stored them.
  task_failed_error(const std::string& detail, std::string task_id, std::string state,
                    std::string exc_type, std::string exc_message, std::string exc_module,
                    std::string traceback)
      : error(errc::task_failed, detail),
        task_id_(std::move(task_id)),
        state_(std::move(state)),
        exc_type_(std::move(exc_type)),
        exc_message_(std::move(exc_message)),
        exc_module_(std::move(exc_module)),
        traceback_(std::move(traceback)) {}
  /// The task's id.
  const std::string& task_id() const noexcept { return task_id_; }
  /// "FAILURE" or "REVOKED".
  const std::string& state() const noexcept { return state_; }
  ///@{
  /// The remote exception: class name, message, module and traceback (see the class comment).
  const std::string& exc_type() const noexcept { return exc_type_; }
  const std::string& exc_message() const noexcept { return exc_message_; }
  const std::string& exc_module() const noexcept { return exc_module_; }
  const std::string& traceback() const noexcept { return traceback_; }
  ///@}

 private:
  std::string task_id_;
  std::string state_;
  std::string exc_type_;
  std::string exc_message_;
  std::string exc_module_;
  std::string traceback_;
};

/// A Channels send() to a channel already holding its capacity of messages (channels_redis raises
/// ChannelFull); nothing was sent. channel() is the channel's name.
class REDISCACHE_API channel_full_error : public error {
 public:
  /// detail is the message, channel the full channel's name.
  channel_full_error(const std::string& detail, std::string channel)
      : error(errc::channel_full, detail), channel_(std::move(channel)) {}
  /// The channel's name.
  const std::string& channel() const noexcept { return channel_; }

 private:
  std::string channel_;
};

/// A django.core.signing value (a signed cookie, session data) that is malformed or whose HMAC
/// does not match the secret key and salt: Django's BadSignature. Never says what would have
/// matched.
class REDISCACHE_API bad_signature_error : public error {
 public:
  /// detail says what was wrong.
  explicit bad_signature_error(const std::string& detail) : error(errc::bad_signature, detail) {}

 protected:
  /// For signature_expired_error.
  bad_signature_error(errc code, const std::string& detail) : error(code, detail) {}
};

/// A correctly signed value older than the max_age it was read with: Django's SignatureExpired,
/// which is also a BadSignature.
class REDISCACHE_API signature_expired_error : public bad_signature_error {
 public:
  /// detail says how old the value is.
  explicit signature_expired_error(const std::string& detail)
      : bad_signature_error(errc::signature_expired, detail) {}
};

}  // namespace rediscache

namespace std {
template <>
struct is_error_code_enum<rediscache::errc> : true_type {};
}  // namespace std
