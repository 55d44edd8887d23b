#pragma once

#include <rediscache/backend.hpp>
#include <rediscache/cache_options.hpp>
#include <rediscache/export.hpp>

#include <cstddef>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

namespace rediscache {

/// The user keys matching a pattern, fetched lazily one SCAN page at a time as iteration proceeds.
/// A key may appear twice if it was written during the iteration (SCAN's guarantee); every key
/// present for the whole iteration appears at least once.
class REDISCACHE_API key_range {
 public:
  /// An input iterator over the keys; equal to end() once the scan is complete.
  class iterator {
   public:
    ///@{
    /// Input iterator types.
    using iterator_category = std::input_iterator_tag;
    using value_type = std::string;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::string*;
    using reference = const std::string&;
    ///@}

    iterator() = default;
    ///@{
    /// Input iterator operations; ++ may fetch the next page (and throw what the backend throws).
    reference operator*() const { return state_->page[state_->index]; }
    pointer operator->() const { return &**this; }
    iterator& operator++();
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& a, const iterator& b) { return a.state_ == b.state_; }
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }
    ///@}

   private:
    friend class key_range;
    struct state {
      std::shared_ptr<backend> storage;
      reverse_key_function reverse;
      std::string pattern;
      std::size_t batch;
      std::string cursor;
      std::vector<std::string> page;
      std::size_t index = 0;
    };
    void fill();  ///< loads pages until one has keys or the scan ends
    std::shared_ptr<state> state_;
  };

  /// The range and its iterators share the backend, so they stay valid after the cache is gone.
  key_range(std::shared_ptr<backend> storage, reverse_key_function reverse, std::string pattern,
            std::size_t batch)
      : storage_(std::move(storage)), reverse_(std::move(reverse)), pattern_(std::move(pattern)),
        batch_(batch) {}

  /// Starts a new SCAN; each call to begin() iterates afresh.
  iterator begin() const;
  /// The iterator past the last key.
  iterator end() const { return {}; }

 private:
  std::shared_ptr<backend> storage_;
  reverse_key_function reverse_;
  std::string pattern_;
  std::size_t batch_;
};

}  // namespace rediscache
