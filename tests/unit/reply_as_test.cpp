// Reply conversions, fed RESP bytes without a server.
#include "unit/resp_bytes.hpp"
#include "resp/reader.hpp"

#include <rediscache/error.hpp>
#include <rediscache/reply_as.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace rediscache {
namespace {

using test::parse;
using test::as;

TEST(ReplyAs, Scalars) {
  EXPECT_EQ(as<std::string>("$3\r\nabc\r\n"), "abc");
  EXPECT_EQ(as<std::string>("+OK\r\n"), "OK");
  EXPECT_EQ(as<std::string>(":42\r\n"), "42");
  EXPECT_EQ(as<long long>(":-7\r\n"), -7);
  EXPECT_EQ(as<long long>("$2\r\n12\r\n"), 12);
  EXPECT_EQ(as<int>(":5\r\n"), 5);
  EXPECT_THROW(as<int>(":5000000000\r\n"), protocol_error);
  EXPECT_DOUBLE_EQ(as<double>("$4\r\n3.25\r\n"), 3.25);
  EXPECT_EQ(as<double>("$3\r\ninf\r\n"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(as<double>("$4\r\n-inf\r\n"), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(as<bool>("+OK\r\n"));
  EXPECT_TRUE(as<bool>(":1\r\n"));
  EXPECT_FALSE(as<bool>(":0\r\n"));
  EXPECT_FALSE(as<bool>("$-1\r\n"));
  EXPECT_EQ(as<std::optional<std::string>>("$-1\r\n"), std::nullopt);
  EXPECT_EQ(as<std::optional<std::string>>("$1\r\nx\r\n"), "x");
  EXPECT_EQ(as<bytes>(std::string("$2\r\n\x00\xff\r\n", 8)).size(), 2u);
}

TEST(ReplyAs, Structures) {
  EXPECT_EQ((as<std::vector<std::string>>("*2\r\n$1\r\na\r\n$1\r\nb\r\n")),
            (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((as<std::vector<std::optional<long long>>>("*2\r\n:1\r\n$-1\r\n")),
            (std::vector<std::optional<long long>>{1, std::nullopt}));
  const std::string flat = "*4\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\ng\r\n$1\r\n2\r\n";
  EXPECT_EQ((as<std::map<std::string, int>>(flat)), (std::map<std::string, int>{{"f", 1}, {"g", 2}}));
  EXPECT_EQ((as<std::vector<std::pair<std::string, std::string>>>(flat)).size(), 2u);
  EXPECT_EQ((as<std::pair<std::string, std::string>>("*2\r\n$1\r\nk\r\n$1\r\nv\r\n")),
            (std::pair<std::string, std::string>{"k", "v"}));
  EXPECT_EQ((as<std::set<std::string>>("*2\r\n$1\r\nb\r\n$1\r\na\r\n")),
            (std::set<std::string>{"a", "b"}));
  EXPECT_THROW((as<std::map<std::string, int>>("*1\r\n$1\r\nf\r\n")), protocol_error);
  EXPECT_THROW((as<std::pair<std::string, std::string>>("*1\r\n$1\r\nk\r\n")), protocol_error);
}

TEST(ReplyAs, ValuesGoThroughTheCodec) {
  EXPECT_EQ(as<nlohmann::json>("$11\r\n{\"a\":[1,2]}\r\n")["a"][1], 2);
  EXPECT_EQ((as<std::vector<int>>("$5\r\n[1,2]\r\n")), (std::vector<int>{1, 2}));  // a stored list
  const value_codec zipped(serializer_kind::json, compression_options{compressor_kind::zlib, 0});
  const std::string stored = zipped.encode(std::string(100, 'x'));
  const std::string bulk = "$" + std::to_string(stored.size()) + "\r\n" + stored + "\r\n";
  EXPECT_EQ(reply_as<nlohmann::json>(parse(bulk), zipped), std::string(100, 'x'));
  EXPECT_THROW(as<nlohmann::json>("$3\r\n{{{\r\n"), codec_error);
}

TEST(ReplyAs, WrongShapesAndErrors) {
  EXPECT_THROW(as<std::string>("*0\r\n"), protocol_error);
  EXPECT_THROW(as<long long>("$3\r\nabc\r\n"), protocol_error);
  EXPECT_THROW(as<std::string>("-WRONGTYPE bad\r\n"), reply_error);
  EXPECT_THROW(as<std::vector<std::string>>("-ERR x\r\n"), reply_error);
  EXPECT_THROW(as<std::string>("$-1\r\n"), protocol_error);  // nil needs std::optional
}

}  // namespace
}  // namespace rediscache
