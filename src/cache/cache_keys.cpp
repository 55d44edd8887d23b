#include "cache/cache_state.hpp"

#include <rediscache/glob.hpp>

#include <charconv>

namespace rediscache {
namespace {

void append_default_key(std::string& out, std::string_view key, std::string_view prefix,
                        std::int64_t version) {
  char digits[24];
  auto end = std::to_chars(digits, digits + sizeof digits, version).ptr;
  out.reserve(out.size() + prefix.size() + key.size() + static_cast<std::size_t>(end - digits) + 2);
  out.append(prefix);
  out += ':';
  out.append(digits, end);
  out += ':';
  out.append(key);
}

std::string default_key(std::string_view key, std::string_view prefix, std::int64_t version) {
  std::string out;
  append_default_key(out, key, prefix, version);
  return out;
}

}  // namespace

std::string cache::make_key(std::string_view key, key_version v) const {
  const cache_options& o = state_->options;
  const std::int64_t version = v.or_default(o.version);
  return o.make_key ? o.make_key(key, o.key_prefix, version) : default_key(key, o.key_prefix, version);
}

void cache::state::stored_key_into(std::string& out, std::string_view key,
                                   std::int64_t version) const {
  out.clear();
  if (options.make_key) out = options.make_key(key, options.key_prefix, version);
  else append_default_key(out, key, options.key_prefix, version);
}

// What iteration hands back: the user's key. The default layout's head is known exactly, so
// prefixes containing ':' reverse correctly too; a custom layout needs its reverse function
// (without one, django-redis' rule applies: everything after the second ':').
static reverse_key_function reverse_for(const cache_options& o, std::int64_t version) {
  if (o.reverse_key) return o.reverse_key;
  if (o.make_key) {
    return [](std::string_view stored) {
      auto first = stored.find(':');
      auto second = first == std::string_view::npos ? first : stored.find(':', first + 1);
      return std::string(second == std::string_view::npos ? stored : stored.substr(second + 1));
    };
  }
  std::string head = default_key("", o.key_prefix, version);
  return [head](std::string_view stored) {
    return std::string(stored.substr(0, head.size()) == head ? stored.substr(head.size()) : stored);
  };
}

// The prefix and version are matched literally; only the user's pattern is a glob.
static std::string pattern_key(const cache_options& o, std::string_view pattern,
                               std::int64_t version) {
  std::string prefix = glob_escape(o.key_prefix);
  return o.make_key ? o.make_key(pattern, prefix, version) : default_key(pattern, prefix, version);
}

key_range cache::iter_keys(std::string_view pattern, key_version v, std::size_t batch) const {
  state_->ensure_open();
  const cache_options& o = state_->options;
  const std::int64_t version = v.or_default(o.version);
  return key_range(state_->storage, reverse_for(o, version), pattern_key(o, pattern, version),
                   batch == 0 ? o.scan_batch : batch);
}

std::vector<std::string> cache::keys(std::string_view pattern, key_version v) const {
  return state_->guarded("keys", {}, false, std::vector<std::string>(), [&] {
    std::vector<std::string> found;
    for (const auto& k : iter_keys(pattern, v)) found.push_back(k);
    return found;
  });
}

std::size_t cache::delete_pattern(std::string_view pattern, key_version v, std::size_t batch) const {
  const cache_options& o = state_->options;
  std::string glob = pattern_key(o, pattern, v.or_default(o.version));
  std::size_t removed = state_->guarded("delete_pattern", {}, false, std::size_t{0}, [&] {
    return state_->storage->remove_pattern(glob, batch == 0 ? o.scan_batch : batch);
  });
  state_->changed_all();
  state::count(state_->deletes, removed);
  return removed;
}

key_range::iterator key_range::begin() const {
  iterator it;
  it.state_ = std::make_shared<iterator::state>(
      iterator::state{storage_, reverse_, pattern_, batch_, "0", {}, 0});
  it.fill();
  return it;
}

void key_range::iterator::fill() {
  bool started = false;
  while (state_->index >= state_->page.size()) {
    if (started && state_->cursor == "0") {
      state_.reset();  // becomes end()
      return;
    }
    started = true;
    auto page = state_->storage->scan(state_->cursor, state_->pattern, state_->batch);
    state_->cursor = std::move(page.cursor);
    state_->page.clear();
    for (const auto& k : page.keys) state_->page.push_back(state_->reverse(k));
    state_->index = 0;
  }
}

key_range::iterator& key_range::iterator::operator++() {
  ++state_->index;
  if (state_->index >= state_->page.size()) {
    if (state_->cursor == "0") {
      state_.reset();
    } else {
      fill();
    }
  }
  return *this;
}

}  // namespace rediscache
