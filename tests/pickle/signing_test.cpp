// django.core.signing and Django 3.2's signed sessions: the verified samples of the interop spec,
// then values made by Debian's Django read here and values made here read by Django, tampered
// and expired ones refused by both.
#include "python_pickles.hpp"
#include "support/redis_server.hpp"

#include <rediscache/cache.hpp>
#include <rediscache/django/sessions.hpp>
#include <rediscache/django/signing.hpp>
#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>

#include <gtest/gtest.h>

using namespace rediscache;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr const char* secret = "interop-test-secret-key";

// Real Django 3.2 output for SECRET_KEY="interop-test-secret-key" (interop spec, section 2.2).
constexpr const char* spec_cookie =
    ".eJxVjssOwiAURP-FNWluKVDo0r1foKa5wEWqFZI-VsZ_t0260O2cmZN5sx7XJfXrTFM_BNaxmvHfzKF_Ut5BeGC-"
    "l8qXvEyDq_ZKddC5OpdA4-no_gkSzmlbSyQHXgoIzqB2NUFjjA1ea6mlksqbaKnWFIQCEaUJGqDViBEVRNvurzxOC-"
    "suNRe8uXGW8UWbOF1XALLjWNjnCyWWQac:1xWQfS:reIxhE6bdb0BJ2E9DPdL4DFZUpKEqKVHzZC8Ziju2Eo";
constexpr const char* spec_session_data =
    ".eJxVjMsOwiAURP-FNSFc2oJ06d4vUNNcuFSqLSR9rIz_Lk260NUkM2fOm3W4rbHbljB3A7GWAeO_nUP_Cmkf6Inpk"
    "YXPaZ0HJ3ZEHOsiLpnCeD7YP0HEJZa3A0ApseqhbipqDFnpUFvjelWTVOABGmOtJt0bYwG9qnUAe5KksaQpUo_zyto"
    "rcMWrO2cJp1DE8bZJGew4Zvb5AvdXQRQ:1xWQfT:RgvhkXv7IUUtgZi3xQ__i3VamNIVOUW6bOZtW9uMpoU";

django::signing_clock::time_point at_seconds(long long s) {
  return django::signing_clock::time_point(std::chrono::seconds(s));
}

TEST(DjangoSigning, ReadsTheSpecSamples) {
  EXPECT_EQ(django::base62_encode(1795665666), "1xWQfS");
  EXPECT_EQ(django::base62_decode("1xWQfT"), 1795665667);
  const auto soon = at_seconds(1795665666 + 60);
  const json cookie = django::load_signed_cookie_session(spec_cookie, secret, 1209600s, soon);
  EXPECT_EQ(cookie["name"], "h\xc3\xa9llo");
  EXPECT_EQ(cookie["cart"], (json{1, 2, 3}));
  EXPECT_EQ(cookie["_auth_user_id"], "1");
  const json data = django::decode_session_data(spec_session_data, secret);
  EXPECT_EQ(data["name"], "h\xc3\xa9llo");
  EXPECT_EQ(data["_auth_user_backend"], "django.contrib.auth.backends.ModelBackend");
  // Each is signed with its engine's salt: a cookie is not session data, nor the other way round.
  EXPECT_THROW(django::decode_session_data(spec_cookie, secret), bad_signature_error);
  EXPECT_THROW(django::load_signed_cookie_session(spec_session_data, secret, 1209600s, soon),
               bad_signature_error);
}

TEST(DjangoSigning, RefusesTamperedWrongKeyAndExpired) {
  const auto soon = at_seconds(1795665666 + 60);
  std::string tampered = spec_cookie;
  tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
  EXPECT_THROW(django::load_signed_cookie_session(tampered, secret, 1209600s, soon),
               bad_signature_error);
  EXPECT_THROW(django::load_signed_cookie_session(spec_cookie, "another-key", 1209600s, soon),
               bad_signature_error);
  try {
    django::load_signed_cookie_session("no-colon-at-all", secret);
    FAIL() << "a value without a signature was accepted";
  } catch (const bad_signature_error& e) {
    EXPECT_EQ(e.code(), make_error_code(errc::bad_signature));
    EXPECT_EQ(std::string(e.what()), "[rediscache.bad_signature] no ':' found in the signed value");
  }
  try {
    django::load_signed_cookie_session(spec_cookie, secret, 1209600s,
                                       at_seconds(1795665666 + 1209601));
    FAIL() << "an expired cookie was accepted";
  } catch (const signature_expired_error& e) {
    EXPECT_EQ(e.code(), make_error_code(errc::signature_expired));
    EXPECT_EQ(std::string(e.what()).rfind("[rediscache.signature_expired] ", 0), 0u) << e.what();
    EXPECT_NE(std::string(e.what()).find("1209601 > 1209600"), std::string::npos) << e.what();
  }
  // A signature over another salt (a cookie read as db session data) does not verify either.
  EXPECT_THROW(django::timestamp_signer({secret, "django.contrib.sessions.SessionStore"})
                   .unsign(spec_cookie),
               bad_signature_error);
}

