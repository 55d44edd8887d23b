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
else:
    sys.exit("unknown mode " + mode)
