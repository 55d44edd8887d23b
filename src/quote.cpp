#include "quote.hpp"

namespace rediscache::detail {
namespace {

void append_escaped(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  // The escapes readers know from C and from redis-cli; every other unprintable byte is \xNN.
  static constexpr std::string_view named = "\r\n\t\\";
  static constexpr std::string_view letters = "rnt\\";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const auto at = named.find(c);
    if (at != std::string_view::npos) {
      out += '\\';
      out += letters[at];
    } else if (byte < 0x20 || byte >= 0x7F) {
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0x0F];
    } else {
      out += c;
    }
  }
}

std::string truncation_note(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return {};
  return "...(" + std::to_string(text.size()) + " bytes)";
}

}  // namespace

std::string escape_for_message(std::string_view text, std::size_t max_bytes) {
  std::string out;
  append_escaped(out, text.substr(0, max_bytes));
  out += truncation_note(text, max_bytes);
  return out;
}

std::string quote_for_message(std::string_view text, std::size_t max_bytes) {
  std::string out = "'";
  append_escaped(out, text.substr(0, max_bytes));
  out += '\'';
  out += truncation_note(text, max_bytes);
  return out;
}

}  // namespace rediscache::detail
