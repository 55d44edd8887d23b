// Django's expiry rules (SessionBase.set_expiry, get_expiry_age, get_expiry_date,
// get_expire_at_browser_close, Django >= 4.1), over the "_session_expiry" value in the dict.
#include "log/log_impl.hpp"
#include "session/session_engine.hpp"
#include "session/time_format.hpp"

#include <rediscache/session/session.hpp>

#include <algorithm>
#include <cmath>

namespace rediscache {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

// Ages beyond a century are clamped, so adding one to a time_point cannot overflow: system_clock
// counts nanoseconds in libstdc++, which reach only 292 years either side of 1970.
constexpr auto max_age = static_cast<unsigned long long>(max_session_age.count());

// What "_session_expiry" holds, read the way Python would treat it.
struct stored_expiry {
  enum class kind { none, age, date } what = kind::none;  // none: falsy or unreadable
  seconds age{0};
  system_clock::time_point date;
};

stored_expiry read_expiry(const nlohmann::json* value) {
  stored_expiry e;
  if (value == nullptr) return e;
  if (value->is_boolean()) {
    // Python's True is the int 1; False is falsy.
    if (value->get<bool>()) e = {stored_expiry::kind::age, seconds(1), {}};
  } else if (value->is_number_unsigned()) {
    const auto v = std::min<unsigned long long>(value->get<unsigned long long>(), max_age);
    if (v != 0) e = {stored_expiry::kind::age, seconds(static_cast<long long>(v)), {}};
  } else if (value->is_number_integer()) {
    const auto limit = static_cast<long long>(max_age);
    const auto v = std::clamp<long long>(value->get<long long>(), -limit, limit);
    if (v != 0) e = {stored_expiry::kind::age, seconds(v), {}};
  } else if (value->is_number_float()) {
    const double v = value->get<double>();
    if (v != 0 && std::isfinite(v)) {
      const auto limit = static_cast<double>(max_age);
      const double clamped = std::clamp(v, -limit, limit);
      e = {stored_expiry::kind::age, seconds(static_cast<long long>(clamped)), {}};
    }
  } else if (value->is_string() && !value->get_ref<const std::string&>().empty()) {
    if (auto when = detail::parse_iso(value->get_ref<const std::string&>())) {
      e = {stored_expiry::kind::date, seconds(0), *when};
    } else {
      // Django would fail the request; the default age is the safer reading.
      detail::log_warn("session expiry '{}' is not an ISO-8601 date; using the default age",
                       value->get_ref<const std::string&>());
    }
  }
  return e;
}

}  // namespace

void session::set_expiry(seconds inactivity) { set(detail::expiry_field, inactivity.count()); }

void session::set_expiry(system_clock::time_point when) {
  set(detail::expiry_field, detail::iso_utc(when));
}

void session::set_expiry(std::nullopt_t) { erase(detail::expiry_field); }

seconds session::get_expiry_age() { return get_expiry_age(system_clock::now()); }

seconds session::get_expiry_age(system_clock::time_point modification) {
  const stored_expiry e = read_expiry(find(detail::expiry_field));
  switch (e.what) {
    case stored_expiry::kind::none: return engine_->options().cookie_age;
    case stored_expiry::kind::age: return e.age;
    case stored_expiry::kind::date: break;
  }
  // timedelta's days * 86400 + seconds: whole seconds, rounded down. Dates anywhere in
  // system_clock's range are stored, so the difference is taken in seconds, where it cannot
  // overflow, and clamped like a stored age.
  const auto whole = [](system_clock::time_point t) { return std::chrono::floor<seconds>(t); };
  const bool borrow = e.date - whole(e.date) < modification - whole(modification);
  const long long age = (whole(e.date).time_since_epoch() -
                         whole(modification).time_since_epoch()).count() - (borrow ? 1 : 0);
  const auto limit = static_cast<long long>(max_age);
  return seconds(std::clamp(age, -limit, limit));
}

system_clock::time_point session::get_expiry_date() {
  return get_expiry_date(system_clock::now());
}

system_clock::time_point session::get_expiry_date(system_clock::time_point modification) {
  const stored_expiry e = read_expiry(find(detail::expiry_field));
  switch (e.what) {
    case stored_expiry::kind::none: return modification + engine_->options().cookie_age;
    case stored_expiry::kind::age: return modification + e.age;
    case stored_expiry::kind::date: break;
  }
  return e.date;
}

bool session::get_expire_at_browser_close() {
  const nlohmann::json* value = find(detail::expiry_field);
  if (value == nullptr || value->is_null()) return engine_->options().expire_at_browser_close;
  // Python's expiry == 0, which also holds for 0.0 and False.
  if (value->is_boolean()) return !value->get<bool>();
  return value->is_number() && value->get<double>() == 0;
}

}  // namespace rediscache
