"""Reads and writes through Django's cache (django-redis) for the interop test.

usage: django_cache.py URL SERIALIZER COMPRESSOR read|write
  read:  prints a JSON object of what django-redis reads under the keys the C++ test wrote
  write: stores values for the C++ side to read
"""
import json
import sys

import django
from django.conf import settings

url, serializer, compressor, action = sys.argv[1:5]
settings.configure(
    CACHES={
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "SERIALIZER": "django_redis.serializers.%s" % serializer,
                "COMPRESSOR": "django_redis.compressors.%s" % compressor,
            },
        }
    }
)
django.setup()
from django.core.cache import cache  # noqa: E402

if action == "read":
    keys = ["text", "unicode", "int", "negative", "float", "flag", "dict", "list", "big"]
    found = cache.get_many(keys)
    found["incremented"] = cache.incr("counter", 5)
    found["ttl"] = cache.ttl("text")
    print(json.dumps(found, sort_keys=True))
else:
    cache.set("py:text", "from python", timeout=300)
    cache.set("py:int", 1234, timeout=None)
    cache.set("py:dict", {"name": "tea", "tags": ["hot", "green"], "price": 4.5}, timeout=300)
    cache.set("py:big", "y" * 2000, timeout=300)
    cache.set("py:flag", False, timeout=300)
