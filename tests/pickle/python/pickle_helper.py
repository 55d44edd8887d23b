"""Pickles for the C++ pickle tests, made and checked by the real pickle module.

usage: pickle_helper.py dumps FILE   FILE: a JSON list of Python expressions; prints a JSON list of
                                     {"2": hex, ..., "5": hex}, pickle.dumps of each per protocol
       pickle_helper.py loads FILE   FILE: a JSON list of [hex, expression]; prints a JSON list
                                     holding, for each, "ok" when pickle.loads(hex) is the value
                                     of the expression (same types all the way down), else why not
"""
import datetime  # noqa: F401 (used by the expressions)
import decimal  # noqa: F401
import json
import math
import pickle
import sys
import uuid  # noqa: F401
from datetime import date, time, timedelta, timezone  # noqa: F401
from decimal import Decimal  # noqa: F401
from uuid import UUID  # noqa: F401

dt = datetime.datetime


def same(a, b):
    """Equality that also tells 1 from True, tuple from list and set from frozenset."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a.keys()) == list(b.keys()) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (dt, time)):
        return a == b and a.fold == b.fold and a.utcoffset() == b.utcoffset() and a.tzname() == b.tzname()
    if isinstance(a, Decimal):
        return str(a) == str(b)
    return a == b


def main():
    action, path = sys.argv[1:3]
    with open(path) as f:
        cases = json.load(f)
    out = []
    if action == "dumps":
        for expr in cases:
            value = eval(expr)
            out.append({str(p): pickle.dumps(value, p).hex() for p in (2, 3, 4, 5)})
    else:
        for data, expr in cases:
            try:
                got = pickle.loads(bytes.fromhex(data))
            except Exception as e:  # reported to the test, which fails
                out.append("%s: %s" % (type(e).__name__, e))
                continue
            want = eval(expr)
            out.append("ok" if same(got, want) else "got %r, want %r" % (got, want))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
