#include "resp/reader.hpp"

#include <rediscache/error.hpp>

#include <hiredis/read.h>

#include <algorithm>
#include <exception>
#include <new>
#include <string>

namespace rediscache::detail {
namespace {

// Room for a bulk header ("$<20 digits>\r\n") beyond the bulk itself.
constexpr std::size_t header_slack = 32;

}  // namespace

// hiredis calls these while parsing. The root reply lives in reader::root_; elements are
// constructed in place inside their parent's vector, which createArray reserved to its final size,
// so no pointer handed to hiredis is ever invalidated and no reply is heap-allocated on its own.
// Nothing may be thrown through hiredis' C frames: a callback that fails stores why and returns
// null, which makes hiredis stop with an error that next() turns back into the exception.
struct reader_callbacks {
  static reader& owner(const redisReadTask* task) { return *static_cast<reader*>(task->privdata); }

  template <class Build>
  static void* guarded(const redisReadTask* task, Build&& build) noexcept {
    try {
      return build();
    } catch (...) {
      owner(task).callback_failure_ = std::current_exception();
      return nullptr;
    }
  }

  static reply* slot(const redisReadTask* task) {
    if (task->parent == nullptr) {
      reply& root = owner(task).root_;
      root = reply();
      return &root;
    }
    auto& siblings = static_cast<reply*>(task->parent->obj)->elements();
    siblings.emplace_back();
    return &siblings.back();
  }

  // A complete item is checked as well as a pending one (check_pending_item), so whether a reply
  // passes the limit does not depend on how its bytes were split into reads.
  static void* create_string(const redisReadTask* task, char* data, size_t len) {
    return guarded(task, [&]() -> void* {
      reader& self = owner(task);
      if (len > self.limits_.max_bulk_bytes) {
        self.refusal_ = "reply item of " + std::to_string(len) + " bytes exceeds max_bulk_bytes (" +
                        std::to_string(self.limits_.max_bulk_bytes) + ")";
        return nullptr;
      }
      // hiredis skips the two bytes after a bulk string without looking at them.
      if (task->type == REDIS_REPLY_STRING && (data[len] != '\r' || data[len + 1] != '\n')) {
        self.refusal_ = "bulk string of " + std::to_string(len) + " bytes is not followed by CRLF";
        return nullptr;
      }
      if (!self.charge(reader::string_cost(len), "a string")) return nullptr;
      std::string_view bytes(data, len);
      reply* r = slot(task);
      switch (task->type) {
        case REDIS_REPLY_ERROR: *r = reply::make_error(bytes); break;
        case REDIS_REPLY_STATUS: *r = reply::make_simple_string(bytes); break;
        default: *r = reply::make_bulk_string(bytes); break;
      }
      return r;
    });
  }

  static void* create_array(const redisReadTask* task, int elements) {
    return guarded(task, [&]() -> void* {
      reader& self = owner(task);
      if (elements < 0 || static_cast<std::size_t>(elements) > self.limits_.max_array_elements) {
        self.refusal_ = "array of " + std::to_string(elements) +
                        " elements exceeds max_array_elements (" +
                        std::to_string(self.limits_.max_array_elements) + ")";
        return nullptr;
      }
      auto count = static_cast<std::size_t>(elements);
      if (!self.charge(count * sizeof(reply), "an array")) return nullptr;
      reply* r = slot(task);
      std::vector<reply> children;
      children.reserve(count);
      *r = reply::make_array(std::move(children));
      return r;
    });
  }

  static void* create_integer(const redisReadTask* task, long long value) {
    return guarded(task, [&]() -> void* {
      reply* r = slot(task);
      *r = reply::make_integer(value);
      return r;
    });
  }

  static void* create_nil(const redisReadTask* task) {
    return guarded(task, [&]() -> void* { return slot(task); });
  }

