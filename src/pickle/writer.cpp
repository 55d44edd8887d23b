// Writes pickles as CPython's pickle.dumps does for the same value: the same opcodes, memo
// numbering, container batches and 64 KiB frames, so Python reads back the same value and,
// for values without shared objects, the very same bytes.
#include "pickle/big_int.hpp"
#include "pickle/globals.hpp"
#include "pickle/utf8.hpp"

#include <rediscache/error.hpp>
#include <rediscache/pickle/pickle.hpp>

#include <cstdint>
#include <cstring>
#include <map>
#include <string>

namespace rediscache::pickle {
namespace {

constexpr std::size_t frame_target = 64 * 1024;  // pickle's _FRAME_SIZE_TARGET
constexpr std::size_t frame_header = 9;
constexpr std::size_t batch_size = 1000;  // pickle's _BATCHSIZE
constexpr std::size_t max_depth = 1000;

bool is_unhashable(kind k) {
  return k == kind::list || k == kind::dict || k == kind::set || k == kind::bytearray;
}

class writer {
 public:
  explicit writer(int protocol) : protocol_(protocol) {
    if (protocol < 4 || protocol > 5) {
      throw codec_error("pickle protocol " + std::to_string(protocol) +
                        " cannot be written (4 and 5 can; Python reads both)");
    }
    out_ += '\x80';
    out_ += static_cast<char>(protocol);
    framing_ = true;
  }

  std::string finish(const value& v) {
    save(v, 0);
    put('.');
    commit_frame();
    return std::move(out_);
  }

 private:
  void put(char c) { write(&c, 1); }
  void write(const char* data, std::size_t n) {
    if (framing_ && frame_start_ == npos) {
      frame_start_ = out_.size();
      out_.append(frame_header, '\0');
    }
    out_.append(data, n);
  }
  void write(std::string_view s) { write(s.data(), s.size()); }
  void put_le(std::uint64_t v, int n) {
    char b[8];
    for (int k = 0; k < n; ++k) b[k] = static_cast<char>((v >> (8 * k)) & 0xff);
    write(b, static_cast<std::size_t>(n));
  }

  void commit_frame() {
    if (frame_start_ == npos) return;
    const std::size_t len = out_.size() - frame_start_ - frame_header;
    if (len >= 4) {
      out_[frame_start_] = '\x95';
      for (int k = 0; k < 8; ++k) {
        out_[frame_start_ + 1 + static_cast<std::size_t>(k)] =
            static_cast<char>((len >> (8 * k)) & 0xff);
      }
    } else {
      out_.erase(frame_start_, frame_header);
    }
    frame_start_ = npos;
  }
  void frame_boundary() {
    if (frame_start_ != npos && out_.size() - frame_start_ - frame_header >= frame_target) {
      commit_frame();
    }
  }
  // A payload of a frame's size or more goes between frames, as pickle's write_large_bytes.
  void write_payload(const std::string& header, std::string_view payload) {
    if (payload.size() >= frame_target) {
      commit_frame();
      out_ += header;
      out_.append(payload.data(), payload.size());
      return;
    }
    write(header);
    write(payload);
  }

  void memoize() {
    put('\x94');
    ++memo_size_;
  }
  void get(std::size_t index) {
    if (index < 256) {
      put('h');
      put_le(index, 1);
    } else {
      put('j');
      put_le(index, 4);
    }
  }

  void save_str(std::string_view s) {
    if (!detail::is_valid_utf8(s)) throw codec_error("a str to pickle is not valid UTF-8");
    std::string header;
    if (s.size() < 256) {
      header = "\x8c";
      header += static_cast<char>(s.size());
    } else if (s.size() > 0xffffffffu) {
      header = "\x8d" + le_string(s.size(), 8);
    } else {
      header = "X" + le_string(s.size(), 4);
    }
    write_payload(header, s);
    memoize();
  }
  void save_bytes(std::string_view b) {
    std::string header;
    if (b.size() < 256) {
      header = "C";
      header += static_cast<char>(b.size());
    } else if (b.size() > 0xffffffffu) {
      header = "\x8e" + le_string(b.size(), 8);
    } else {
      header = "B" + le_string(b.size(), 4);
    }
    write_payload(header, b);
    memoize();
  }
  static std::string le_string(std::uint64_t v, int n) {
    std::string s;
    for (int k = 0; k < n; ++k) s += static_cast<char>((v >> (8 * k)) & 0xff);
    return s;
  }

