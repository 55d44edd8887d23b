// The allow-listed classes' pickled forms (REDUCE, NEWOBJ, BUILD), exactly as the stdlib writes
// them, and the final copy of the node arena into values.
#include "pickle/reader.hpp"
#include "quote.hpp"

#include <algorithm>

namespace rediscache::pickle::detail {
namespace {

std::uint32_t be_int(const std::string& b, std::size_t at, std::size_t n) {
  std::uint32_t v = 0;
  for (std::size_t k = 0; k < n; ++k) v = (v << 8) | static_cast<std::uint8_t>(b[at + k]);
  return v;
}

}  // namespace

void reader::reduce() {
  const auto args_idx = pop();
  const auto cls_idx = pop();
  const node& cls_node = nodes_[cls_idx];
  if (cls_node.t != tag::klass) fail("REDUCE applied to " + describe(cls_node));
  const global cls = cls_node.cls;
  const std::vector<std::size_t> args = value_node(args_idx, kind::tuple, "REDUCE").children;
  const std::string who = std::string(name_of(cls));
  auto arg = [&](std::size_t i) -> const node& { return nodes_[args[i]]; };
  auto is = [&](std::size_t i, kind k) { return arg(i).t == tag::value && arg(i).k == k; };
  auto bad_args = [&]() -> void {
    fail(who + " with arguments the standard library does not pickle it with");
  };
  auto latin1 = [&](std::size_t i, std::size_t j) {
    std::string out;
    if (!is(i, kind::str) || !is(j, kind::str) ||
        (arg(j).text != "latin1" && arg(j).text != "latin-1") ||
        !utf8_to_latin1(arg(i).text, out)) {
      bad_args();
    }
    return out;
  };

  node out;
  switch (cls) {
    case global::set:
    case global::frozenset:
      out.k = cls == global::set ? kind::set : kind::frozenset;
      if (args.size() == 1 && (is(0, kind::list) || is(0, kind::tuple) || is(0, kind::set))) {
        out.children = arg(0).children;
      } else if (!args.empty()) {
        bad_args();
      }
      break;
    case global::bytes:
    case global::bytearray:
      out.k = cls == global::bytes ? kind::bytes : kind::bytearray;
      if (args.size() == 1 && (is(0, kind::bytes) || is(0, kind::bytearray))) {
        out.text = arg(0).text;
      } else if (args.size() == 2) {
        out.text = latin1(0, 1);
      } else if (!args.empty()) {
        bad_args();
      }
      break;
    case global::codecs_encode:
      if (args.size() != 2) bad_args();
      out.k = kind::bytes;
      out.text = latin1(0, 1);
      break;
    case global::datetime:
    case global::time: {
      const bool full = cls == global::datetime;
      const std::size_t size = full ? 10 : 6;
      if (args.empty() || args.size() > 2 || !is(0, kind::bytes) || arg(0).text.size() != size ||
          (args.size() == 2 && arg(1).t != tag::tz && !is(1, kind::none))) {
        bad_args();
      }
      const std::string& b = arg(0).text;
      date_time t;
      std::size_t at = 0;
      if (full) {
        t.year = static_cast<int>(be_int(b, 0, 2));
        t.fold = (b[2] & 0x80) != 0;
        t.month = b[2] & 0x7f;
        t.day = static_cast<std::uint8_t>(b[3]);
        at = 4;
      }
      const auto hour = static_cast<std::uint8_t>(b[at]);
      if (!full) t.fold = (hour & 0x80) != 0;
      t.hour = full ? hour : hour & 0x7f;
      t.minute = static_cast<std::uint8_t>(b[at + 1]);
      t.second = static_cast<std::uint8_t>(b[at + 2]);
      t.microsecond = static_cast<int>(be_int(b, at + 3, 3));
      if (args.size() == 2 && arg(1).t == tag::tz) t.tz = arg(1).offset;
      const value checked = full ? value::datetime(t) : value::time(t);
      out.k = checked.type();
      out.when = checked.as_date_time();
      break;
    }
    case global::date: {
      if (args.size() != 1 || !is(0, kind::bytes) || arg(0).text.size() != 4) bad_args();
      const std::string& b = arg(0).text;
      const value checked =
          value::date(static_cast<int>(be_int(b, 0, 2)), static_cast<std::uint8_t>(b[2]),
                      static_cast<std::uint8_t>(b[3]));
      out.k = kind::date;
      out.when = checked.as_date_time();
      break;
    }
    case global::timedelta: {
      if (args.size() != 3 || !is(0, kind::integer) || !is(1, kind::integer) ||
          !is(2, kind::integer)) {
        bad_args();
      }
      const value checked = value::timedelta(arg(0).i, arg(1).i, arg(2).i);
      out.k = kind::timedelta;
      out.delta = checked.as_timedelta();
      break;
    }
    case global::timezone: {
      if (args.empty() || args.size() > 2 || !is(0, kind::timedelta) ||
          (args.size() == 2 && !is(1, kind::str))) {
        bad_args();
      }
      const time_delta& d = arg(0).delta;
      if (d.microseconds != 0 || d.days < -1 || d.days > 0) {
        fail("a datetime.timezone offset with microseconds or of a day or more");
      }
      out.t = tag::tz;
      out.offset.seconds = static_cast<std::int32_t>(d.days * 86400 + d.seconds);
      if (args.size() == 2) out.offset.name = arg(1).text;
      break;
    }
    case global::pytz_utc:
      if (!args.empty()) bad_args();
      out.t = tag::tz;
      break;
    case global::decimal:
      if (args.size() != 1 || !is(0, kind::str)) bad_args();
      out.k = kind::decimal;
      out.text = value::decimal(arg(0).text).decimal_text();
      break;
    case global::uuid:
    case global::none:
      fail("REDUCE of " + who + " is not how the standard library pickles it");
  }
  push_value(std::move(out));
}

void reader::newobj() {
  const auto args_idx = pop();
  const auto cls_idx = pop();
  const node& cls = nodes_[cls_idx];
  if (cls.t != tag::klass) fail("NEWOBJ applied to " + describe(cls));
  if (cls.cls != global::uuid || !value_node(args_idx, kind::tuple, "NEWOBJ").children.empty()) {
    fail("NEWOBJ of " + std::string(name_of(cls.cls)) +
         " is not how the standard library pickles it");
  }
  node n;
  n.t = tag::pending_uuid;
  push_value(std::move(n));
}

// UUID's only state: {"int": <128-bit int>} and, since Python 3.7, perhaps "is_safe".
void reader::build_state() {
  const auto state_idx = pop();
  const auto obj_idx = top();
  if (nodes_[obj_idx].t != tag::pending_uuid) fail("BUILD applied to " + describe(nodes_[obj_idx]));
  const auto& items = value_node(state_idx, kind::dict, "BUILD").children;
  const node* number = nullptr;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    const node& key = nodes_[items[i]];
    if (key.t != tag::value || key.k != kind::str)
      fail("uuid.UUID state with a key that is not a str");
    if (key.text == "int") {
      number = &nodes_[items[i + 1]];
    } else if (key.text != "is_safe") {
      fail("uuid.UUID state with the unexpected field " +
           rediscache::detail::quote_for_message(key.text, 40));
    }
  }
  if (number == nullptr || number->t != tag::value ||
      (number->k != kind::integer && number->k != kind::big_integer)) {
    fail("uuid.UUID state without its int");
  }
  const std::string decimal = number->k == kind::integer ? std::to_string(number->i) : number->text;
  std::string le = decimal_to_twos_complement(decimal);
  if (decimal.front() == '-' || le.size() > 17 || (le.size() == 17 && le.back() != 0)) {
    fail("uuid.UUID int out of the 128-bit range");
  }
  le.resize(16, '\0');
  std::reverse(le.begin(), le.end());
  node& obj = nodes_[obj_idx];
  obj.t = tag::value;
  obj.k = kind::uuid;
  obj.text = le;
}

