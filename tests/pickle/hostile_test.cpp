// Pickles no honest writer of a cache value makes: other classes, code to run, bombs and garbage.
// Each is a codec_error that says what was wrong, in bounded memory and time.
#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace rediscache;

namespace {

std::string error_of(const std::string& data, const pickle::load_limits& limits = {}) {
  try {
    pickle::load(data, limits);
  } catch (const codec_error& e) {
    return e.what();
  }
  return "no error";
}

// A literal's bytes, NULs included.
template <std::size_t N>
std::string bin(const char (&s)[N]) {
  return std::string(s, N - 1);
}

std::string proto4(const std::string& body) { return "\x80\x04" + body + "."; }
std::string short_str(const std::string& s) {
  return "\x8c" + std::string(1, static_cast<char>(s.size())) + s;
}

#define EXPECT_ERROR_HAS(data, text)                         \
  do {                                                       \
    const std::string what_ = error_of(data);                \
    EXPECT_NE(what_.find(text), std::string::npos) << what_; \
  } while (0)

TEST(PickleHostile, OtherClassesAreNamedAndNeverResolved) {
  // pickle.dumps of a __reduce__ returning (os.system, ("id",)): protocol 4 and protocol 2.
  EXPECT_ERROR_HAS(
      proto4(short_str("posix") + short_str("system") + "\x93" + short_str("id") + "\x85R"),
      "'posix.system'");
  EXPECT_ERROR_HAS(std::string("\x80\x02"
                               "cos\nsystem\nq\x00X\x02\x00\x00\x00idq\x01\x85q\x02R."),
                   "'os.system'");
  EXPECT_ERROR_HAS(proto4(short_str("collections") + short_str("OrderedDict") + "\x93)R"),
                   "'collections.OrderedDict'");
  EXPECT_ERROR_HAS(
      proto4(short_str("django.db.models.base") + short_str("model_unpickle") + "\x93"),
      "'django.db.models.base.model_unpickle'");
  // Protocol 0/1 instance opcodes, and allowed classes built the wrong way.
  EXPECT_ERROR_HAS(std::string("\x80\x02(ibuiltins\nobject\n."), "'builtins.object'");
  EXPECT_ERROR_HAS(std::string("\x80\x02(cdatetime\ndate\no."), "OBJ of the class datetime.date");
  EXPECT_ERROR_HAS(proto4(short_str("uuid") + short_str("UUID") + "\x93)R"), "REDUCE of uuid.UUID");
  EXPECT_ERROR_HAS(proto4(short_str("decimal") + short_str("Decimal") + "\x93)\x81"),
                   "NEWOBJ of decimal.Decimal");
  EXPECT_ERROR_HAS(proto4("]}b"), "BUILD applied to list");
  // A UUID state with a field of its own: named, escaped, on one line.
  EXPECT_ERROR_HAS(
      proto4(short_str("uuid") + short_str("UUID") + "\x93)\x81}" + short_str("x\ny") + "Nsb"),
      "unexpected field 'x\\ny'");
  EXPECT_ERROR_HAS(proto4(short_str("datetime") + short_str("date") + "\x93K\x01\x85R"),
                   "datetime.date with arguments");
  EXPECT_ERROR_HAS(proto4(short_str("decimal") + short_str("Decimal") + "\x93" +
                          short_str("__import__('os')") + "\x85R"),
                   "not a Python Decimal literal");
}

TEST(PickleHostile, BombsStopAtTheLimits) {
  // A list holding itself twice, 64 times over: 2^64 values once expanded.
  std::string bomb =
      "]\x94"
      "0";
  for (int i = 0; i < 64; ++i) {
    const std::string get = "h" + std::string(1, static_cast<char>(i));
    bomb += "(" + get + get +
            "l\x94"
            "0";
  }
  bomb += "h@";  // memo entry 64
  EXPECT_ERROR_HAS(proto4(bomb), "expands to more than");
  // A 1 MB string referenced a thousand times: a gigabyte once copied.
  std::string strings = "X" + std::string("\x00\x00\x10\x00", 4) + std::string(1 << 20, 's') +
                        "\x94"
                        "0(";
  for (int i = 0; i < 1000; ++i) strings += bin("h\x00");
  strings += "l";
  EXPECT_ERROR_HAS(proto4(strings), "expands to more than 536870912 bytes in memory");
  std::string deep = std::string(5000, ']');
  for (int i = 0; i < 4999; ++i) deep += "a";
  EXPECT_ERROR_HAS(proto4(deep), "nests deeper than 1000 levels");
  // Lengths past the input are refused before anything is allocated.
  EXPECT_ERROR_HAS(proto4("\x8d" + std::string("\xff\xff\xff\xff\xff\xff\xff\x7f", 8)),
                   "truncated");
  EXPECT_ERROR_HAS(proto4("\x8e" + std::string("\x00\x00\x00\x00\x01\x00\x00\x00", 8)),
                   "truncated");
  EXPECT_ERROR_HAS(proto4("\x8b" + std::string("\xff\xff\xff\x7f", 4)), "truncated");
  EXPECT_ERROR_HAS(proto4("\x8b" + std::string("\x00\x10\x00\x00", 4) + std::string(4096, '\x01')),
                   "exceeds 4300 digits");
  EXPECT_ERROR_HAS(proto4("j" + std::string("\xff\xff\xff\xff", 4)), "memo entry 4294967295");
  // l = []; l.append(l)
  EXPECT_ERROR_HAS(proto4(bin("]\x94h\x00"
                              "a")),
                   "list contains itself");
  // A chain 600 deep, memoized, then nested under 600 more levels: 1200 deep only once shared.
  std::string chain = "]\x94";
  for (int i = 0; i < 599; ++i) chain += "]\x94";
  for (int i = 0; i < 599; ++i) chain += "a";
  chain += "0";
  for (int i = 0; i < 600; ++i) chain += "]";
  chain += bin("h\x00");
  for (int i = 0; i < 600; ++i) chain += "a";
  EXPECT_ERROR_HAS(proto4(chain), "nests deeper than 1000 levels");
}

TEST(PickleHostile, MalformedInputIsACodecErrorAtEveryCut) {
  const std::string good = pickle::dump(pickle::value::dict(
      {{"when", pickle::value::datetime({2024, 1, 2, 3, 4, 5, 6, false, pickle::utc_offset{}})},
       {"id", pickle::value::uuid("12345678-1234-5678-1234-567812345678")},
       {"n", pickle::value::integer("123456789012345678901234567890")},
       {"s", pickle::value::set({1, 2})}}));
  ASSERT_NO_THROW(pickle::load(good));
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_THROW(pickle::load(good.substr(0, cut)), codec_error) << cut;
  }
  EXPECT_ERROR_HAS(good + "x", "bytes follow the pickle's STOP opcode");
  EXPECT_ERROR_HAS(std::string("\x80\x01N."), "protocol 1");
  EXPECT_ERROR_HAS(std::string("(I1\n."), "opcode 0x49 'I'");
  EXPECT_ERROR_HAS(std::string("\x80\x05\x97."), "opcode 0x97");  // out-of-band buffers
  EXPECT_ERROR_HAS(proto4("\x8c\x02\xed\xa0"), "not valid UTF-8");
  EXPECT_ERROR_HAS(proto4("NN"), "does not end with one value");
  EXPECT_ERROR_HAS(proto4("a"), "stack underflow");
  EXPECT_ERROR_HAS(proto4("NNa"), "APPEND applied to NoneType");
  EXPECT_ERROR_HAS(proto4("}(Nu"), "odd number");
  EXPECT_ERROR_HAS(std::string("\x80\x04"), "truncated");
}

TEST(PickleHostile, WriterRefusesWhatPythonCouldNotReadBack) {
  using pickle::value;
  EXPECT_THROW(pickle::dump(value::dict({{value::list(), 1}})), codec_error);
  EXPECT_THROW(pickle::dump(value::set({value::dict()})), codec_error);
  EXPECT_THROW(pickle::dump(value("\xff")), codec_error);
  EXPECT_THROW(pickle::dump(value(), 3), codec_error);
  value deep = value::list();
  for (int i = 0; i < 1100; ++i) deep = value::list({deep});
  EXPECT_THROW(pickle::dump(deep), codec_error);
  EXPECT_THROW(value::date(2023, 2, 29), codec_error);
  EXPECT_THROW(value::decimal("1.2.3"), codec_error);
  EXPECT_THROW(value::uuid("not-a-uuid"), codec_error);
  EXPECT_THROW(value::timedelta(1000000000, 0), codec_error);
}

}  // namespace
