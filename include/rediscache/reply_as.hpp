#pragma once

#include <rediscache/codec.hpp>
#include <rediscache/error.hpp>
#include <rediscache/export.hpp>
#include <rediscache/reply.hpp>
#include <rediscache/value_codec.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

/// \file
/// How a reply becomes a C++ value: arrays give the structure (vectors, maps from flat field/value
/// arrays, pairs), and each string in them is a value: std::string and rediscache::bytes stay the
/// bytes Redis holds, numbers and bool are parsed, and any other type goes through the alias'
/// value_codec, as cache.get<T> would read it. Specialize from_reply for a type of your own.
namespace rediscache {

/// How a reply becomes a T; specialize it (a static T convert(reply&&, const value_codec&)) for
/// a type of your own.
template <class T, class Enable = void>
struct from_reply;

/// True for a class template's reply types (scored_member<T>, stream_entry<T>, ...), which have
/// from_reply partial specializations of their own: they are structures, not stored values.
template <class T>
struct is_reply_structure : std::false_type {};

/// The reply as a T (see the file's description); protocol_error when its shape does not fit T,
/// reply_error for an error reply.
template <class T>
T reply_as(reply&& r, const value_codec& codec) {
  return from_reply<T>::convert(std::move(r), codec);
}

namespace detail {

// The error of an error reply, thrown; any other unexpected kind is a protocol_error.
[[noreturn]] REDISCACHE_API void wrong_reply(const reply& r, const char* wanted);
REDISCACHE_API long long integer_of(const reply& r);
REDISCACHE_API double double_of(const reply& r);
REDISCACHE_API bool bool_of(const reply& r);
// A string reply's bytes; an integer reply's decimal text.
REDISCACHE_API std::string text_of(reply&& r);

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};
template <class T>
struct is_pair : std::false_type {};
template <class A, class B>
struct is_pair<std::pair<A, B>> : std::true_type {};
template <class T>
struct is_map : std::false_type {};
template <class K, class V, class C, class A>
struct is_map<std::map<K, V, C, A>> : std::true_type {};
template <class K, class V, class H, class E, class A>
struct is_map<std::unordered_map<K, V, H, E, A>> : std::true_type {};
template <class T>
struct is_set : std::false_type {};
template <class T, class C, class A>
struct is_set<std::set<T, C, A>> : std::true_type {};

template <class T>
inline constexpr bool is_number_v =
    (std::is_integral_v<T> && !std::is_same_v<T, bool>) || std::is_floating_point_v<T>;
template <class T>
inline constexpr bool is_structural_v =
    std::is_same_v<T, reply> || is_optional<T>::value || is_vector<T>::value ||
    is_pair<T>::value || is_map<T>::value || is_set<T>::value || is_reply_structure<T>::value;

// Whether a stored value (json) can decode to T: a container of std::optional cannot, for one.
template <class T, class = void>
struct json_decodable : std::false_type {};
template <class T>
struct json_decodable<
    T, std::void_t<decltype(std::declval<const nlohmann::json&>().template get<T>())>>
    : std::true_type {};

template <class Int>
Int checked_integer(long long v) {
  if (!fits_in<Int>(v)) throw protocol_error("an integer reply does not fit the requested type");
  return static_cast<Int>(v);
}

// A value in a string reply (or an array, for a stored json array or map): the codec decides.
template <class T>
T value_of(reply&& r, const value_codec& codec) {
  if (r.is_error() || r.is_nil()) wrong_reply(r, "a value");
  if (r.is_array()) wrong_reply(r, "a value");
  return codec.decode<T>(text_of(std::move(r)));
}

}  // namespace detail

/// The reply itself.
template <>
struct from_reply<reply> {
  /// Returns r unchanged.
  static reply convert(reply&& r, const value_codec&) { return std::move(r); }
};

/// A string reply's bytes; an integer reply's decimal text.
template <>
struct from_reply<std::string> {
  /// Reads r's text.
  static std::string convert(reply&& r, const value_codec&) { return detail::text_of(std::move(r)); }
};

/// A string reply's bytes as rediscache::bytes.
template <>
struct from_reply<bytes> {
  /// Reads r's bytes.
  static bytes convert(reply&& r, const value_codec&) {
    const std::string text = detail::text_of(std::move(r));
    const auto* first = reinterpret_cast<const std::byte*>(text.data());
    return bytes(first, first + text.size());
  }
};

