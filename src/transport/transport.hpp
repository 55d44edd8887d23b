#pragma once

#include <rediscache/connection_options.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace rediscache::detail {

using clock = std::chrono::steady_clock;

class tls_context;

// A connected byte stream (TCP, Unix socket or TLS over either). Every call takes a deadline;
// passing it throws timeout_error. Errors throw connection_error (or a subclass) and leave the
// transport unusable.
class transport {
 public:
  virtual ~transport();
  transport(const transport&) = delete;
  transport& operator=(const transport&) = delete;

  // Writes all of data. written counts the bytes accepted so far, also when it throws.
  virtual void write_all(const char* data, std::size_t size, clock::time_point deadline,
                         std::size_t& written) = 0;
  // Reads at least one byte into buffer; throws closed_error when the peer closed. The first read
  // after a write_all may wait in the kernel for up to socket_timeout, so its deadline must be at
  // least socket_timeout after that write began (an exchange's deadline is).
  virtual std::size_t read_some(char* buffer, std::size_t size, clock::time_point deadline) = 0;

  // True when the peer has closed or sent unexpected bytes while we expected nothing: a pooled
  // connection in that state is stale. Never blocks.
  virtual bool stale();
  // True when bytes are already buffered inside the transport (decrypted TLS records), so the
  // socket may not become readable although a read would succeed at once.
  virtual bool buffered() const { return false; }
  int fd() const { return fd_; }
  const std::string& endpoint() const { return endpoint_; }

 protected:
  transport(int fd, std::string endpoint);
  [[noreturn]] void throw_timeout(const char* operation) const;
  int fd_;
  std::string endpoint_;

 private:
  friend std::unique_ptr<transport> open_transport(const connection_options&,
                                                   const std::shared_ptr<tls_context>&,
                                                   clock::time_point);
  std::chrono::milliseconds timeout_{0};
};

// Opens a plain or TLS transport as the options say. tls may be null when TLS is off.
std::unique_ptr<transport> open_transport(const connection_options& options,
                                          const std::shared_ptr<tls_context>& tls,
                                          clock::time_point deadline);

// Waits until fd is ready for events (POLLIN/POLLOUT) or the deadline passes; false on timeout.
bool wait_ready(int fd, short events, clock::time_point deadline);

std::string millis_text(std::chrono::milliseconds ms);

}  // namespace rediscache::detail
