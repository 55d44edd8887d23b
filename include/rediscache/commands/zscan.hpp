#pragma once

#include <rediscache/client.hpp>
#include <rediscache/commands/builder.hpp>
#include <rediscache/commands/sorted_sets_types.hpp>

#include <cstddef>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

/// \file
/// ZSCAN: one page as a typed command, and all pages as a lazy range.
namespace rediscache {

namespace cmd {

/// ZSCAN's filters.
struct zscan_options {
  std::string match{};    ///< a glob over members; empty for all
  std::size_t count = 0;  ///< a hint of members per page; 0 for the server's default (10)
};

/// One page from cursor ("0" to begin).
template <class T = std::string>
typed_command<zscan_page<T>> zscan(std::string_view key, std::string_view cursor,
                                   const zscan_options& o = {}) {
  static const command_info& info = detail::info_of("zscan");
  command cmd = detail::start(info, "ZSCAN");
  cmd.arg(key).arg(cursor);
  if (!o.match.empty()) cmd.arg("MATCH").arg(o.match);
  if (o.count > 0) cmd.arg("COUNT").arg(o.count);
  return typed_command<zscan_page<T>>(std::move(cmd));
}

}  // namespace cmd

/// A sorted set's members with their scores, fetched lazily one ZSCAN page at a time as iteration
/// proceeds. A member may appear twice if the set changed during the iteration (ZSCAN's
/// guarantee); every member present for the whole iteration appears at least once.
template <class T = std::string>
class zscan_range {
 public:
  /// An input iterator over the members; equal to end() once the scan is complete.
  class iterator {
   public:
    ///@{
    /// Input iterator types.
    using iterator_category = std::input_iterator_tag;
    using value_type = scored_member<T>;
    using difference_type = std::ptrdiff_t;
    using pointer = const value_type*;
    using reference = const value_type&;
    ///@}

    iterator() = default;
    ///@{
    /// Input iterator operations; ++ may fetch the next page (and throw what the command throws).
    reference operator*() const { return state_->page[state_->index]; }
    pointer operator->() const { return &**this; }
    iterator& operator++() {
      if (++state_->index >= state_->page.size()) fill();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& a, const iterator& b) { return a.state_ == b.state_; }
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }
    ///@}

   private:
    friend class zscan_range;
    struct state {
      explicit state(client c) : redis(std::move(c)) {}
      client redis;
      std::string key;
      cmd::zscan_options options;
      std::string cursor = "0";
      bool finished = false;
      std::vector<scored_member<T>> page;
      std::size_t index = 0;
    };

    /// Loads pages until one has members, or ends the iteration when the scan is complete.
    void fill() {
      state_->index = 0;
      state_->page.clear();
      while (state_->page.empty()) {
        if (state_->finished) {
          state_.reset();
          return;
        }
        auto next = state_->redis.run(cmd::zscan<T>(state_->key, state_->cursor, state_->options));
        state_->cursor = std::move(next.cursor);
        state_->finished = state_->cursor == "0";
        state_->page = std::move(next.members);
      }
    }
    std::shared_ptr<state> state_;
  };

  /// The range and its iterators hold a copy of the client, so they stay valid on their own.
  zscan_range(client redis, std::string key, cmd::zscan_options options)
      : redis_(std::move(redis)), key_(std::move(key)), options_(std::move(options)) {}

  /// Starts a new ZSCAN; each call to begin() iterates afresh.
  iterator begin() const {
    iterator it;
    it.state_ = std::make_shared<typename iterator::state>(redis_);
    it.state_->key = key_;
    it.state_->options = options_;
    it.fill();
    return it;
  }
  /// The iterator past the last member.
  iterator end() const { return {}; }

 private:
  client redis_;
  std::string key_;
  cmd::zscan_options options_;
};

namespace cmd {

/// Every member of the set with its score, one page at a time: for (auto& m : zscan(redis, key)).
template <class T = std::string>
zscan_range<T> zscan(const client& redis, std::string_view key, const zscan_options& o = {}) {
  return zscan_range<T>(redis, std::string(key), o);
}

}  // namespace cmd

}  // namespace rediscache
