#pragma once

#include <rediscache/codec.hpp>
#include <rediscache/export.hpp>
#include <rediscache/pickle/value.hpp>
#include <rediscache/serializer.hpp>

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>
#include <string_view>

/// \file
/// Python pickles of cache values, as django-redis' default PickleSerializer stores them. Only the
/// types of value.hpp are read: a pickle naming any other class (a model instance, a lambda,
/// os.system) is a codec_error naming it, and nothing in it is ever called. Hostile input is
/// bounded by load_limits.
namespace rediscache::pickle {

/// pickle.DEFAULT_PROTOCOL of Python 3.8 to 3.13, and so what django-redis writes by default.
inline constexpr int default_protocol = 4;

/// Bounds on what load() builds from hostile input; past one, a codec_error.
struct load_limits {
  std::size_t max_depth = 1000;  ///< nesting of containers, as serializer::load
  /// Values built, counting every copy a shared reference expands to (a pickle can reference one
  /// list from many places, which C++ values copy). Both limits are checked before anything is
  /// copied, so a pickle past them costs no more memory than its own size.
  std::size_t max_values = 10'000'000;
  /// Memory the result takes: sizeof(pickle::value) per value plus str and bytes contents.
  std::size_t max_bytes = 512u * 1024 * 1024;
  std::size_t max_int_digits = 4300;  ///< Python's own int-to-str limit
};

/// Reads protocols 2 to 5. codec_error for anything else: a class outside the allow-list, an
/// opcode beyond the subset these types use, truncated or malformed input, a limit passed, or a
/// recursive structure (a list containing itself).
REDISCACHE_API value load(std::string_view data, const load_limits& limits = {});
/// Writes protocol 4 or 5 as CPython's pickle.dumps does for the same value.
REDISCACHE_API std::string dump(const value& v, int protocol = default_protocol);

///@{
/// The same through nlohmann::json (serializer_kind::pickle uses these), mapped as:
///   None <-> null, bool <-> boolean, int <-> integer (past 64 bits a codec_error on load),
///   float <-> number, str <-> string, bytes and bytearray -> binary (binary -> bytes),
///   list, tuple, set, frozenset -> array (array -> list), dict with str keys <-> object
///   (any other key is a codec_error), datetime/date/time -> ISO 8601 string (isoformat()),
///   timedelta -> total seconds as a number, Decimal -> its str(), UUID -> its canonical string.
REDISCACHE_API nlohmann::json load_json(std::string_view data, const load_limits& limits = {});
REDISCACHE_API std::string dump_json(const nlohmann::json& v, int protocol = default_protocol);
REDISCACHE_API nlohmann::json to_json(const value& v);
REDISCACHE_API value from_json(const nlohmann::json& v);
///@}

}  // namespace rediscache::pickle

namespace rediscache {
namespace detail {
REDISCACHE_API std::string encode_pickle_value(const pickle::value& v, const serializer& s);
REDISCACHE_API pickle::value decode_pickle_value(std::string_view data, const serializer& s);
}  // namespace detail

/// A pickle::value in the cache. As django-redis does, an int is stored as decimal text (any
/// size, so INCR and Python's int() read it) and everything else through the serializer: pickled
/// with the pickle serializer, or mapped through nlohmann::json (pickle::to_json) with the others.
template <>
struct codec<pickle::value> {
  /// The value's bytes in Redis.
  static std::string encode(const pickle::value& v, const serializer& s) {
    return detail::encode_pickle_value(v, s);
  }
  /// The value from its bytes in Redis.
  static pickle::value decode(std::string_view data, const serializer& s) {
    return detail::decode_pickle_value(data, s);
  }
};

}  // namespace rediscache