/// A bool: a non-zero integer, "OK" or "1" is true; 0, nil or another string is false.
template <>
struct from_reply<bool> {
  /// Reads r as a bool.
  static bool convert(reply&& r, const value_codec&) { return detail::bool_of(r); }
};

template <class T>
struct from_reply<T, std::enable_if_t<detail::is_number_v<T>>> {
  static T convert(reply&& r, const value_codec&) {
    if constexpr (std::is_floating_point_v<T>) {
      return static_cast<T>(detail::double_of(r));
    } else {
      return detail::checked_integer<T>(detail::integer_of(r));
    }
  }
};

/// nullopt for a nil reply; otherwise the reply as a T.
template <class T>
struct from_reply<std::optional<T>> {
  /// Reads r as an optional T.
  static std::optional<T> convert(reply&& r, const value_codec& codec) {
    if (r.is_nil()) return std::nullopt;
    return reply_as<T>(std::move(r), codec);
  }
};

/// An array of elements, or (for a string reply) a stored value that decodes to a vector.
template <class T, class A>
struct from_reply<std::vector<T, A>> {
  /// Reads r as a vector of T: an array, a flat field/value array for pairs, or a stored value.
  static std::vector<T, A> convert(reply&& r, const value_codec& codec) {
    if constexpr (detail::json_decodable<std::vector<T, A>>::value) {
      if (r.is_string()) return detail::value_of<std::vector<T, A>>(std::move(r), codec);
    }
    auto& elements = r.elements();
    std::vector<T, A> out;
    if constexpr (detail::is_pair<T>::value) {
      // A flat [k1, v1, k2, v2, ...] array (HGETALL), or an array of two-element arrays.
      if (!elements.empty() && !elements.front().is_array()) {
        if (elements.size() % 2 != 0) throw protocol_error("a field/value array has an odd length");
        out.reserve(elements.size() / 2);
        for (std::size_t i = 0; i < elements.size(); i += 2) {
          out.emplace_back(reply_as<typename T::first_type>(std::move(elements[i]), codec),
                           reply_as<typename T::second_type>(std::move(elements[i + 1]), codec));
        }
        return out;
      }
    }
    out.reserve(elements.size());
    for (auto& e : elements) out.push_back(reply_as<T>(std::move(e), codec));
    return out;
  }
};

/// A two-element array.
template <class A, class B>
struct from_reply<std::pair<A, B>> {
  /// Reads r as a pair; protocol_error unless it has two elements.
  static std::pair<A, B> convert(reply&& r, const value_codec& codec) {
    auto& elements = r.elements();
    if (elements.size() != 2) {
      throw protocol_error("expected a two-element array, got " + std::to_string(elements.size()));
    }
    return {reply_as<A>(std::move(elements[0]), codec), reply_as<B>(std::move(elements[1]), codec)};
  }
};

template <class M>
struct from_reply<M, std::enable_if_t<detail::is_map<M>::value>> {
  static M convert(reply&& r, const value_codec& codec) {
    if constexpr (detail::json_decodable<M>::value) {
      if (r.is_string()) return detail::value_of<M>(std::move(r), codec);
    }
    using pair = std::pair<typename M::key_type, typename M::mapped_type>;
    M out;
    for (auto& [k, v] : reply_as<std::vector<pair>>(std::move(r), codec)) {
      out.insert_or_assign(std::move(k), std::move(v));
    }
    return out;
  }
};

template <class S>
struct from_reply<S, std::enable_if_t<detail::is_set<S>::value>> {
  static S convert(reply&& r, const value_codec& codec) {
    if constexpr (detail::json_decodable<S>::value) {
      if (r.is_string()) return detail::value_of<S>(std::move(r), codec);
    }
    S out;
    for (auto& e : r.elements()) out.insert(reply_as<typename S::value_type>(std::move(e), codec));
    return out;
  }
};

/// Everything else is a stored value: nlohmann::json, your types with to_json/from_json or a
/// codec specialization.
template <class T>
struct from_reply<T, std::enable_if_t<!detail::is_structural_v<T> && !detail::is_number_v<T> &&
                                      !std::is_same_v<T, std::string> &&
                                      !std::is_same_v<T, bytes> && !std::is_same_v<T, bool>>> {
  static T convert(reply&& r, const value_codec& codec) {
    return detail::value_of<T>(std::move(r), codec);
  }
};

}  // namespace rediscache
