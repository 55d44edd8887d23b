# Django interop beyond the cache: django.core.signing and the sessions built on it.
target_sources(rediscache PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/signing.cpp
  ${CMAKE_CURRENT_LIST_DIR}/sessions.cpp
)