  // hiredis frees only the root, on errors; children belong to it.
  static void free_object(void* object) { *static_cast<reply*>(object) = reply(); }
};

namespace {
redisReplyObjectFunctions callbacks = {
    reader_callbacks::create_string, reader_callbacks::create_array,
    reader_callbacks::create_integer, reader_callbacks::create_nil,
    reader_callbacks::free_object,
};
}  // namespace

reader::reader(const reply_limits& limits)
    : parser_(redisReaderCreateWithFunctions(&callbacks)), limits_(limits) {
  if (parser_ == nullptr) throw std::bad_alloc();
  parser_->privdata = this;
}

reader::~reader() { redisReaderFree(parser_); }

std::size_t reader::string_cost(std::size_t length) noexcept {
  static const std::size_t inline_capacity = std::string().capacity();
  return length > inline_capacity ? length + 1 : 0;
}

bool reader::fits(std::size_t cost, const char* what) {
  if (cost <= limits_.max_reply_bytes - reply_bytes_) return true;
  refusal_ = std::string(what) + " of " + std::to_string(cost) +
                     " bytes would bring the reply over max_reply_bytes (" +
                     std::to_string(limits_.max_reply_bytes) + ")";
  return false;
}

bool reader::charge(std::size_t cost, const char* what) {
  if (!fits(cost, what)) return false;
  reply_bytes_ += cost;
  return true;
}

void reader::fail(const std::string& why) {
  failed_ = true;
  throw protocol_error(why);
}

void reader::feed(const char* data, std::size_t size) {
  if (failed_) fail("reader used after an earlier failure");
  if (redisReaderFeed(parser_, data, size) != REDIS_OK) {
    failed_ = true;
    throw std::bad_alloc();  // the only way hiredis fails to take bytes
  }
}

// hiredis waits for a whole bulk string before it calls back, buffering whatever the server
// announced. Check the announced length of the item being read, and the bytes waiting, against
// the limits and the reply's budget so a hostile "$2147483647" fails at once instead of after
// filling memory.
void reader::check_pending_item() {
  std::size_t waiting = parser_->len - parser_->pos;
  if (waiting > header_slack && waiting - header_slack > limits_.max_bulk_bytes) {
    fail("reply item of over " + std::to_string(waiting) + " bytes exceeds max_bulk_bytes (" +
         std::to_string(limits_.max_bulk_bytes) + ")");
  }
  if (parser_->ridx < 0) return;
#if defined(HIREDIS_MAJOR) && HIREDIS_MAJOR >= 1
  const redisReadTask* task = parser_->task[parser_->ridx];
#else
  const redisReadTask* task = &parser_->rstack[parser_->ridx];
#endif
  if (task->type != REDIS_REPLY_STRING || waiting == 0) return;
  // The '$' is consumed; the length line follows. 20 digits are more than any limit.
  const char* line = parser_->buf + parser_->pos;
  const std::size_t most = std::min<std::size_t>(waiting, 20);
  std::size_t digits = 0;
  while (digits < most && line[digits] >= '0' && line[digits] <= '9') ++digits;
  unsigned long long announced = 0;
  for (std::size_t i = 0; i < digits; ++i) {
    announced = announced * 10 + static_cast<unsigned>(line[i] - '0');
    if (announced > limits_.max_bulk_bytes) {
      // Only the digits: the bytes after them are server data, not fit for a message.
      fail("bulk string of " + std::string(line, digits) + " bytes exceeds max_bulk_bytes (" +
           std::to_string(limits_.max_bulk_bytes) + ")");
    }
  }
  if (!fits(string_cost(static_cast<std::size_t>(announced)), "a bulk string")) {
    fail(refusal_);
  }
}

bool reader::next(reply& out) {
  if (failed_) fail("reader used after an earlier failure");
  void* result = nullptr;
  if (redisReaderGetReply(parser_, &result) != REDIS_OK) {
    if (callback_failure_) {
      failed_ = true;
      std::rethrow_exception(callback_failure_);
    }
    if (!refusal_.empty()) fail(refusal_);
    fail(std::string("invalid reply: ") + parser_->errstr);
  }
  if (result == nullptr) {
    check_pending_item();
    return false;
  }
  out = std::move(*static_cast<reply*>(result));
  reply_bytes_ = 0;
  return true;
}

}  // namespace rediscache::detail
