#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace rediscache;

namespace {

TEST(Error, MessageCarriesStableId) {
  timeout_error e("read from 127.0.0.1:6379 timed out after 100 ms");
  EXPECT_STREQ(e.what(), "[rediscache.timeout] read from 127.0.0.1:6379 timed out after 100 ms");
  EXPECT_EQ(e.code(), errc::timeout);
  EXPECT_EQ(e.code().category().name(), std::string("rediscache"));
}

TEST(Error, HierarchyLetsCallersCatchBroadly) {
  try {
    throw pool_timeout_error("all busy");
  } catch (const connection_error& e) {
    EXPECT_EQ(e.code(), errc::pool_timeout);
    EXPECT_NE(std::string(e.what()).find("[rediscache.pool_timeout]"), std::string::npos);
  }
  EXPECT_THROW(throw closed_error("x"), connection_error);
  EXPECT_THROW(throw tls_error("x"), connection_error);
  EXPECT_THROW(throw protocol_error("x"), error);
}

TEST(Error, ReplyErrorExposesServerCode) {
  reply_error e("WRONGTYPE Operation against a key holding the wrong kind of value");
  EXPECT_EQ(e.server_code(), "WRONGTYPE");
  EXPECT_EQ(e.code(), errc::reply);
  EXPECT_EQ(reply_error("NOSCRIPT").server_code(), "NOSCRIPT");
}

TEST(Error, EveryIdIsDistinct) {
  std::set<std::string> ids;
  for (int i = 1; i <= 18; ++i) ids.insert(error_id(static_cast<errc>(i)));
  EXPECT_EQ(ids.size(), 18u);
  EXPECT_EQ(make_error_code(errc::auth).message(), "authentication failed");
}

}  // namespace
