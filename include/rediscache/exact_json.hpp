#pragma once
// Reading a stored JSON value into a C++ type without changing any number on the way.
// nlohmann's own conversions turn 1.5 into 1, -7.5e90 into an undefined integer and true into 1
// when an integer is asked for; a cache must refuse those (codec_error) rather than return a
// number the stored value does not hold. Integers are checked wherever they sit in the standard
// containers; other types (yours, with their own from_json) convert by nlohmann's rules.
#include <rediscache/export.hpp>

#include <nlohmann/json.hpp>

#include <deque>
#include <limits>
#include <list>
#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace rediscache::detail {

[[noreturn]] REDISCACHE_API void throw_wrong_type(const nlohmann::json& stored, const char* wanted);
[[noreturn]] REDISCACHE_API void throw_out_of_range();

template <class T, class Wide>
constexpr bool fits_in(Wide v) noexcept {
  using limits = std::numeric_limits<T>;
  if constexpr (std::is_signed_v<Wide>) {
    if (v < 0) return std::is_signed_v<T> && v >= static_cast<long long>(limits::min());
  }
  return static_cast<unsigned long long>(v) <= static_cast<unsigned long long>(limits::max());
}

template <class T, class Enable = void>
struct exact_json {
  static T get(const nlohmann::json& j) { return j.get<T>(); }
};

/// An integer other than bool: only a JSON integer that fits, never a float or a boolean.
template <class T>
struct exact_json<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static T get(const nlohmann::json& j) {
    if (j.is_number_unsigned()) return checked(j.get<unsigned long long>());
    if (j.is_number_integer()) return checked(j.get<long long>());
    throw_wrong_type(j, "an integer");
  }

 private:
  template <class Wide>
  static T checked(Wide v) {
    if (!fits_in<T>(v)) throw_out_of_range();
    return static_cast<T>(v);
  }
};

/// Sequences and sets: each element read exactly.
template <class Container>
struct exact_json_sequence {
  static Container get(const nlohmann::json& j) {
    if (!j.is_array()) throw_wrong_type(j, "an array");
    Container out;
    for (const nlohmann::json& element : j) {
      out.insert(out.end(), exact_json<typename Container::value_type>::get(element));
    }
    return out;
  }
};

template <class T, class A>
struct exact_json<std::vector<T, A>> : exact_json_sequence<std::vector<T, A>> {};
template <class T, class A>
struct exact_json<std::deque<T, A>> : exact_json_sequence<std::deque<T, A>> {};
template <class T, class A>
struct exact_json<std::list<T, A>> : exact_json_sequence<std::list<T, A>> {};
template <class T, class C, class A>
struct exact_json<std::set<T, C, A>> : exact_json_sequence<std::set<T, C, A>> {};
template <class T, class H, class E, class A>
struct exact_json<std::unordered_set<T, H, E, A>>
    : exact_json_sequence<std::unordered_set<T, H, E, A>> {};

/// Maps with string keys (JSON objects): each value read exactly. Other keys follow nlohmann.
template <class Map>
struct exact_json_object {
  static Map get(const nlohmann::json& j) {
    if (!j.is_object()) throw_wrong_type(j, "an object");
    Map out;
    for (auto item = j.begin(); item != j.end(); ++item) {
      out.emplace(item.key(), exact_json<typename Map::mapped_type>::get(item.value()));
    }
    return out;
  }
};

template <class V, class C, class A>
struct exact_json<std::map<std::string, V, C, A>>
    : exact_json_object<std::map<std::string, V, C, A>> {};
template <class V, class H, class E, class A>
struct exact_json<std::unordered_map<std::string, V, H, E, A>>
    : exact_json_object<std::unordered_map<std::string, V, H, E, A>> {};

}  // namespace rediscache::detail
