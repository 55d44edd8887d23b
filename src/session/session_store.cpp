#include "session/session_engine.hpp"

#include <rediscache/session/session_key.hpp>
#include <rediscache/session/session_store.hpp>

namespace rediscache {

session_store::session_store(const cache& c, session_options options)
    : engine_(std::make_shared<const detail::session_engine>(c, std::move(options))) {}

session session_store::open() const { return session(engine_, std::nullopt); }

session session_store::open(std::string_view session_key) const {
  return session(engine_, std::string(session_key));
}

bool session_store::exists(std::string_view session_key) const {
  return is_valid_session_key(session_key) && engine_->exists(std::string(session_key));
}

bool session_store::remove(std::string_view session_key) const {
  return is_valid_session_key(session_key) && engine_->remove(std::string(session_key));
}

std::string session_store::cache_key(std::string_view session_key) const {
  return engine_->cache_key(session_key);
}

bool session_store::atomic() const noexcept { return engine_->atomic(); }

const session_options& session_store::options() const noexcept { return engine_->options(); }

}  // namespace rediscache
