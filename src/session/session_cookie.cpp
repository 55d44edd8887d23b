#include <rediscache/error.hpp>
#include <rediscache/session/session.hpp>
#include <rediscache/session/session_cookie.hpp>

namespace rediscache {
namespace {

set_cookie base_cookie(const session_cookie_options& o) {
  set_cookie c;
  c.name = o.name;
  c.path = o.path;
  c.domain = o.domain;
  c.secure = o.secure;
  c.http_only = o.http_only;
  c.same_site = o.same_site;
  return c;
}

}  // namespace

set_cookie session_cookie(session& s, const session_cookie_options& o,
                          std::chrono::system_clock::time_point now) {
  if (!s.session_key()) throw session_error("the session has no key to put in a cookie; save() it first");
  set_cookie c = base_cookie(o);
  c.value = *s.session_key();
  if (!s.get_expire_at_browser_close()) {
    c.max_age = s.get_expiry_age(now);
    c.expires = now + *c.max_age;
  }
  return c;
}

set_cookie expired_session_cookie(const session_cookie_options& o) {
  set_cookie c = base_cookie(o);
  c.max_age = std::chrono::seconds(0);
  c.expires = std::chrono::system_clock::time_point();
  return c;
}

}  // namespace rediscache
