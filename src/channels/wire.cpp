#include "channels/wire.hpp"

#include <rediscache/error.hpp>

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <regex>

namespace rediscache::channels::detail {
namespace {

void put_be(std::string& out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

void pack_length(std::string& out, std::size_t n, unsigned char fix, std::size_t fix_limit,
                 unsigned char c8, unsigned char c16, unsigned char c32) {
  if (fix != 0 && n < fix_limit) {
    out += static_cast<char>(fix | n);
  } else if (c8 != 0 && n <= 0xff) {
    out += static_cast<char>(c8);
    put_be(out, n, 1);
  } else if (n <= 0xffff) {
    out += static_cast<char>(c16);
    put_be(out, n, 2);
  } else if (n <= 0xffffffffULL) {
    out += static_cast<char>(c32);
    put_be(out, n, 4);
  } else {
    throw config_error("Channels message: a value longer than 4 GiB cannot be packed");
  }
}

void pack_into(const nlohmann::json& v, std::string& out) {
  using t = nlohmann::json::value_t;
  switch (v.type()) {
    case t::null: out += '\xc0'; return;
    case t::boolean: out += v.get<bool>() ? '\xc3' : '\xc2'; return;
    case t::number_unsigned: {
      const auto n = v.get<std::uint64_t>();
      if (n < 128) out += static_cast<char>(n);
      else if (n <= 0xff) { out += '\xcc'; put_be(out, n, 1); }
      else if (n <= 0xffff) { out += '\xcd'; put_be(out, n, 2); }
      else if (n <= 0xffffffffULL) { out += '\xce'; put_be(out, n, 4); }
      else { out += '\xcf'; put_be(out, n, 8); }
      return;
    }
    case t::number_integer: {
      const auto n = v.get<std::int64_t>();
      if (n >= 0) {
        pack_into(nlohmann::json(static_cast<std::uint64_t>(n)), out);
      } else if (n >= -32) {
        out += static_cast<char>(static_cast<std::uint8_t>(n));
      } else if (n >= -128) {
        out += '\xd0';
        put_be(out, static_cast<std::uint64_t>(n), 1);
      } else if (n >= -32768) {
        out += '\xd1';
        put_be(out, static_cast<std::uint64_t>(n), 2);
      } else if (n >= INT32_MIN) {
        out += '\xd2';
        put_be(out, static_cast<std::uint64_t>(n), 4);
      } else {
        out += '\xd3';
        put_be(out, static_cast<std::uint64_t>(n), 8);
      }
      return;
    }
    case t::number_float: {
      const double d = v.get<double>();
      std::uint64_t bits;
      static_assert(sizeof bits == sizeof d);
      std::memcpy(&bits, &d, sizeof d);
      out += '\xcb';
      put_be(out, bits, 8);
      return;
    }
    case t::string: {
      const auto& s = v.get_ref<const std::string&>();
      pack_length(out, s.size(), 0xa0, 32, 0xd9, 0xda, 0xdb);
      out += s;
      return;
    }
    case t::binary: {
      const auto& b = v.get_binary();
      pack_length(out, b.size(), 0, 0, 0xc4, 0xc5, 0xc6);
      out.append(reinterpret_cast<const char*>(b.data()), b.size());
      return;
    }
    case t::array:
      pack_length(out, v.size(), 0x90, 16, 0, 0xdc, 0xdd);
      for (const auto& item : v) pack_into(item, out);
      return;
    case t::object:
      pack_length(out, v.size(), 0x80, 16, 0, 0xde, 0xdf);
      for (auto it = v.begin(); it != v.end(); ++it) {
        pack_into(nlohmann::json(it.key()), out);
        pack_into(it.value(), out);
      }
      return;
    case t::discarded: break;
  }
  throw config_error("Channels message: a discarded JSON value cannot be packed");
}

const std::regex channel_pattern(R"(^[a-zA-Z\d\-_.]+(\![\d\w\-_.]*)?$)");
const std::regex group_pattern(R"(^[a-zA-Z\d\-_.]+$)");

std::mt19937_64& rng() {
  thread_local std::mt19937_64 engine = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return engine;
}

// p[i] is '['. False when no ']' closes it: fnmatch then takes the '[' literally.
bool match_class(std::string_view p, std::size_t& i, char c, bool& ok) {
  std::size_t j = i + 1;
  if (j < p.size() && p[j] == '!') ++j;
  if (j < p.size() && p[j] == ']') ++j;
  while (j < p.size() && p[j] != ']') ++j;
  if (j >= p.size()) return false;
  std::size_t k = i + 1;
  const bool negate = p[k] == '!';
  if (negate) ++k;
  bool found = false;
  while (k < j) {
    if (k + 2 < j && p[k + 1] == '-') {
      if (p[k] <= c && c <= p[k + 2]) found = true;
      k += 3;
    } else {
      if (p[k] == c) found = true;
      ++k;
    }
  }
  ok = found != negate;
  i = j + 1;
  return true;
}

bool fnmatch_from(std::string_view p, std::size_t pi, std::string_view s, std::size_t si) {
  while (pi < p.size()) {
    const char c = p[pi];
    if (c == '*') {
      while (pi < p.size() && p[pi] == '*') ++pi;
      if (pi == p.size()) return true;
      for (std::size_t k = si; k <= s.size(); ++k) {
        if (fnmatch_from(p, pi, s, k)) return true;
      }
      return false;
    }
    if (si >= s.size()) return false;
    if (c == '?') {
      ++pi;
      ++si;
      continue;
    }
    if (c == '[') {
      bool ok = false;
      std::size_t next = pi;
      if (match_class(p, next, s[si], ok)) {
        if (!ok) return false;
        pi = next;
        ++si;
        continue;
      }
    }
    if (c != s[si]) return false;
    ++pi;
    ++si;
  }
  return si == s.size();
}

}  // namespace

std::string pack(const nlohmann::json& value) {
  std::string out;
  pack_into(value, out);
  return out;
}

nlohmann::json unpack(std::string_view bytes) {
  nlohmann::json value;
  try {
    value = nlohmann::json::from_msgpack(bytes.begin(), bytes.end());
  } catch (const nlohmann::json::exception& e) {
    throw codec_error(std::string("Channels message is not msgpack a reader can use: ") + e.what());
  }
  if (!value.is_object()) throw codec_error("Channels message is not a msgpack map");
  return value;
}

void check_channel_name(const std::string& name) {
  if (name.size() >= 100 || !std::regex_match(name, channel_pattern)) {
    throw config_error("invalid Channels channel name \"" + name.substr(0, 120) +
                       "\": letters, digits, '-', '_', '.' and one optional '!', under 100 "
                       "characters");
  }
}

void check_group_name(const std::string& name) {
  if (name.size() >= 100 || !std::regex_match(name, group_pattern)) {
    throw config_error("invalid Channels group name \"" + name.substr(0, 120) +
                       "\": letters, digits, '-', '_' and '.', under 100 characters");
  }
}

std::string non_local_name(const std::string& channel) {
  const auto bang = channel.find('!');
  return bang == std::string::npos ? channel : channel.substr(0, bang + 1);
}

std::size_t consistent_hash(std::string_view value, std::size_t ring_size) {
  if (ring_size <= 1) return 0;
  const auto crc = ::crc32(0L, reinterpret_cast<const Bytef*>(value.data()),
                           static_cast<uInt>(value.size()));
  const double divisor = 4096.0 / static_cast<double>(ring_size);
  return static_cast<std::size_t>(static_cast<double>(crc & 0xfff) / divisor);
}

bool fnmatch(std::string_view pattern, std::string_view name) {
  return fnmatch_from(pattern, 0, name, 0);
}

std::string random_bytes(std::size_t n) {
  std::string out;
  out.reserve(n + 8);
  while (out.size() < n) {
    const auto v = rng()();
    for (int i = 0; i < 8 && out.size() < n; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
  }
  return out;
}

std::string random_hex32() {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : random_bytes(16)) {
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

}  // namespace rediscache::channels::detail
