// The RESP reader on arbitrary bytes: only protocol_error may come out, the replies must not
// depend on how the bytes were split into reads, and every reply must survive being written back
// as RESP and read again.
#include "fuzz_support.hpp"
#include "resp/reader.hpp"

#include <rediscache/error.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace {

using rediscache::reply;
using rediscache::fuzz::require;

// Small limits, so inputs of a few kilobytes reach them.
rediscache::reply_limits fuzz_limits() {
  rediscache::reply_limits limits;
  limits.max_array_elements = 64;
  limits.max_bulk_bytes = 256;
  return limits;
}

struct parse_result {
  std::vector<reply> replies;
  std::optional<std::string> error;  // the protocol_error, if the stream broke
};

parse_result parse(std::string_view bytes, std::size_t chunk) {
  parse_result result;
  rediscache::detail::reader r(fuzz_limits());
  try {
    for (std::size_t at = 0; at < bytes.size(); at += chunk) {
      const std::size_t n = std::min(chunk, bytes.size() - at);
      r.feed(bytes.data() + at, n);
      reply next;
      while (r.next(next)) result.replies.push_back(std::move(next));
    }
  } catch (const rediscache::protocol_error& e) {
    rediscache::fuzz::require_clean_message(e);
    result.error = e.what();
  }
  return result;
}

// RESP2 for a reply; both nil forms read back as the same nil.
void write_resp(const reply& r, std::string& out) {
  switch (r.type()) {
    case reply::kind::nil:
      out += "$-1\r\n";
      break;
    case reply::kind::integer:
      out += ':' + std::to_string(r.integer()) + "\r\n";
      break;
    case reply::kind::simple_string:
      out += '+' + r.str() + "\r\n";
      break;
    case reply::kind::error:
      out += '-' + r.error_message() + "\r\n";
      break;
    case reply::kind::bulk_string:
      out += '$' + std::to_string(r.str().size()) + "\r\n" + r.str() + "\r\n";
      break;
    case reply::kind::array:
      out += '*' + std::to_string(r.elements().size()) + "\r\n";
      for (const reply& e : r.elements()) write_resp(e, out);
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rediscache::fuzz::input in(data, size);
  const std::size_t chunk = 1 + in.byte() % 16;
  const std::string_view stream = in.rest();

  const parse_result whole = parse(stream, std::max<std::size_t>(stream.size(), 1));
  const parse_result split = parse(stream, chunk);
  require(whole.error.has_value() == split.error.has_value(),
          "the reader fails the same stream whole and split into reads", stream);
  require(whole.replies == split.replies,
          "the reader gives the same replies whole and split into reads", stream);

  std::string rewritten;
  for (const reply& r : whole.replies) {
    (void)r.to_debug_string();
    write_resp(r, rewritten);
  }
  const parse_result again = parse(rewritten, rewritten.size() + 1);
  require(!again.error, "replies written back as RESP read again", rewritten);
  require(again.replies == whole.replies, "replies written back as RESP read the same", rewritten);
  return 0;
}
