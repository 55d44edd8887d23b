#include <rediscache/commands/server_types.hpp>
#include <rediscache/error.hpp>
#include <rediscache/reply_as.hpp>

#include <algorithm>
#include <cctype>

namespace rediscache {
namespace {

std::string_view trimmed(std::string_view line) {
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
  while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
  return line;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

server_info parse_info(std::string_view text) {
  server_info out;
  std::map<std::string, std::string>* section = nullptr;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = trimmed(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (line.empty()) continue;
    if (line.front() == '#') {
      section = &out[lower(trimmed(line.substr(1)))];
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    // Fields before any header (a module's or an old server's) go to an unnamed section.
    if (section == nullptr) section = &out[""];
    (*section)[std::string(line.substr(0, colon))] = std::string(line.substr(colon + 1));
  }
  return out;
}

namespace detail {

server_info info_reply(reply&& r, const value_codec&) {
  if (!r.is_string()) wrong_reply(r, "INFO's text");
  return parse_info(r.str());
}

std::chrono::system_clock::time_point time_reply(reply&& r, const value_codec&) {
  auto& e = r.elements();
  if (e.size() != 2) throw protocol_error("TIME's reply is not [seconds, microseconds]");
  const long long seconds = integer_of(e[0]);
  const long long micros = integer_of(e[1]);
  // The clock's own range (to 2262 with nanosecond ticks) bounds what a reply may hold.
  using clock_duration = std::chrono::system_clock::duration;
  const auto latest = std::chrono::duration_cast<std::chrono::seconds>(clock_duration::max());
  if (seconds < 0 || seconds >= latest.count() || micros < 0 || micros >= 1000000) {
    throw protocol_error("TIME's reply is out of range");
  }
  return std::chrono::system_clock::time_point(std::chrono::duration_cast<clock_duration>(
      std::chrono::seconds(seconds) + std::chrono::microseconds(micros)));
}

}  // namespace detail
}  // namespace rediscache
