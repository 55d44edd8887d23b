"""Django's cache session engine over django-redis (JSON serializer), driven by the C++ interop
test. Each action prints one JSON object.

    django_session.py REDIS_URL read KEY     the session as Django sees it
    django_session.py REDIS_URL write        a new session written by Django
    django_session.py REDIS_URL update KEY   load, change and save an existing session
    django_session.py REDIS_URL flush KEY    Django's logout
"""
import json
import sys

import django
from django.conf import settings

settings.configure(
    SECRET_KEY="rediscache-interop-test",
    INSTALLED_APPS=["django.contrib.sessions"],
    SESSION_ENGINE="django.contrib.sessions.backends.cache",
    CACHES={
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": sys.argv[1],
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SERIALIZER": "django_redis.serializers.json.JSONSerializer",
            },
        }
    },
)
django.setup()

from django.contrib.sessions.backends.cache import SessionStore  # noqa: E402
from django_redis import get_redis_connection  # noqa: E402


def redis_key(session_key):
    return ":1:django.contrib.sessions.cache" + session_key


action = sys.argv[2]
connection = get_redis_connection("default")
if action == "read":
    s = SessionStore(sys.argv[3])
    data = dict(s.items())  # loads: an unknown key is dropped here
    print(json.dumps({
        "key": s.session_key,
        "data": data,
        "expiry_age": s.get_expiry_age(),
        "browser_close": s.get_expire_at_browser_close(),
    }))
elif action == "write":
    s = SessionStore()
    s["from"] = "django"
    s["cart"] = [4, 5]
    s["name"] = "h\u00e9llo"
    s.set_expiry(300)
    s.save()
    print(json.dumps({
        "key": s.session_key,
        "raw": connection.get(redis_key(s.session_key)).decode("ascii"),
        "ttl": connection.ttl(redis_key(s.session_key)),
    }))
elif action == "update":
    s = SessionStore(sys.argv[3])
    s["py"] = s.get("py", 0) + 1
    s.save()
    print(json.dumps({"key": s.session_key, "ttl": connection.ttl(redis_key(s.session_key))}))
elif action == "flush":
    s = SessionStore(sys.argv[3])
    s.flush()
    print(json.dumps({"exists": bool(connection.exists(redis_key(sys.argv[3])))}))
else:
    sys.exit("unknown action " + action)
