#include "cluster/load.hpp"

#include <rediscache/error.hpp>

namespace rediscache::test {

steady_load::steady_load(std::shared_ptr<executor> exec,
                         std::vector<std::vector<std::string>> key_lists)
    : exec_(std::move(exec)), keys_(std::move(key_lists)), written_(keys_.size()) {
  for (std::size_t owner = 0; owner < keys_.size(); ++owner) {
    written_[owner].resize(keys_[owner].size());
    threads_.emplace_back([this, owner] { run(owner); });
  }
}

steady_load::~steady_load() { stop(); }

void steady_load::stop() {
  stopping_ = true;
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

std::vector<steady_load::call> steady_load::calls() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return calls_;
}

// Writes key i a new value, then reads it back (alternating GET and a three-key MGET, which
// spans slots), checking what comes back against what this thread wrote.
void steady_load::run(std::size_t owner) {
  const auto& keys = keys_[owner];
  auto& written = written_[owner];
  std::size_t counter = 0;
  while (!stopping_) {
    const std::size_t i = counter % keys.size();
    const std::string value = std::to_string(owner) + ":" + std::to_string(counter);
    ++counter;
    for (const bool write : {true, false}) {
      call c{owner, clock_type::now(), {}, write, false, {}};
      try {
        if (write) {
          c.ok = exec_->run(command{{"SET", keys[i], value}, idempotency::idempotent}).is_ok();
          if (c.ok) written[i] = value;
        } else if (counter % 2 == 0) {
          const std::string got =
              exec_->run(command{{"GET", keys[i]}, idempotency::idempotent}).str();
          c.ok = got == written[i];
          if (!c.ok) c.failure = "GET " + keys[i] + " gave " + got + ", not " + written[i];
        } else {
          const std::size_t j = (i + 1) % keys.size();
          const std::size_t k = (i + 2) % keys.size();
          const reply got =
              exec_->run(command{{"MGET", keys[i], keys[j], keys[k]}, idempotency::idempotent});
          c.ok = true;
          for (std::size_t n = 0; n < 3; ++n) {
            const std::size_t at = n == 0 ? i : n == 1 ? j : k;
            const reply& r = got.elements()[n];
            const std::string seen = r.is_nil() ? "(nil)" : r.str();
            const std::string expected = written[at].empty() ? "(nil)" : written[at];
            if (seen != expected) {
              c.ok = false;
              c.failure = "MGET " + keys[at] + " gave " + seen + ", not " + expected;
            }
          }
        }
      } catch (const std::exception& e) {
        c.failure = e.what();
      }
      c.end = clock_type::now();
      std::lock_guard<std::mutex> lock(mutex_);
      calls_.push_back(std::move(c));
      if (!calls_.back().ok && write) break;  // no read of a value that may not be there
    }
  }
}

}  // namespace rediscache::test
