"""django-redis' ShardClient over the servers the sharding interop test started.

usage: django_shards.py write|read|place URL [URL ...]
  write: stores values for the C++ side to read
  read:  prints a JSON object of the values the C++ side wrote (keys on argv after "--")
  place: prints a JSON object mapping each made key (after "--") to the LOCATION holding it
"""
import json
import sys

import django
from django.conf import settings

action = sys.argv[1]
rest = sys.argv[2:]
urls, keys = (rest[: rest.index("--")], rest[rest.index("--") + 1 :]) if "--" in rest else (rest, [])
settings.configure(
    CACHES={
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": urls,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.ShardClient",
                "SERIALIZER": "django_redis.serializers.json.JSONSerializer",
            },
        }
    }
)
django.setup()
from django.core.cache import cache  # noqa: E402

if action == "write":
    for i in range(40):
        cache.set("py:%d" % i, {"n": i, "text": "from python"}, timeout=300)
    cache.set("user:{7}:name", "seven", timeout=300)
    cache.set("user:{7}:mail", "seven@example.com", timeout=300)
elif action == "read":
    print(json.dumps({k: cache.get(k) for k in keys}, sort_keys=True))
else:
    print(json.dumps({k: cache.client.get_server_name(k) for k in keys}, sort_keys=True))