TEST(DjangoSigning, SignsAsDjangoDoes) {
  // Short values are not compressed (no '.'): byte-identical to Django's own output.
  const auto at = at_seconds(1795665681);
  django::signer_options o;
  o.secret_key = secret;
  o.salt = "django.contrib.sessions.backends.signed_cookies";
  const django::timestamp_signer signer(o);
  const std::string made = signer.sign_object(json{{"a", 1}}, true, at);
  EXPECT_EQ(made.substr(0, made.find(':')), "eyJhIjoxfQ");
  EXPECT_EQ(signer.unsign_object(made), (json{{"a", 1}}));
  // Non-ASCII text is \u-escaped, since Django reads the bytes as latin-1.
  const std::string accented = signer.sign_object(json("h\xc3\xa9"), false, at);
  EXPECT_EQ(accented.substr(0, accented.find(':')), "ImhcdTAwZTki");  // "h\u00e9"
  // The legacy SHA1 signature Django 3.2 still accepts.
  o.algorithm = django::hash_algorithm::sha1;
  const std::string legacy = django::timestamp_signer(o).sign("v", at);
  EXPECT_EQ(legacy.size() - legacy.rfind(':') - 1, 27u);
  EXPECT_EQ(signer.unsign(legacy), "v");
  o.algorithm = django::hash_algorithm::sha256;
  o.accept_legacy_sha1 = false;
  EXPECT_THROW(django::timestamp_signer(o).unsign(legacy), bad_signature_error);
}

class django_signing_python : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::system("/usr/bin/python3 -c 'import django' >/dev/null 2>&1") != 0) {
      GTEST_SKIP() << "python3-django is not installed";
    }
  }
  static json python(const std::string& action, const json& input) {
    return test::run_python(std::string("django_signing.py ") + secret + " " + action, input);
  }
  const json session = {{"_auth_user_id", "42"},
                        {"cart", {1, 2, 3}},
                        {"name", "h\xc3\xa9llo"},
                        {"notes", std::string(300, 'n')}};
};

TEST_F(django_signing_python, CppReadsWhatDjangoMade) {
  const json made = python("make", {{"session", session}});
  ASSERT_TRUE(made.is_object()) << made.dump();
  EXPECT_EQ(made["cookie"].get<std::string>().front(), '.');  // compressed: 300 'n' squeeze well
  EXPECT_EQ(django::load_signed_cookie_session(made["cookie"].get<std::string>(), secret), session);
  EXPECT_EQ(django::decode_session_data(made["session_data"].get<std::string>(), secret), session);
  EXPECT_EQ(django::decode_session_data(made["legacy_session_data"].get<std::string>(), secret),
            session);
  EXPECT_EQ(django::loads(made["dumps"].get<std::string>(), secret, "rediscache.test"), session);
  EXPECT_THROW(django::loads(made["dumps"].get<std::string>(), secret, "another.salt"),
               bad_signature_error);
  EXPECT_THROW(django::decode_session_data(made["session_data"].get<std::string>(), "wrong"),
               bad_signature_error);
}

TEST_F(django_signing_python, DjangoReadsWhatCppMadeAndRefusesTampering) {
  const json good = {{"cookie", django::signed_cookie_session(session, secret)},
                     {"session_data", django::encode_session_data(session, secret)},
                     {"dumps", django::dumps(session, secret, "rediscache.test", true)}};
  const json read = python("read", good);
  ASSERT_TRUE(read.is_object()) << read.dump();
  EXPECT_EQ(read["cookie"], session);
  EXPECT_EQ(read["session_data"], session);
  EXPECT_EQ(read["dumps"], session);

  auto tamper = [](std::string s) {
    s[3] = s[3] == 'x' ? 'y' : 'x';
    return s;
  };
  const auto two_weeks_ago = django::signing_clock::now() - 1209600s - 60s;
  const json bad = {{"cookie", django::signed_cookie_session(session, secret, two_weeks_ago)},
                    {"session_data", tamper(good["session_data"].get<std::string>())},
                    {"dumps", tamper(good["dumps"].get<std::string>())}};
  const json refused = python("read", bad);
  ASSERT_TRUE(refused.is_object()) << refused.dump();
  EXPECT_EQ(refused["cookie"], json::object());        // expired: Django starts an empty session
  EXPECT_EQ(refused["session_data"], json::object());  // "Session data corrupted"
  EXPECT_EQ(refused["dumps"], "BadSignature");
  const json tampered_cookie =
      python("read", {{"cookie", tamper(good["cookie"].get<std::string>())},
                      {"session_data", good["session_data"]},
                      {"dumps", good["dumps"]}});
  EXPECT_EQ(tampered_cookie["cookie"], json::object());
}

TEST_F(django_signing_python, ReadsTheSessionsTheCachedDbEngineCached) {
  if (std::system("/usr/bin/python3 -c 'import django_redis' >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "python3-django-redis is not installed";
  }
  test::redis_server server;
  const json key = python("cached_db", {{"session", session}, {"url", test::url_of(server)}});
  ASSERT_TRUE(key.is_string()) << key.dump();
  cache_options o;
  o.serializer = serializer_kind::pickle;  // django-redis' default
  cache c = cache::from_url(test::url_of(server), o);
  const auto cached = django::load_cached_db_session(c, key.get<std::string>());
  ASSERT_TRUE(cached);
  EXPECT_EQ(cached->find("name")->as_str(), "h\xc3\xa9llo");
  EXPECT_EQ(*cached->find("cart"), pickle::value::list({1, 2, 3}));
  // set_expiry(seconds) is kept in the dict; the cache key expires with it.
  const pickle::value* expiry = cached->find("_session_expiry");
  ASSERT_NE(expiry, nullptr);
  EXPECT_EQ(expiry->as_int(), 7 * 86400);
  EXPECT_GT(c.ttl(django::cached_db_session_key(key.get<std::string>())).remaining(), 86400s);
  EXPECT_FALSE(django::load_cached_db_session(c, "nosuchsessionkey0123456789abcdef"));
}

}  // namespace
