#pragma once

// RESP2 bytes written by hand for reply-conversion tests, and the reply they parse to.
#include "resp/reader.hpp"

#include <rediscache/reply_as.hpp>

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

namespace rediscache::test {

inline std::string bulk(std::string_view text) {
  return "$" + std::to_string(text.size()) + "\r\n" + std::string(text) + "\r\n";
}
inline std::string integer(long long value) { return ":" + std::to_string(value) + "\r\n"; }
inline std::string nil() { return "$-1\r\n"; }
inline std::string array(std::initializer_list<std::string> elements) {
  std::string out = "*" + std::to_string(elements.size()) + "\r\n";
  for (const auto& e : elements) out += e;
  return out;
}

inline reply parse(const std::string& bytes) {
  detail::reader r{reply_limits{}};
  r.feed(bytes.data(), bytes.size());
  reply out;
  EXPECT_TRUE(r.next(out)) << bytes;
  return out;
}

template <class T>
T as(const std::string& bytes, const value_codec& codec = value_codec()) {
  return reply_as<T>(parse(bytes), codec);
}

}  // namespace rediscache::test
