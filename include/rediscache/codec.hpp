#pragma once

#include <rediscache/exact_json.hpp>
#include <rediscache/export.hpp>
#include <rediscache/serializer.hpp>

#include <nlohmann/json.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// codec<T> turns a T into the bytes stored in Redis and back, the way django-redis does: integers
// as plain decimal text (so INCR works on them, and Python reads them as int), everything else
// through the alias' serializer. Compression is applied by the cache around these bytes, never to
// plain integers. Every failure throws codec_error.
//
// Two ways to store your own types.
//
// 1. ADL to_json/from_json next to the type (nlohmann's own extension point). The value goes
//    through the serializer, so Python reads it as a dict:
//
//      namespace shop {
//      struct item {
//        std::string name;
//        int quantity = 0;
//      };
//      inline void to_json(nlohmann::json& j, const item& i) {
//        j = {{"name", i.name}, {"quantity", i.quantity}};
//      }
//      inline void from_json(const nlohmann::json& j, item& i) {
//        j.at("name").get_to(i.name);
//        j.at("quantity").get_to(i.quantity);
//      }
//      }  // namespace shop
//
// 2. Specialize codec for full control of the bytes. Here a duration is stored as a plain
//    integer, so Python reads it as an int and INCRBY can extend it:
//
//      namespace rediscache {
//      template <>
//      struct codec<std::chrono::seconds> {
//        static std::string encode(const std::chrono::seconds& v, const serializer& s) {
//          return codec<std::int64_t>::encode(v.count(), s);
//        }
//        static std::chrono::seconds decode(std::string_view data, const serializer& s) {
//          return std::chrono::seconds(codec<std::int64_t>::decode(data, s));
//        }
//      };
//      }  // namespace rediscache
//
//    A specialization may also be partial, through the second parameter:
//    template <class T> struct codec<T, std::enable_if_t<my_trait<T>>> { ... };

namespace rediscache {

/// Binary data, stored and read back byte for byte.
using bytes = std::vector<std::byte>;

/// Integers the cache stores as decimal text and never compresses; bool is not one of them.
template <class T>
inline constexpr bool stores_plain_integer = std::is_integral_v<T> && !std::is_same_v<T, bool>;

/// Whether Python's int() accepts these bytes: surrounding ASCII whitespace, an optional sign, and
/// decimal digits with single underscores between them, of any size. django-redis reads every
/// such value as an int whatever its writer meant, so the cache must not compress encoded values
/// for which this holds (a nlohmann::json holding an integer, for example).
REDISCACHE_API bool is_plain_integer_text(std::string_view data) noexcept;

namespace detail {

enum class integer_parse { ok, not_integer, out_of_range };

// Python int() parsing (see is_plain_integer_text) into 64 bits.
REDISCACHE_API integer_parse parse_python_int(std::string_view text, long long& out) noexcept;
REDISCACHE_API integer_parse parse_python_int(std::string_view text,
                                              unsigned long long& out) noexcept;

// The default path: an integer as decimal text, anything else through the serializer.
REDISCACHE_API std::string encode_json_value(const nlohmann::json& v, const serializer& s);
// Reading in django-redis' order: an int() literal first, then the serializer.
REDISCACHE_API nlohmann::json decode_json_value(std::string_view data, const serializer& s);

// True when text is printable ASCII without '"' or '\\': its JSON string form is the text in
// quotes, with nothing to escape. Lets strings skip the JSON parser, the common case by far.
REDISCACHE_API bool is_plain_json_text(std::string_view text) noexcept;
// A JSON string literal whose body is plain JSON text: "..." with nothing escaped.
inline bool is_plain_json_string(std::string_view data) noexcept {
  return data.size() >= 2 && data.front() == '"' && data.back() == '"' &&
         is_plain_json_text(data.substr(1, data.size() - 2));
}

[[noreturn]] REDISCACHE_API void throw_encode_error(const nlohmann::json::exception& e);
[[noreturn]] REDISCACHE_API void throw_decode_error(const nlohmann::json::exception& e);

}  // namespace detail

/// The default: through nlohmann::json, so ADL to_json/from_json, the standard containers, bool,
/// floating point and nlohmann::json itself all work. As in django-redis, an integer at the top
/// level is written as decimal text, and decimal text is read as an integer before the serializer
/// is tried (so a double reads a Python int, and msgpack never writes 48 as the byte '0').
template <class T, class Enable = void>
struct codec {
  /// The bytes to store for \p value, with serializer \p s.
  static std::string encode(const T& value, const serializer& s) {
    if constexpr (std::is_same_v<T, nlohmann::json>) {
      return detail::encode_json_value(value, s);
    } else {
      nlohmann::json j;
      try {
        j = value;
      } catch (const nlohmann::json::exception& e) {
        detail::throw_encode_error(e);
      }
      return detail::encode_json_value(j, s);
    }
  }

