#include <rediscache/command.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace rediscache {
namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Every argument, decoded from the RESP encoding the command keeps.
std::vector<std::string_view> arguments(std::string_view encoded, std::size_t count) {
  std::vector<std::string_view> out;
  out.reserve(count);
  std::size_t pos = 0;
  while (pos < encoded.size()) {
    std::size_t len = 0;
    const char* first = encoded.data() + pos + 1;  // after '$'
    auto parsed = std::from_chars(first, encoded.data() + encoded.size(), len);
    const std::size_t body = static_cast<std::size_t>(parsed.ptr - encoded.data()) + 2;
    out.push_back(encoded.substr(body, len));
    pos = body + len + 2;
  }
  return out;
}

// Appends the keys one specification finds among args.
void find_keys(const key_spec& spec, const std::vector<std::string_view>& args,
               std::vector<std::string_view>& keys) {
  const auto n = static_cast<long>(args.size());
  long begin = -1;
  if (spec.how == key_spec::begin::index) {
    begin = spec.start;
  } else {
    // A keyword searched forwards from start, or backwards from the end for a negative start.
    const long from = spec.start >= 0 ? spec.start : n + spec.start;
    const long step = spec.start >= 0 ? 1 : -1;
    for (long i = from; i > 0 && i < n; i += step) {
      if (equal_ignoring_case(args[static_cast<std::size_t>(i)], spec.keyword)) {
        begin = i + 1;
        break;
      }
    }
  }
  if (begin <= 0 || begin >= n) return;
  long first = begin;
  long last = 0;
  long step = std::max<long>(spec.b, 1);
  if (spec.what == key_spec::find::range) {
    if (spec.a >= 0) {
      last = begin + spec.a;
    } else if (spec.a == -1 && spec.c > 1) {
      last = begin + (n - begin) / spec.c - 1;
    } else {
      last = n + spec.a;
    }
  } else {
    const long count_at = begin + spec.a;
    if (count_at >= n) return;
    long count = 0;
    const auto text = args[static_cast<std::size_t>(count_at)];
    auto parsed = std::from_chars(text.data(), text.data() + text.size(), count);
    if (parsed.ec != std::errc() || count <= 0) return;
    first = begin + spec.c;
    last = first + (count - 1) * step;
  }
  for (long i = first; i <= last && i < n; i += step) keys.push_back(args[static_cast<std::size_t>(i)]);
}

}  // namespace

const command_info* command::info() const noexcept {
  if (info_ != nullptr) return info_;
  return find_command_info(argument(0), argument(1));
}

std::string_view command::argument(std::size_t i) const noexcept {
  std::size_t pos = 0;
  for (std::size_t index = 0; pos < args_.size(); ++index) {
    std::size_t len = 0;
    const char* first = args_.data() + pos + 1;
    auto parsed = std::from_chars(first, args_.data() + args_.size(), len);
    const std::size_t body = static_cast<std::size_t>(parsed.ptr - args_.data()) + 2;
    if (index == i) return std::string_view(args_).substr(body, len);
    pos = body + len + 2;
  }
  return {};
}

std::vector<std::string_view> command::keys() const {
  const command_info* described = info();
  if (described == nullptr) return {};
  return keys(*described);
}

std::vector<std::string_view> command::keys(const command_info& described) const {
  std::vector<std::string_view> keys;
  const auto args = arguments(args_, argc_);
  for (std::uint8_t s = 0; s < described.spec_count; ++s) find_keys(described.specs[s], args, keys);
  return keys;
}

}  // namespace rediscache
