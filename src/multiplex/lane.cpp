#include "multiplex/lane.hpp"

#include "connection/connection_impl.hpp"
#include "log/log_impl.hpp"
#include "pool/retry.hpp"
#include "transport/deadline.hpp"

#include <rediscache/error.hpp>

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace rediscache::detail {
namespace {

std::string millis(std::chrono::milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

}  // namespace

lane::lane(connection_options options, std::shared_ptr<tls_context> tls, retry_options backoff,
           std::chrono::milliseconds stall_timeout, bool fences)
    : options_(std::move(options)),
      tls_(std::move(tls)),
      backoff_(backoff),
      stall_timeout_(stall_timeout.count() > 0 ? stall_timeout : 2 * options_.socket_timeout),
      fences_on_(fences) {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    throw connection_error(std::string("cannot create an eventfd: ") + std::strerror(errno));
  }
}

void lane::start() {
  thread_ = std::thread([self = shared_from_this()] { self->run(); });
}

lane::~lane() {
  close();
  ::close(wake_fd_);
}

void lane::close() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    closing_ = true;
  }
  wake();
  if (!thread_.joinable()) return;
  if (thread_.get_id() == std::this_thread::get_id()) {
    thread_.detach();
  } else {
    thread_.join();
  }
}

bool lane::closing() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return closing_;
}

std::shared_ptr<call> lane::submit(const std::function<void(std::string&)>& encode,
                                   std::size_t replies, clock::time_point deadline,
                                   call::completion on_done) {
  auto c = std::make_shared<call>(replies, deadline, std::move(on_done));
  bool must_wake = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closing_) {
      throw closed_error("the multiplexed connection to " + endpoint_name(options_) + " is closed");
    }
    if (down_) std::rethrow_exception(make_exception(down_reason_));
    const std::size_t before = queued_bytes_.size();
    try {
      encode(queued_bytes_);
    } catch (...) {
      queued_bytes_.resize(before);  // half an encoding must never be sent
      throw;
    }
    queued_.push_back({c, stream_queued_});
    stream_queued_ += queued_bytes_.size() - before;
    must_wake = thread_sleeping_;
    thread_sleeping_ = false;
  }
  if (must_wake) wake();
  return c;
}

void lane::wake() const noexcept {
  const std::uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void lane::drain_wakeups() const noexcept {
  std::uint64_t count = 0;
  [[maybe_unused]] ssize_t n = ::read(wake_fd_, &count, sizeof count);
}

void lane::run() noexcept {
  while (!closing()) {
    if (!conn_ && !connect_once()) {
      auto delay = std::max<std::chrono::microseconds>(backoff_delay(backoff_, failures_ - 1),
                                                       std::chrono::milliseconds(1));
      pollfd p{wake_fd_, POLLIN, 0};
      ::poll(&p, 1, poll_wait_ms(clock::now() + delay, clock::now()));
      drain_wakeups();
      std::lock_guard<std::mutex> lock(mutex_);
      down_ = false;  // the next attempt is due: callers may queue for it
      continue;
    }
    serve();
  }
  const failure closed{errc::closed,
                       "the multiplexed connection to " + endpoint_name(options_) + " was closed"};
  fail_all(closed);
  fail_queued(closed);
  conn_.reset();
}

bool lane::connect_once() {
  try {
    conn_.emplace(connection::open(options_, tls_));
  } catch (...) {
    const failure why = describe(std::current_exception());
    ++failures_;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      down_ = true;
      down_reason_ = why;
    }
    fail_queued(why);
    log_warn("multiplexed connection to {} failed (attempt {}): {}", endpoint_name(options_),
             failures_, why.detail);
    return false;
  }
  failures_ = 0;
  parser_ = std::make_unique<reader>(options_.limits);
  tls_io_ = options_.tls.enabled;
  out_.clear();
  std::lock_guard<std::mutex> lock(mutex_);
  // Calls queued while connecting go first on the new connection.
  stream_written_ = stream_queued_ - queued_bytes_.size();
  return true;
}

