"""Writes fuzz/corpus/pickle: pickles of every type the reader takes, in each protocol.

usage: python3 fuzz/make_pickle_seeds.py fuzz/corpus/pickle
"""
import datetime
import decimal
import os
import pickle
import sys
import uuid

tz = datetime.timezone(datetime.timedelta(hours=2), "CEST")
values = {
    "scalars": [None, True, False, 0, 300, -70000, 2**40, 2**70, -(2**70), 3.5, "h\u00e9llo"],
    "bytes": [b"\x00\xff", bytearray(b"ab"), b"z" * 300],
    "containers": {"a": (1, 2), "s": {1, 2}, "f": frozenset({"x"}), 1: [[], {}], None: ()},
    "datetimes": [datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=tz), datetime.date(2024, 2, 29),
                  datetime.time(1, 2, tzinfo=datetime.timezone.utc), datetime.timedelta(-1, 5, 6),
                  datetime.datetime(2024, 11, 3, 1, 30, fold=1)],
    "decimal_uuid": [decimal.Decimal("-1.10"), decimal.Decimal("NaN"), uuid.UUID(int=2**127 + 5)],
}
shared = [1, "x"]
values["shared"] = [shared, shared, {"again": shared}]

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, value in values.items():
    for protocol in (2, 4, 5):
        with open(os.path.join(out, "%s_p%d" % (name, protocol)), "wb") as f:
            f.write(pickle.dumps(value, protocol))
