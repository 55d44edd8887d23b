"""Python Celery as a producer: python3 send.py <url> <mode> [args...]; prints JSON lines."""
import json
import os
import sys
from datetime import datetime, timedelta, timezone

os.environ["CELERY_TEST_URL"] = sys.argv[1]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tasks import app  # noqa: E402

mode = sys.argv[2]
if mode == "golden":
    # The envelope Celery writes for these options, for the C++ producer to match byte for byte.
    import redis
    eta = datetime(2030, 1, 2, 3, 4, 5, 123456, tzinfo=timezone.utc)
    app.send_task("tasks.add", args=(2, 3), kwargs={"z": "h\u00e9llo \"q\" 'a'\n"},
                  task_id=sys.argv[3], queue="golden", priority=5, eta=eta,
                  expires=eta + timedelta(days=3650), retries=2, time_limit=10,
                  soft_time_limit=5.5)
    client = redis.Redis.from_url(sys.argv[1])
    print(client.lrange(b"golden\x06\x163", 0, -1)[0].decode())
elif mode == "get":
    # Reads a result that something else (the C++ worker) stores.
    result = app.AsyncResult(sys.argv[3])
    try:
        print(json.dumps({"state": "SUCCESS", "value": result.get(timeout=float(sys.argv[4]))}))
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"state": result.state, "type": type(e).__name__, "message": str(e),
                          "module": type(e).__module__}))
elif mode == "cppworker":
    # delay() and apply_async() to tasks the C++ worker serves; prints one JSON line per check.
    import time
    from tasks import cpp_add, cpp_fail, cpp_flaky, cpp_info

    def report(name, call):
        start = time.monotonic()
        try:
            value = call()
            print(json.dumps({"check": name, "value": value,
                              "seconds": time.monotonic() - start}), flush=True)
        except Exception as e:  # noqa: BLE001
            print(json.dumps({"check": name, "error": type(e).__name__, "module": type(e).__module__,
                              "message": str(e)}), flush=True)

    q = {"queue": "cppw"}
    report("delay", lambda: cpp_add.apply_async((2, 3), **q).get(timeout=30))
    report("countdown", lambda: cpp_add.apply_async((20, 22), countdown=1, **q).get(timeout=30))
    eta = datetime.now(timezone.utc) + timedelta(seconds=1)
    report("eta", lambda: cpp_add.apply_async((1, 1), eta=eta, **q).get(timeout=30))
    report("priority", lambda: cpp_info.apply_async(priority=9, **q).get(timeout=30))
    report("retries", lambda: cpp_flaky.apply_async((2,), **q).get(timeout=30))
    report("failure", lambda: cpp_fail.apply_async(("bad input",), **q).get(timeout=30))
    past = datetime.now(timezone.utc) - timedelta(seconds=5)
    report("expired", lambda: cpp_add.apply_async((1, 2), expires=past, **q).get(timeout=30))
    report("unknown", lambda: app.send_task("cpp.nope", (), queue="cppw").get(timeout=30))
elif mode == "cppadd":
    # What the example C++ worker serves.
    from tasks import cpp_add, cpp_fail
    print(json.dumps({"add": cpp_add.apply_async((2, 3), queue="cppw").get(timeout=30)}), flush=True)
    try:
        cpp_fail.apply_async(("bad input",), queue="cppw").get(timeout=30)
    except ValueError as e:
        print(json.dumps({"fail": "ValueError: " + str(e)}), flush=True)
else:
    sys.exit("unknown mode " + mode)