// What the node expands to once every shared reference is copied, computed on the shared arena
// before anything is copied, so a bomb is refused without allocating what it asks for. Also
// refuses nesting past the limit and structures that contain themselves.
reader::cost reader::measure(std::size_t idx, std::size_t depth) {
  const node& n = nodes_[idx];
  if (n.t != tag::value) fail("the pickle holds " + describe(n) + " as a value");
  const auto too_deep = [&](std::size_t height) {
    if (depth + height > limits_.max_depth) {
      fail("it nests deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
  };
  if (done_[idx]) {
    too_deep(costs_[idx].height);
    return costs_[idx];
  }
  cost c{1, sizeof(value) + n.text.size(), 0};
  if (!n.children.empty()) {
    too_deep(1);
    if (in_progress_[idx]) fail("a " + std::string(to_string(n.k)) + " contains itself");
    in_progress_[idx] = true;
    for (const auto child : n.children) {
      const cost part = measure(child, depth + 1);
      // Saturating: past the limits the exact figure no longer matters.
      c.values = std::min(c.values + part.values, limits_.max_values + 1);
      c.bytes = std::min(c.bytes + part.bytes, limits_.max_bytes + 1);
      c.height = std::max(c.height, part.height + 1);
    }
    in_progress_[idx] = false;
  }
  if (c.values > limits_.max_values) {
    fail("it expands to more than " + std::to_string(limits_.max_values) + " values");
  }
  if (c.bytes > limits_.max_bytes) {
    fail("it expands to more than " + std::to_string(limits_.max_bytes) + " bytes in memory");
  }
  done_[idx] = true;
  costs_[idx] = c;
  return c;
}

value reader::build(std::size_t idx) {
  const node& n = nodes_[idx];
  switch (n.k) {
    case kind::none:
      return value();
    case kind::boolean:
      return value(n.i != 0);
    case kind::integer:
      return value(static_cast<long long>(n.i));
    case kind::big_integer:
      return value::integer(n.text);
    case kind::floating:
      return value(n.f);
    case kind::str:
      return value(n.text);
    case kind::bytes:
      return value::bytes(n.text);
    case kind::bytearray:
      return value::bytearray(n.text);
    case kind::decimal:
      return value::decimal(n.text);
    case kind::uuid: {
      std::array<std::uint8_t, 16> o{};
      std::copy(n.text.begin(), n.text.end(), o.begin());
      return value::uuid(o);
    }
    case kind::datetime:
      return value::datetime(n.when);
    case kind::date:
      return value::date(n.when.year, n.when.month, n.when.day);
    case kind::time:
      return value::time(n.when);
    case kind::timedelta:
      return value::timedelta(n.delta.days, n.delta.seconds, n.delta.microseconds);
    default:
      break;
  }
  std::vector<value> items;
  items.reserve(n.children.size());
  for (const auto child : n.children) items.push_back(build(child));
  switch (n.k) {
    case kind::list:
      return value::list(std::move(items));
    case kind::tuple:
      return value::tuple(std::move(items));
    case kind::set:
      return value::set(std::move(items));
    case kind::frozenset:
      return value::frozenset(std::move(items));
    default:
      break;
  }
  std::vector<dict_item> pairs(items.size() / 2);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    pairs[i].key = std::move(items[2 * i]);
    pairs[i].val = std::move(items[2 * i + 1]);
  }
  return value::dict(std::move(pairs));
}

}  // namespace rediscache::pickle::detail

namespace rediscache::pickle {

value load(std::string_view data, const load_limits& limits) {
  return detail::reader(data, limits).run();
}

}  // namespace rediscache::pickle
