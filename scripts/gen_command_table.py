#!/usr/bin/env python3
"""Writes src/commands/command_table.inc from a real redis-server's COMMAND reply: each command's
(and subcommand's) arity, flags and key specifications, so routing knowledge is Redis' own, not
guessed. Which commands are safe to retry after a write is ours (IDEMPOTENT_WRITES below).

    scripts/gen_command_table.py [redis-server binary]   (redis-py from python3-redis)
"""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

import redis

# Writes whose repetition leaves the same state and reply as one run. Read-only commands are
# always safe. Anything else (INCR, LPUSH, SET ... GET, XADD, ...) is not retried once sent.
IDEMPOTENT_WRITES = {
    "del", "unlink", "set", "mset", "hset", "hmset", "hdel", "sadd", "srem", "zadd", "zrem",
    "expire", "pexpire", "expireat", "pexpireat", "persist", "setrange", "setbit", "pfadd",
    "hsetnx", "lset", "ltrim", "zremrangebyscore", "zremrangebyrank", "zremrangebylex", "geoadd",
    "xack", "xdel", "xtrim", "flushdb", "flushall", "script|load", "script|flush",
    "client|setname", "xgroup|destroy", "xgroup|createconsumer", "xgroup|delconsumer",
    "xgroup|setid", "copy", "restore", "pfmerge", "sunionstore", "sinterstore", "sdiffstore",
    "zunionstore", "zinterstore", "zdiffstore", "zrangestore", "georadius", "geosearchstore",
    "select", "ping", "echo",
}
# Commands that change or depend on a connection's state: they cannot share a multiplexed
# connection, and a pool must not hand that state to the next caller.
PINNED = {
    "watch", "unwatch", "multi", "exec", "discard", "select", "subscribe", "unsubscribe",
    "psubscribe", "punsubscribe", "ssubscribe", "sunsubscribe", "monitor", "reset", "hello",
    "auth", "client|reply", "client|tracking", "client|caching", "client|no-evict", "readonly",
    "readwrite", "asking", "quit", "sync", "psync",
}


def text(x):
    return x.decode() if isinstance(x, bytes) else x


def kv(items):
    items = [text(i) if not isinstance(i, list) else i for i in items]
    return {items[i]: items[i + 1] for i in range(0, len(items), 2)}


def spec_of(raw):
    spec = kv(raw)
    flags = [text(f) for f in spec["flags"]]
    begin = kv(spec["begin_search"])
    find = kv(spec["find_keys"])
    bspec = kv(begin["spec"]) if begin["spec"] else {}
    fspec = kv(find["spec"]) if find["spec"] else {}
    if begin["type"] == "index":
        b = f"key_spec::begin::index, {bspec['index']}, {{}}"
    elif begin["type"] == "keyword":
        b = f"key_spec::begin::keyword, {bspec['startfrom']}, \"{text(bspec['keyword'])}\""
    else:
        return None
    if find["type"] == "range":
        f = f"key_spec::find::range, {fspec['lastkey']}, {fspec['keystep']}, {fspec['limit']}"
    elif find["type"] == "keynum":
        f = f"key_spec::find::keynum, {fspec['keynumidx']}, {fspec['keystep']}, {fspec['firstkey']}"
    else:
        return None
    return "{" + b + ", " + f + "}", "incomplete" in flags


def entries(name, info):
    if isinstance(info, dict):
        arity, flags, specs, subs = info["arity"], info["flags"], info["key_specifications"], info["subcommands"]
    else:
        arity, flags, specs, subs = info[1], [text(f) for f in info[2]], info[8], info[9]
    flags = [text(f) for f in flags]
    out_flags = []
    if "readonly" in flags:
        out_flags.append("command_info::read_only")
    if "write" in flags:
        out_flags.append("command_info::write")
    if "blocking" in flags:
        out_flags.append("command_info::blocking")
    if "readonly" in flags or name in IDEMPOTENT_WRITES:
        out_flags.append("command_info::idempotent")
    if name in PINNED:
        out_flags.append("command_info::pinned")
    rendered, incomplete = [], False
    for s in specs:
        r = spec_of(s)
        if r is None:
            incomplete = True
            continue
        rendered.append(r[0])
        incomplete = incomplete or r[1]
    if incomplete:
        out_flags.append("command_info::keys_incomplete")
    if len(rendered) > 2:
        rendered, incomplete = rendered[:2], True
        out_flags.append("command_info::keys_incomplete")
    flag_text = " | ".join(dict.fromkeys(out_flags)) or "0"
    spec_text = ", ".join(rendered)
    yield f'    {{"{name}", {arity}, {flag_text}, {len(rendered)}, {{{spec_text}}}}},'
    for sub in subs or []:
        yield from entries(text(sub[0]), sub)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else shutil.which("redis-server")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    work = tempfile.mkdtemp()
    server = subprocess.Popen([binary, "--port", str(port), "--save", "", "--dir", work],
                              stdout=subprocess.DEVNULL)
    try:
        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        table = client.execute_command("COMMAND")
        version = client.info()["redis_version"]
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work)
    lines = []
    for name in sorted(table):
        lines.extend(entries(text(name), table[name]))
    body = sorted(lines, key=lambda l: l.split('"')[1])
    path = os.path.join(os.path.dirname(__file__), "..", "src", "commands", "command_table.inc")
    with open(path, "w") as f:
        f.write(f"// Generated by scripts/gen_command_table.py from redis-server {version}'s COMMAND "
                "reply; do not edit.\n")
        f.write("// {name, arity, flags, spec count, {key specs}}, sorted by name.\n")
        f.write("\n".join(body) + "\n")


if __name__ == "__main__":
    main()
