#pragma once

#include <rediscache/client.hpp>
#include <rediscache/error.hpp>
#include <rediscache/reply_as.hpp>
#include <rediscache/typed_command.hpp>

#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

/// \file
/// What the SCAN family (SCAN, HSCAN, SSCAN, ZSCAN) shares: one page as a typed command, and a
/// lazy range over all pages.
namespace rediscache::cmd {

/// One page: the cursor to continue from ("0" when the scan is complete) and its items.
template <class Item>
struct scan_page {
  std::string cursor;  ///< where the next page starts; "0" when the scan is complete
  std::vector<Item> items;  ///< the page's items; may be empty before the scan is complete
  /// Whether this is the scan's last page.
  bool last() const noexcept { return cursor == "0"; }
};

/// SCAN's filters.
struct scan_options {
  std::string match{};    ///< a glob pattern (MATCH); empty: everything
  std::size_t count = 0;  ///< how many entries the server looks at per page (COUNT); 0: its default
};

/// Every item of a scan, fetched one page at a time as iteration proceeds. SCAN's guarantees hold:
/// an item present for the whole iteration appears at least once, and may appear more than once.
/// The range keeps its client (a cheap handle), so it stays valid after the caller's copy is gone.
template <class Item>
class scan_range {
 public:
  /// Builds the command that fetches the page at a cursor.
  using page_command = std::function<typed_command<scan_page<Item>>(const std::string& cursor)>;

  /// An input iterator over the items; equal to end() once the scan is complete.
  class iterator {
   public:
    ///@{
    /// Input iterator types.
    using iterator_category = std::input_iterator_tag;
    using value_type = Item;
    using difference_type = std::ptrdiff_t;
    using pointer = const Item*;
    using reference = const Item&;
    ///@}

    iterator() = default;
    ///@{
    /// Input iterator operations; ++ may fetch the next page (and throw what the command throws).
    reference operator*() const { return state_->page.items[state_->index]; }
    pointer operator->() const { return &**this; }
    iterator& operator++() {
      ++state_->index;
      fill();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& a, const iterator& b) { return a.state_ == b.state_; }
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }
    ///@}

   private:
    friend class scan_range;
    struct state {
      client redis;
      page_command next_page;
      scan_page<Item> page;
      std::size_t index = 0;
    };
    explicit iterator(std::shared_ptr<state> s) : state_(std::move(s)) { fill(); }

    /// Loads pages until one has items left; becomes end() after the last page.
    void fill() {
      while (state_->index >= state_->page.items.size()) {
        if (state_->page.last()) {
          state_.reset();
          return;
        }
        state_->page = state_->redis.run(state_->next_page(state_->page.cursor));
        state_->index = 0;
      }
    }

    std::shared_ptr<state> state_;
  };

  /// A range that fetches each page by running next_page(cursor) on redis.
  scan_range(client redis, page_command next_page)
      : redis_(std::move(redis)), next_page_(std::move(next_page)) {}

  /// Starts a new scan: each call to begin() iterates afresh.
  iterator begin() const {
    // A cursor other than "0" with no items makes fill() ask for the first page.
    scan_page<Item> before_first{"", {}};
    return iterator(std::make_shared<typename iterator::state>(
        typename iterator::state{redis_, next_page_, std::move(before_first), 0}));
  }
  /// The iterator past the last item.
  iterator end() const { return {}; }

 private:
  client redis_;
  page_command next_page_;
};

namespace detail_scan {
inline void add_options(command& cmd, const scan_options& o) {
  if (!o.match.empty()) cmd.arg("MATCH").arg(o.match);
  if (o.count != 0) cmd.arg("COUNT").arg(o.count);
}
// The cursor of the first page is "0"; before_first's empty cursor stands for it.
inline std::string_view cursor_arg(const std::string& cursor) {
  return cursor.empty() ? std::string_view("0") : std::string_view(cursor);
}
}  // namespace detail_scan

}  // namespace rediscache::cmd

namespace rediscache::detail {

/// [cursor, [items...]]; items as std::vector<Item> would convert them (pairs from flat arrays).
/// A conversion function rather than a from_reply specialization, which for a class template
/// would be as specialized as reply_as.hpp's catch-all for stored values.
template <class Item>
cmd::scan_page<Item> scan_page_of(reply&& r, const value_codec& codec) {
  auto& parts = r.elements();
  if (parts.size() != 2 || !parts[1].is_array()) {
    throw protocol_error("a scan reply is [cursor, [items]], got " + std::to_string(parts.size()) +
                         " elements");
  }
  cmd::scan_page<Item> page;
  page.cursor = text_of(std::move(parts[0]));
  if (page.cursor.empty()) throw protocol_error("a scan reply has an empty cursor");
  page.items = reply_as<std::vector<Item>>(std::move(parts[1]), codec);
  return page;
}

}  // namespace rediscache::detail
