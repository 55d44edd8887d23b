"""Tasks for the C++ <-> Celery interop tests. The broker and backend URL comes from CELERY_TEST_URL."""
import os
import time

from celery import Celery

url = os.environ.get("CELERY_TEST_URL", "redis://127.0.0.1:6379/0")
app = Celery("tasks", broker=url, backend=url)
app.conf.update(broker_connection_retry_on_startup=True)


@app.task
def add(x, y):
    return x + y


@app.task
def echo(*args, **kwargs):
    return {"args": list(args), "kwargs": kwargs}


@app.task
def fail(message):
    raise ValueError(message)


@app.task(bind=True)
def request_info(self):
    """What the worker understood of the message C++ sent."""
    info = self.request.delivery_info or {}
    return {
        "id": self.request.id,
        "retries": self.request.retries,
        "eta": self.request.eta,
        "expires": self.request.expires,
        "priority": info.get("priority"),
        "routing_key": info.get("routing_key"),
    }


@app.task
def sleep_then(seconds, value):
    time.sleep(seconds)
    return value


# Tasks served by the C++ worker on queue "cppw"; Python only sends them.
@app.task(name="cpp.add")
def cpp_add(x, y):
    raise NotImplementedError("served by the C++ worker")


@app.task(name="cpp.info")
def cpp_info():
    raise NotImplementedError("served by the C++ worker")


@app.task(name="cpp.flaky")
def cpp_flaky(succeed_after):
    raise NotImplementedError("served by the C++ worker")


@app.task(name="cpp.fail")
def cpp_fail(message):
    raise NotImplementedError("served by the C++ worker")


@app.task(name="bench.add")
def bench_add(x, y):
    """The benchmark's task, run by a Python worker and by the C++ worker alike."""
    return x + y