void lane::serve() {
  last_progress_ = clock::now();
  try {
    for (;;) {
      if (closing()) return;
      auto now = clock::now();
      take_queued(now);
      if (!out_.empty()) write_some();
      expire_due(now);
      if (!flight_.empty() && now - last_progress_ >= stall_timeout_) {
        throw timeout_error("no reply from " + endpoint_name(options_) + " for " +
                            millis(stall_timeout_) + "; reconnecting");
      }
      wait_for_work(now);
    }
  } catch (...) {
    const failure why = describe(std::current_exception());
    log_warn("multiplexed connection to {} broke: {}", endpoint_name(options_), why.detail);
    fail_all(why);
    conn_.reset();
  }
}

void lane::take_queued(clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (queued_.empty()) return;
  if (flight_.empty()) {
    last_progress_ = now;
  } else if (fences_on_) {
    add_fence();
  }
  if (out_.empty()) {
    out_.swap(queued_bytes_);
  } else {
    out_.append(queued_bytes_);
  }
  queued_bytes_.clear();
  for (auto& q : queued_) {
    if (q.what) {
      flight_.push_back({std::move(q.what), q.stream_begin, {}});
    } else {
      flight_.push_back({std::make_shared<call>(1, clock::time_point::min(), nullptr),
                         q.stream_begin, fence_token()});
      ++fences_out_;
    }
  }
  queued_.clear();
}

void lane::write_some() {
  transport& io = connection_socket::of(*conn_);
  if (tls_io_) {
    std::size_t written = 0;
    try {
      io.write_all(out_.data(), out_.size(), deadline_after(clock::now(), options_.socket_timeout),
                   written);
    } catch (...) {
      stream_written_ += written;
      throw;
    }
    stream_written_ += written;
    out_.clear();
    return;
  }
  std::size_t offset = 0;
  while (offset < out_.size()) {
    ssize_t n = ::send(io.fd(), out_.data() + offset, out_.size() - offset,
                       MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      offset += static_cast<std::size_t>(n);
      stream_written_ += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;  // poll says when to go on
    throw connection_error("write to " + io.endpoint() + " failed: " + std::strerror(errno));
  }
  out_.erase(0, offset);
}

void lane::read_some() {
  transport& io = connection_socket::of(*conn_);
  if (tls_io_) {
    do {
      std::size_t n =
          io.read_some(in_, sizeof in_, deadline_after(clock::now(), options_.socket_timeout));
      parser_->feed(in_, n);
      last_progress_ = clock::now();
      reply r;
      while (parser_->next(r)) deliver(std::move(r));
    } while (io.buffered());
    return;
  }
  for (;;) {
    ssize_t n = ::recv(io.fd(), in_, sizeof in_, MSG_DONTWAIT);
    if (n == 0) throw closed_error("server " + io.endpoint() + " closed the connection");
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      throw connection_error("read from " + io.endpoint() + " failed: " + std::strerror(errno));
    }
    parser_->feed(in_, static_cast<std::size_t>(n));
    last_progress_ = clock::now();
    reply r;
    while (parser_->next(r)) deliver(std::move(r));
    if (static_cast<std::size_t>(n) < sizeof in_) return;  // drained: spare the EAGAIN syscall
  }
}

void lane::deliver(reply&& r) {
  if (flight_.empty()) {
    throw protocol_error("server " + endpoint_name(options_) + " sent a reply nobody asked for");
  }
  in_flight& front = flight_.front();
  if (!front.fence.empty()) {
    check_fence(front.fence, r);
    flight_.pop_front();
    if (expired_ > 0) --expired_;
    return;
  }
  if (front.what->is_pending()) front.what->replies.push_back(std::move(r));
  if (++front.received < front.what->expected()) return;
  if (fences_out_ > 0) {
    held_.push_back(std::move(front.what));
  } else {
    front.what->settle(nullptr, true);
  }
  flight_.pop_front();
  if (expired_ > 0) --expired_;
}