  void save_global(detail::global g) {
    const auto found = globals_.find(g);
    if (found != globals_.end()) {
      get(found->second);
      return;
    }
    const std::string_view full = detail::name_of(g);
    const auto dot = full.find('.');
    const std::string module(full.substr(0, dot));
    const auto m = modules_.find(module);
    if (m != modules_.end()) {
      frame_boundary();
      get(m->second);
    } else {
      frame_boundary();
      modules_[module] = memo_size_;
      save_str(module);
    }
    frame_boundary();
    save_str(full.substr(dot + 1));
    put('\x93');
    globals_[g] = memo_size_;
    memoize();
  }

  void save_int(std::int64_t i) {
    if (i >= 0 && i <= 0xff) {
      put('K');
      put_le(static_cast<std::uint64_t>(i), 1);
    } else if (i >= 0 && i <= 0xffff) {
      put('M');
      put_le(static_cast<std::uint64_t>(i), 2);
    } else if (i >= INT32_MIN && i <= INT32_MAX) {
      put('J');
      put_le(static_cast<std::uint32_t>(static_cast<std::int32_t>(i)), 4);
    } else {
      save_long(std::to_string(i));
    }
  }
  void save_long(const std::string& decimal) {
    const std::string octets = detail::decimal_to_twos_complement(decimal);
    if (octets.size() < 256) {
      put('\x8a');
      put_le(octets.size(), 1);
    } else {
      put('\x8b');
      put_le(octets.size(), 4);
    }
    write(octets);
  }

  void save_items(const std::vector<value>& items, std::size_t depth, char one, char many) {
    for (std::size_t at = 0; at < items.size(); at += batch_size) {
      const std::size_t n = std::min(batch_size, items.size() - at);
      if (n > 1 || one == 0) put('(');
      for (std::size_t k = 0; k < n; ++k) save(items[at + k], depth);
      put(n > 1 || one == 0 ? many : one);
    }
  }

  void save_tuple(const std::vector<value>& items, std::size_t depth) {
    if (items.empty()) {
      put(')');
      return;
    }
    if (items.size() > 3) put('(');
    for (const auto& item : items) save(item, depth);
    put(items.size() > 3 ? 't' : static_cast<char>(0x84 + items.size()));
    memoize();
  }

  void save_reduce(detail::global g, const std::vector<value>& args, std::size_t depth) {
    save_global(g);
    frame_boundary();
    save_tuple(args, depth);
    put('R');
    memoize();
  }

  void save_timezone(const utc_offset& tz) {
    save_global(detail::global::timezone);
    frame_boundary();
    save_reduce(detail::global::timedelta, timedelta_args(value::timedelta(0, tz.seconds)), 0);
    if (!tz.name.empty()) {
      frame_boundary();
      save_str(tz.name);
    }
    put(tz.name.empty() ? '\x85' : '\x86');
    memoize();
    put('R');
    memoize();
  }
  static std::vector<value> timedelta_args(const value& v) {
    const auto& d = v.as_timedelta();
    return {value(static_cast<long long>(d.days)), value(static_cast<long long>(d.seconds)),
            value(static_cast<long long>(d.microseconds))};
  }

  void save_when(const value& v) {
    const date_time& t = v.as_date_time();
    std::string state;
    if (v.type() != kind::time) {
      state += static_cast<char>(t.year >> 8);
      state += static_cast<char>(t.year & 0xff);
      state += static_cast<char>(t.month | (t.fold && v.type() == kind::datetime ? 0x80 : 0));
      state += static_cast<char>(t.day);
    }
    if (v.type() != kind::date) {
      state += static_cast<char>(t.hour | (t.fold && v.type() == kind::time ? 0x80 : 0));
      state += static_cast<char>(t.minute);
      state += static_cast<char>(t.second);
      state += static_cast<char>(t.microsecond >> 16);
      state += static_cast<char>((t.microsecond >> 8) & 0xff);
      state += static_cast<char>(t.microsecond & 0xff);
    }
    const auto g = v.type() == kind::datetime ? detail::global::datetime
                   : v.type() == kind::date   ? detail::global::date
                                              : detail::global::time;
    save_global(g);
    frame_boundary();
    save_bytes(state);
    if (t.tz && v.type() != kind::date) {
      save_timezone(*t.tz);
      put('\x86');
    } else {
      put('\x85');
    }
    memoize();
    put('R');
    memoize();
  }

