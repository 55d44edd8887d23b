#include "quote.hpp"

#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <string>

namespace rediscache {
namespace {

using detail::escape_for_message;
using detail::quote_for_message;

TEST(QuoteForMessage, EscapesEveryByteThatWouldNotPrint) {
  EXPECT_EQ(quote_for_message("plain key:1"), "'plain key:1'");
  EXPECT_EQ(quote_for_message("a\r\nb\tc"), "'a\\r\\nb\\tc'");
  EXPECT_EQ(quote_for_message(std::string("\0\x1b\x7f\xff", 4)), "'\\x00\\x1b\\x7f\\xff'");
  EXPECT_EQ(quote_for_message("C:\\dir"), "'C:\\\\dir'");  // so a literal "\n" stays distinct
  EXPECT_EQ(quote_for_message("caf\xc3\xa9"), "'caf\\xc3\\xa9'");
  EXPECT_EQ(quote_for_message(""), "''");
  EXPECT_EQ(escape_for_message("ERR a\nb"), "ERR a\\nb");
}

TEST(QuoteForMessage, CutsLongTextAndSaysHowLongItWas) {
  const std::string megabyte(1 << 20, '9');
  const std::string quoted = quote_for_message(megabyte);
  EXPECT_EQ(quoted, "'" + std::string(64, '9') + "'...(1048576 bytes)");
  EXPECT_EQ(escape_for_message("abcdef", 3), "abc...(6 bytes)");
  EXPECT_EQ(escape_for_message("abc", 3), "abc");  // exactly the limit: nothing cut
  EXPECT_EQ(quote_for_message("\n\n\n", 2), "'\\n\\n'...(3 bytes)");
}

TEST(QuoteForMessage, ServerErrorTextNeverReachesWhatRaw) {
  const std::string sent = "ERR injected\r\nfake log line\x1b[31m";
  reply_error e(sent);
  const std::string what = e.what();
  EXPECT_EQ(what, "[rediscache.reply] ERR injected\\r\\nfake log line\\x1b[31m");
  EXPECT_EQ(e.server_message(), sent);  // the accessor keeps the server's bytes
  EXPECT_EQ(e.server_code(), "ERR");

  const reply_error huge("ERR " + std::string(100000, 'x'));
  EXPECT_LT(std::string(huge.what()).size(), 600u);
  EXPECT_NE(std::string(huge.what()).find("(100004 bytes)"), std::string::npos);
  EXPECT_EQ(huge.server_message().size(), 100004u);
}

TEST(QuoteForMessage, UnknownAliasIsEscaped) {
  unknown_alias_error e("evil\nalias");
  EXPECT_EQ(std::string(e.what()),
            "[rediscache.unknown_alias] no cache alias named 'evil\\nalias'");
  EXPECT_EQ(e.alias(), "evil\nalias");
}

}  // namespace
}  // namespace rediscache