void lane::check_fence(const std::string& token, const reply& r) {
  if (!r.is_string() || r.str() != token) {
    throw connection_error("replies from " + endpoint_name(options_) +
                           " are out of step with the commands (bytes were lost in transit)");
  }
  --fences_out_;
  for (auto& c : held_) c->settle(nullptr, true);
  held_.clear();
}

std::string lane::fence_token() const {
  return "rediscache-fence:" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ":" +
         std::to_string(fences_sent_);
}

// Appended while the queue's lock is held, so its bytes take their place in the stream; a queued
// entry without a call stands for it.
void lane::add_fence() {
  ++fences_sent_;
  const std::size_t before = queued_bytes_.size();
  command{"ECHO", fence_token()}.encode_to(queued_bytes_);
  queued_.push_back({nullptr, stream_queued_});
  stream_queued_ += queued_bytes_.size() - before;
}

void lane::expire_due(clock::time_point now) {
  while (expired_ < flight_.size() && flight_[expired_].what->deadline() <= now) {
    in_flight& f = flight_[expired_];
    ++expired_;
    if (f.fence.empty() && f.what->is_pending()) {
      f.what->expire(std::make_exception_ptr(
          timeout_error("command to " + endpoint_name(options_) + " timed out after " +
                        millis(options_.socket_timeout) + "; its reply will be discarded")));
    }
  }
}

int lane::poll_timeout(clock::time_point now) const {
  if (flight_.empty()) return -1;
  auto until = last_progress_ + stall_timeout_;
  if (expired_ < flight_.size()) until = std::min(until, flight_[expired_].what->deadline());
  return std::max(poll_wait_ms(until, now), 1);
}

void lane::wait_for_work(clock::time_point now) {
  transport& io = connection_socket::of(*conn_);
  bool readable_now = tls_io_ && io.buffered();
  int timeout = readable_now ? 0 : poll_timeout(now);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!queued_.empty() || closing_) timeout = 0;
    thread_sleeping_ = timeout != 0;
  }
  pollfd fds[2] = {{io.fd(), static_cast<short>(POLLIN | (out_.empty() ? 0 : POLLOUT)), 0},
                   {wake_fd_, POLLIN, 0}};
  int rc = ::poll(fds, 2, timeout);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    thread_sleeping_ = false;
  }
  if (rc < 0) return;  // EINTR: the loop polls again
  if (fds[1].revents != 0) drain_wakeups();
  if (readable_now || (fds[0].revents & (POLLIN | POLLERR | POLLHUP)) != 0) read_some();
}

lane::failure lane::describe(const std::exception_ptr& e) noexcept {
  try {
    std::rethrow_exception(e);
  } catch (const error& x) {
    return {static_cast<errc>(x.code().value()), std::string(x.detail())};
  } catch (const std::exception& x) {
    return {errc::connection, x.what()};
  } catch (...) {
    return {errc::connection, "an exception of unknown type"};
  }
}

std::exception_ptr lane::make_exception(const failure& f) noexcept {
  switch (f.code) {
    case errc::timeout: return std::make_exception_ptr(timeout_error(f.detail));
    case errc::closed: return std::make_exception_ptr(closed_error(f.detail));
    case errc::tls: return std::make_exception_ptr(tls_error(f.detail));
    case errc::protocol: return std::make_exception_ptr(protocol_error(f.detail));
    case errc::auth: return std::make_exception_ptr(auth_error(f.detail));
    case errc::config: return std::make_exception_ptr(config_error(f.detail));
    default: return std::make_exception_ptr(connection_error(f.detail));
  }
}

void lane::fail_all(const failure& why) noexcept {
  for (auto& c : held_) c->settle(make_exception(why), true);
  held_.clear();
  fences_out_ = 0;
  for (auto& f : flight_) f.what->settle(make_exception(why), f.stream_begin < stream_written_);
  flight_.clear();
  expired_ = 0;
  out_.clear();
}

void lane::fail_queued(const failure& why) noexcept {
  std::vector<queued> orphans;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    orphans.swap(queued_);
    queued_bytes_.clear();
  }
  for (auto& q : orphans) q.what->settle(make_exception(why), false);
}

}  // namespace rediscache::detail
