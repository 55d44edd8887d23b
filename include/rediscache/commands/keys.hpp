#pragma once

#include <rediscache/commands/builder.hpp>
#include <rediscache/commands/keys_types.hpp>
#include <rediscache/commands/scan.hpp>
#include <rediscache/key_ttl.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// Commands on keys of any type: deleting, expiring, renaming, copying, scanning, inspecting,
/// dumping and restoring.
namespace rediscache::cmd {

/// How many of the keys existed and were removed.
inline typed_command<long long> del(const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("del");
  command cmd = detail::start(info, "DEL");
  return typed_command<long long>(std::move(detail::add_all(cmd, keys)));
}

/// DEL that frees the memory in the background.
inline typed_command<long long> unlink(const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("unlink");
  command cmd = detail::start(info, "UNLINK");
  return typed_command<long long>(std::move(detail::add_all(cmd, keys)));
}

/// How many of the keys exist; a key named twice counts twice.
inline typed_command<long long> exists(const std::vector<std::string>& keys) {
  static const command_info& info = detail::info_of("exists");
  command cmd = detail::start(info, "EXISTS");
  return typed_command<long long>(std::move(detail::add_all(cmd, keys)));
}

/// When the EXPIRE family changes an expiry (Redis 7's NX / XX / GT / LT). A key without an expiry
/// counts as expiring never: later than any time for if_later, so GT never sets one there.
enum class expire_condition {
  always,         ///< set in any case
  if_no_expiry,   ///< only when the key has no expiry (NX)
  if_has_expiry,  ///< only when the key has an expiry (XX)
  if_later,       ///< only when later than the current expiry (GT)
  if_earlier      ///< only when earlier than the current expiry (LT)
};

namespace detail_keys {
inline command expire_command(const command_info& info, const char* name, std::string_view key,
                              long long amount, expire_condition when) {
  command cmd = detail::start(info, name);
  cmd.arg(key).arg(amount);
  switch (when) {
    case expire_condition::always:
      break;
    case expire_condition::if_no_expiry:
      cmd.arg("NX");
      break;
    case expire_condition::if_has_expiry:
      cmd.arg("XX");
      break;
    case expire_condition::if_later:
      cmd.arg("GT");
      break;
    case expire_condition::if_earlier:
      cmd.arg("LT");
      break;
  }
  // Once NX, GT or LT has set the expiry, a repeat finds it set and answers 0: not retried.
  if (when != expire_condition::always && when != expire_condition::if_has_expiry) {
    cmd.mark(idempotency::unsafe);
  }
  return cmd;
}
}  // namespace detail_keys

/// True when the expiry was set; false when the key is missing or the condition prevented it.
/// A duration of zero or less, or a time in the past, deletes the key, as in Redis.
inline typed_command<bool> expire(std::string_view key, std::chrono::seconds ttl,
                                  expire_condition when = expire_condition::always) {
  static const command_info& info = detail::info_of("expire");
  return typed_command<bool>(detail_keys::expire_command(info, "EXPIRE", key, ttl.count(), when));
}

/// As expire(), to the millisecond (PEXPIRE).
inline typed_command<bool> pexpire(std::string_view key, std::chrono::milliseconds ttl,
                                   expire_condition when = expire_condition::always) {
  static const command_info& info = detail::info_of("pexpire");
  return typed_command<bool>(detail_keys::expire_command(info, "PEXPIRE", key, ttl.count(), when));
}

/// At a time, rounded up to the second: the key never expires before `at`.
inline typed_command<bool> expireat(std::string_view key, std::chrono::system_clock::time_point at,
                                    expire_condition when = expire_condition::always) {
  static const command_info& info = detail::info_of("expireat");
  const auto seconds = std::chrono::ceil<std::chrono::seconds>(at.time_since_epoch()).count();
  return typed_command<bool>(detail_keys::expire_command(info, "EXPIREAT", key, seconds, when));
}

/// At a time, rounded up to the millisecond.
inline typed_command<bool> pexpireat(std::string_view key, std::chrono::system_clock::time_point at,
                                     expire_condition when = expire_condition::always) {
  static const command_info& info = detail::info_of("pexpireat");
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(at.time_since_epoch()).count();
  return typed_command<bool>(detail_keys::expire_command(info, "PEXPIREAT", key, ms, when));
}

/// The time left, to the second: missing, persistent, or expiring (remaining() in milliseconds).
inline typed_command<key_ttl> ttl(std::string_view key) {
  static const command_info& info = detail::info_of("ttl");
  return typed_command<key_ttl>(detail::start(info, "TTL").arg(key),
                                &detail::ttl_in<std::chrono::seconds>);
}

/// As ttl(), in milliseconds (PTTL).
inline typed_command<key_ttl> pttl(std::string_view key) {
  static const command_info& info = detail::info_of("pttl");
  return typed_command<key_ttl>(detail::start(info, "PTTL").arg(key),
                                &detail::ttl_in<std::chrono::milliseconds>);
}

/// When the key expires, to the second: missing, persistent, or at a time.
inline typed_command<key_expiry_time> expiretime(std::string_view key) {
  static const command_info& info = detail::info_of("expiretime");
  return typed_command<key_expiry_time>(detail::start(info, "EXPIRETIME").arg(key),
                                        &detail::expiry_time_in<std::chrono::seconds>);
}

/// As expiretime(), to the millisecond (PEXPIRETIME).
inline typed_command<key_expiry_time> pexpiretime(std::string_view key) {
  static const command_info& info = detail::info_of("pexpiretime");
  return typed_command<key_expiry_time>(detail::start(info, "PEXPIRETIME").arg(key),
                                        &detail::expiry_time_in<std::chrono::milliseconds>);
}

/// True when an expiry was removed; false when the key is missing or had none.
inline typed_command<bool> persist(std::string_view key) {
  static const command_info& info = detail::info_of("persist");
  return typed_command<bool>(detail::start(info, "PERSIST").arg(key));
}

/// "string", "list", "set", "zset", "hash", "stream" (or a module's type name); "none" when the
/// key is missing.
inline typed_command<std::string> type(std::string_view key) {
  static const command_info& info = detail::info_of("type");
  return typed_command<std::string>(detail::start(info, "TYPE").arg(key));
}

/// Renames, replacing `to` if it exists; a missing `from` is a reply_error ("no such key").
inline typed_command<bool> rename(std::string_view from, std::string_view to) {
  static const command_info& info = detail::info_of("rename");
  return typed_command<bool>(detail::start(info, "RENAME").arg(from).arg(to));
}

/// True when renamed; false when `to` exists (nothing changes).
inline typed_command<bool> renamenx(std::string_view from, std::string_view to) {
  static const command_info& info = detail::info_of("renamenx");
  return typed_command<bool>(detail::start(info, "RENAMENX").arg(from).arg(to));
}

/// What COPY and RESTORE do when the destination key exists.
enum class existing_key {
  keep,    ///< leave the existing key
  replace  ///< replace it (REPLACE)
};

/// COPY's options.
struct copy_options {
  existing_key existing = existing_key::keep;  ///< replace: REPLACE
  std::optional<long long> db{};               ///< the destination's database (DB); empty: this one
};

/// True when copied; false when the source is missing or the destination exists (without replace).
inline typed_command<bool> copy(std::string_view from, std::string_view to,
                                const copy_options& o = {}) {
  static const command_info& info = detail::info_of("copy");
  command cmd = detail::start(info, "COPY");
  cmd.arg(from).arg(to);
  if (o.db) cmd.arg("DB").arg(*o.db);
  if (o.existing == existing_key::replace) {
    cmd.arg("REPLACE");
  } else {
    cmd.mark(idempotency::unsafe);  // a repeat finds the copy there and answers false
  }
  return typed_command<bool>(std::move(cmd));
}

/// The internal encoding ("listpack", "hashtable", "int", ...); nullopt for a missing key.
inline typed_command<std::optional<std::string>> object_encoding(std::string_view key) {
  static const command_info& info = detail::info_of("object", "encoding");
  return typed_command<std::optional<std::string>>(
      detail::start(info, "OBJECT").arg("ENCODING").arg(key));
}

/// How long the key has not been read or written; nullopt for a missing key. Under an LFU
/// maxmemory-policy Redis refuses it (reply_error).
inline typed_command<std::optional<std::chrono::seconds>> object_idletime(std::string_view key) {
  static const command_info& info = detail::info_of("object", "idletime");
  return typed_command<std::optional<std::chrono::seconds>>(
      detail::start(info, "OBJECT").arg("IDLETIME").arg(key), &detail::idle_seconds);
}

/// The value in Redis' serialization format, for restore(); nullopt for a missing key.
inline typed_command<std::optional<std::string>> dump(std::string_view key) {
  static const command_info& info = detail::info_of("dump");
  return typed_command<std::optional<std::string>>(detail::start(info, "DUMP").arg(key));
}

/// RESTORE's options.
struct restore_options {
  existing_key existing = existing_key::keep;  ///< keep: a reply_error (BUSYKEY) if the key exists
  std::optional<std::chrono::seconds> idle_time{};  ///< IDLETIME: the key's LRU idle time
  std::optional<int> frequency{};                   ///< FREQ: the key's LFU counter, 0 to 255
};

namespace detail_keys {
inline command restore_command(std::string_view key, std::string_view serialized, long long ttl,
                               bool absolute, const restore_options& o) {
  if (o.idle_time && o.frequency) {
    throw config_error("RESTORE takes IDLETIME or FREQ, not both: a key has one eviction counter");
  }
  static const command_info& info = detail::info_of("restore");
  command cmd = detail::start(info, "RESTORE");
  cmd.arg(key).arg(ttl).arg(serialized);
  if (o.existing == existing_key::replace) {
    cmd.arg("REPLACE");
  } else {
    cmd.mark(idempotency::unsafe);  // a repeat finds the key there: BUSYKEY
  }
  if (absolute) cmd.arg("ABSTTL");
  if (o.idle_time) cmd.arg("IDLETIME").arg(o.idle_time->count());
  if (o.frequency) cmd.arg("FREQ").arg(*o.frequency);
  return cmd;
}
}  // namespace detail_keys

/// Creates key from dump()'s bytes, expiring after ttl (zero: never). A payload Redis cannot read
/// is a reply_error.
inline typed_command<bool> restore(std::string_view key, std::string_view serialized,
                                   std::chrono::milliseconds ttl = std::chrono::milliseconds(0),
                                   const restore_options& o = {}) {
  return typed_command<bool>(detail_keys::restore_command(key, serialized, ttl.count(), false, o));
}

/// The same, expiring at a time (ABSTTL), rounded up to the millisecond; a time already past
/// creates nothing. A time at or before the epoch is a config_error (Redis reads 0 as "never").
inline typed_command<bool> restore_at(std::string_view key, std::string_view serialized,
                                      std::chrono::system_clock::time_point at,
                                      const restore_options& o = {}) {
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(at.time_since_epoch()).count();
  if (ms <= 0) throw config_error("restore_at needs a time after the Unix epoch");
  return typed_command<bool>(detail_keys::restore_command(key, serialized, ms, true, o));
}

/// SCAN's filters for keys.
struct key_scan_options {
  std::string match{};    ///< a glob pattern (MATCH); empty: every key
  std::size_t count = 0;  ///< how many keys the server looks at per page (COUNT); 0: its default
  std::string type{};     ///< only keys of this type (TYPE: "hash", "string", ...); empty: any
};

/// One page of SCAN from a cursor ("0" to start).
inline typed_command<scan_page<std::string>> scan(std::string_view cursor,
                                                  const key_scan_options& o = {}) {
  static const command_info& info = detail::info_of("scan");
  command cmd = detail::start(info, "SCAN");
  cmd.arg(cursor);
  if (!o.match.empty()) cmd.arg("MATCH").arg(o.match);
  if (o.count != 0) cmd.arg("COUNT").arg(o.count);
  if (!o.type.empty()) cmd.arg("TYPE").arg(o.type);
  return typed_command<scan_page<std::string>>(std::move(cmd), &detail::scan_page_of<std::string>);
}

/// Every key, one SCAN page at a time as the range is iterated:
/// for (const std::string& key : cmd::scan(redis, {"user:*"})) ...
inline scan_range<std::string> scan(const client& redis, key_scan_options o = {}) {
  return scan_range<std::string>(redis, [o = std::move(o)](const std::string& cursor) {
    return scan(detail_scan::cursor_arg(cursor), o);
  });
}

}  // namespace rediscache::cmd