  void save_uuid(const value& v) {
    const auto o = v.uuid_octets();
    std::string le(o.rbegin(), o.rend());
    le += '\0';
    save_global(detail::global::uuid);
    put(')');
    put('\x81');
    memoize();
    put('}');
    memoize();
    frame_boundary();
    save_str("int");
    const value number = value::integer(detail::twos_complement_to_decimal(le));
    frame_boundary();
    if (number.type() == kind::integer) {
      save_int(number.as_int());
    } else {
      save_long(number.integer_text());
    }
    put('s');
    put('b');
  }

  // A tuple or frozenset is hashable only if what it holds is.
  void check_hashable(const value& v, std::size_t depth = 0) {
    if (is_unhashable(v.type())) {
      throw codec_error("a " + std::string(v.type_name()) +
                        " cannot be a dict key or set member (Python could not read it back)");
    }
    if ((v.type() == kind::tuple || v.type() == kind::frozenset) && depth < max_depth) {
      for (const auto& item : v.items()) check_hashable(item, depth + 1);
    }
  }

  void save(const value& v, std::size_t depth) {
    if (depth > max_depth) throw codec_error("the value nests deeper than 1000 levels");
    frame_boundary();
    ++depth;
    switch (v.type()) {
      case kind::none:
        put('N');
        return;
      case kind::boolean:
        put(v.as_bool() ? '\x88' : '\x89');
        return;
      case kind::integer:
        save_int(v.as_int());
        return;
      case kind::big_integer:
        save_long(v.integer_text());
        return;
      case kind::floating: {
        const double d = v.as_double();
        std::uint64_t bits = 0;
        std::memcpy(&bits, &d, sizeof bits);
        put('G');
        for (int k = 7; k >= 0; --k) put(static_cast<char>((bits >> (8 * k)) & 0xff));
        return;
      }
      case kind::str:
        save_str(v.as_str());
        return;
      case kind::bytes:
        save_bytes(v.as_bytes());
        return;
      case kind::bytearray:
        if (protocol_ >= 5) {
          write_payload("\x96" + le_string(v.as_bytes().size(), 8), v.as_bytes());
          memoize();
        } else {
          // bytearray.__reduce_ex__ gives (bytearray, ()) when empty, else (bytearray, (bytes,)).
          save_reduce(detail::global::bytearray,
                      v.as_bytes().empty() ? std::vector<value>{}
                                           : std::vector<value>{value::bytes(v.as_bytes())},
                      depth);
        }
        return;
      case kind::list:
        put(']');
        memoize();
        save_items(v.items(), depth, 'a', 'e');
        return;
      case kind::tuple:
        save_tuple(v.items(), depth);
        return;
      case kind::dict:
        put('}');
        memoize();
        save_dict(v.dict_items(), depth);
        return;
      case kind::set:
        for (const auto& item : v.items()) check_hashable(item);
        put('\x8f');
        memoize();
        save_items(v.items(), depth, 0, '\x90');
        return;
      case kind::frozenset:
        for (const auto& item : v.items()) check_hashable(item);
        put('(');
        for (const auto& item : v.items()) save(item, depth);
        put('\x91');
        memoize();
        return;
      case kind::datetime:
      case kind::date:
      case kind::time:
        save_when(v);
        return;
      case kind::timedelta:
        save_reduce(detail::global::timedelta, timedelta_args(v), depth);
        return;
      case kind::decimal:
        save_reduce(detail::global::decimal, {value(v.decimal_text())}, depth);
        return;
      case kind::uuid:
        save_uuid(v);
        return;
    }
  }

  void save_dict(const std::vector<dict_item>& items, std::size_t depth) {
    for (std::size_t at = 0; at < items.size(); at += batch_size) {
      const std::size_t n = std::min(batch_size, items.size() - at);
      if (n > 1) put('(');
      for (std::size_t k = 0; k < n; ++k) {
        check_hashable(items[at + k].key);
        save(items[at + k].key, depth);
        save(items[at + k].val, depth);
      }
      put(n > 1 ? 'u' : 's');
    }
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  int protocol_;
  std::string out_;
  bool framing_ = false;
  std::size_t frame_start_ = npos;
  std::size_t memo_size_ = 0;
  std::map<detail::global, std::size_t> globals_;
  std::map<std::string, std::size_t> modules_;
};

}  // namespace

std::string dump(const value& v, int protocol) { return writer(protocol).finish(v); }

}  // namespace rediscache::pickle
