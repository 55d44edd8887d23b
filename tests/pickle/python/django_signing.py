"""Django 3.2's own signing and session encodings, for the C++ signing test.

usage: django_signing.py SECRET_KEY make FILE     FILE: {"session": {...}}; prints what Django
                                                  makes of it: a signed_cookies cookie, db
                                                  session_data (current and pre-3.1 formats) and
                                                  signing.dumps with a custom salt
       django_signing.py SECRET_KEY read FILE     FILE: {"cookie", "session_data", "dumps"}; prints
                                                  what Django reads from each ({} or an error name
                                                  when it refuses one)
       django_signing.py SECRET_KEY cached_db FILE   FILE: {"session": {...}, "url": URL}; saves
                                                  the session through the cached_db engine (SQLite
                                                  in memory, django-redis at URL with default
                                                  settings); prints its session key
"""
import json
import sys

import django
from django.conf import settings

secret, action, path = sys.argv[1:4]
with open(path) as f:
    given = json.load(f)
extra = {}
if action == "cached_db":
    extra = {
        "CACHES": {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": given["url"]}},
        "DATABASES": {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    }
settings.configure(
    SECRET_KEY=secret,
    INSTALLED_APPS=["django.contrib.sessions"],
    SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
    USE_TZ=True,
    **extra
)
django.setup()
from django.contrib.sessions.backends import cached_db, signed_cookies  # noqa: E402
from django.core import signing  # noqa: E402

if action == "make":
    session = given["session"]
    cookie_store = signed_cookies.SessionStore()
    cookie_store.update(session)
    cookie_store.save()
    db_store = cached_db.SessionStore()
    print(json.dumps({
        "cookie": cookie_store.session_key,
        "session_data": db_store.encode(session),
        "legacy_session_data": db_store._legacy_encode(session),
        "dumps": signing.dumps(session, salt="rediscache.test", compress=True),
    }))
elif action == "cached_db":
    from django.core.management import call_command

    call_command("migrate", "sessions", verbosity=0)
    store = cached_db.SessionStore()
    store.update(given["session"])
    store.set_expiry(7 * 86400)  # a datetime would not fit the db half's JSON
    store.save()
    print(json.dumps(store.session_key))
else:
    out = {}
    store = signed_cookies.SessionStore(session_key=given["cookie"])
    out["cookie"] = dict(store.items())  # load() gives {} for a bad or expired cookie
    out["session_data"] = cached_db.SessionStore().decode(given["session_data"])
    try:
        out["dumps"] = signing.loads(given["dumps"], salt="rediscache.test")
    except signing.BadSignature as e:
        out["dumps"] = type(e).__name__
    print(json.dumps(out))