  /// The value read back from stored bytes; codec_error when they are not a T.
  static T decode(std::string_view data, const serializer& s) {
    nlohmann::json j = detail::decode_json_value(data, s);
    if constexpr (std::is_same_v<T, nlohmann::json>) {
      return j;
    } else {
      try {
        return detail::exact_json<T>::get(j);
      } catch (const nlohmann::json::exception& e) {
        detail::throw_decode_error(e);
      }
    }
  }
};

/// Integers other than bool: decimal text, read back with Python int()'s rules and range-checked.
template <class T>
struct codec<T, std::enable_if_t<stores_plain_integer<T>>> {
  /// \copydoc codec::encode
  static std::string encode(const T& value, const serializer&) {
    char text[24];
    const auto end = std::to_chars(text, text + sizeof text, static_cast<wide>(value)).ptr;
    return std::string(text, end);
  }

  /// \copydoc codec::decode
  static T decode(std::string_view data, const serializer& s) {
    wide v{};
    switch (detail::parse_python_int(data, v)) {
      case detail::integer_parse::ok:
        if (detail::fits_in<T>(v)) return static_cast<T>(v);
        detail::throw_out_of_range();
      case detail::integer_parse::out_of_range:
        detail::throw_out_of_range();
      case detail::integer_parse::not_integer:
        break;
    }
    // Not decimal text: perhaps an integer some other writer serialized.
    return detail::exact_json<T>::get(s.load(data));
  }

 private:
  using wide = std::conditional_t<std::is_signed_v<T>, long long, unsigned long long>;
};

/// With the raw serializer a string is stored verbatim; with json or msgpack it is a serialized
/// string, so Python reads it back as str. A stored number or list is a codec_error, not text.
template <>
struct codec<std::string> {
  /// \copydoc codec::encode
  static std::string encode(const std::string& value, const serializer& s) {
    if (s.kind() == serializer_kind::raw) return value;
    if (s.kind() == serializer_kind::json && detail::is_plain_json_text(value)) {
      std::string out;
      out.reserve(value.size() + 2);
      out += '"';
      out += value;
      out += '"';
      return out;
    }
    return s.dump(nlohmann::json(value));
  }

  /// \copydoc codec::decode
  static std::string decode(std::string_view data, const serializer& s) {
    if (s.kind() == serializer_kind::raw) return std::string(data);
    if (s.kind() == serializer_kind::json && detail::is_plain_json_string(data)) {
      return std::string(data.substr(1, data.size() - 2));
    }
    nlohmann::json j = detail::decode_json_value(data, s);
    if (!j.is_string()) detail::throw_wrong_type(j, "a string");
    return std::move(j.get_ref<std::string&>());
  }

  /// The same for a buffer the caller gives up (the cache's fetched value): the common cases reuse
  /// it instead of copying. Only an rvalue std::string selects this overload.
  template <class Owned, std::enable_if_t<std::is_same_v<Owned, std::string>, int> = 0>
  static std::string decode(Owned&& data, const serializer& s) {
    if (s.kind() == serializer_kind::raw) return std::move(data);
    if (s.kind() == serializer_kind::json && detail::is_plain_json_string(data)) {
      data.pop_back();
      data.erase(0, 1);
      return std::move(data);
    }
    return decode(std::string_view(data), s);
  }
};

/// With msgpack and pickle, bytes are msgpack bin or pickled bytes, which Python reads as bytes.
/// With json and raw they are stored verbatim: Python's json serializer cannot represent bytes at
/// all, so a Python reader sees whatever those bytes parse as (or fails).
template <>
struct codec<bytes> {
  /// \copydoc codec::encode
  static std::string encode(const bytes& value, const serializer& s) {
    const auto* first = reinterpret_cast<const char*>(value.data());
    if (!holds_bytes(s)) return std::string(first, first + value.size());
    const auto* octets = reinterpret_cast<const std::uint8_t*>(value.data());
    return s.dump(nlohmann::json::binary(std::vector<std::uint8_t>(octets, octets + value.size())));
  }

  /// \copydoc codec::decode
  static bytes decode(std::string_view data, const serializer& s) {
    if (!holds_bytes(s)) return to_bytes(data.data(), data.size());
    const nlohmann::json j = detail::decode_json_value(data, s);
    if (!j.is_binary()) detail::throw_wrong_type(j, "bytes");
    const auto& b = j.get_binary();
    return to_bytes(b.data(), b.size());
  }

 private:
  static bool holds_bytes(const serializer& s) {
    return s.kind() == serializer_kind::msgpack || s.kind() == serializer_kind::pickle;
  }
  template <class Octet>
  static bytes to_bytes(const Octet* data, std::size_t size) {
    const auto* first = reinterpret_cast<const std::byte*>(data);
    return bytes(first, first + size);
  }
};

}  // namespace rediscache
