#pragma once

namespace rediscache {

/// How session::save() writes a session that has a key (Django's save(must_create)).
enum class save_mode {
  /// must_create=False: overwrite the stored session, which must still exist (SET XX); a session
  /// deleted meanwhile throws session_update_error.
  update_existing,
  /// must_create=True: store it only if no session is under the key yet (SET NX, atomic on Redis
  /// and on the memory backend); a taken key throws session_create_error.
  must_create,
};

}  // namespace rediscache
