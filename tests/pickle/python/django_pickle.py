"""django-redis with its default serializer (pickle) and a given compressor, for the interop test.

usage: django_pickle.py URL COMPRESSOR write FILE   FILE: a JSON list of Python expressions;
                                                    cache.set("py:<i>", value of expression i)
       django_pickle.py URL COMPRESSOR read FILE    prints a JSON list holding, for each
                                                    expression, "ok" when cache.get("cpp:<i>") is
                                                    its value (same types all the way down)
COMPRESSOR is a django_redis.compressors class path suffix such as zlib.ZlibCompressor.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "shim"))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

from pickle_helper import same  # noqa: E402
import pickle_helper  # noqa: E402

url, compressor, action, path = sys.argv[1:5]
settings.configure(
    CACHES={
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            # SERIALIZER left at its default: django_redis.serializers.pickle.PickleSerializer
            "OPTIONS": {"COMPRESSOR": "django_redis.compressors.%s" % compressor},
        }
    }
)
django.setup()
from django.core.cache import cache  # noqa: E402

with open(path) as f:
    expressions = json.load(f)
env = vars(pickle_helper)
if action == "write":
    for i, expr in enumerate(expressions):
        cache.set("py:%d" % i, eval(expr, env), timeout=300)
    print(json.dumps("written"))
else:
    out = []
    for i, expr in enumerate(expressions):
        got = cache.get("cpp:%d" % i, default="<missing>")
        want = eval(expr, env)
        out.append("ok" if same(got, want) else "got %r, want %r" % (got, want)[:300])
    print(json.dumps(out))
