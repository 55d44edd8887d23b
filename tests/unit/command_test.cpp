#include <rediscache/command.hpp>
#include <rediscache/error.hpp>

#include <gtest/gtest.h>

#include <string>

using rediscache::command;
using rediscache::idempotency;

namespace {

std::string encode(const command& c) {
  std::string out;
  c.encode_to(out);
  return out;
}

TEST(Command, EncodesArgumentsAsBulkStrings) {
  EXPECT_EQ(encode(command{"SET", "key", "value"}),
            "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n");
}

TEST(Command, IsBinarySafe) {
  std::string bytes("a\0b\r\nc", 6);
  const char expected[] = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\na\0b\r\nc\r\n";
  EXPECT_EQ(encode(command{"SET", "k"}.arg(bytes)), std::string(expected, sizeof expected - 1));
}

TEST(Command, EncodesEmptyArgumentAndIntegers) {
  EXPECT_EQ(encode(command{"ECHO", ""}), "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n");
  EXPECT_EQ(encode(command{"INCRBY", "n"}.arg(-42)), "*3\r\n$6\r\nINCRBY\r\n$1\r\nn\r\n$3\r\n-42\r\n");
  EXPECT_EQ(encode(command{"X"}.arg(18446744073709551615ull)),
            "*2\r\n$1\r\nX\r\n$20\r\n18446744073709551615\r\n");
}

TEST(Command, ReportsNameSizeAndIdempotency) {
  command get{{"GET", "k"}, idempotency::idempotent};
  EXPECT_EQ(get.name(), "GET");
  EXPECT_EQ(get.size(), 2u);
  EXPECT_TRUE(get.idempotent());
  command incr{"INCR", "k"};
  EXPECT_FALSE(incr.idempotent());
  EXPECT_EQ(command{}.name(), "");
}

TEST(Command, EmptyCommandCannotBeSent) {
  std::string out;
  EXPECT_THROW(command{}.encode_to(out), rediscache::config_error);
}

TEST(Command, AppendsToExistingBuffer) {
  std::string out = "prefix";
  command{"PING"}.encode_to(out);
  EXPECT_EQ(out, "prefix*1\r\n$4\r\nPING\r\n");
}

}  // namespace
