"""channels_redis 4 RedisChannelLayer on the test's Redis: python3 layer.py <mode> <urls> ...

urls is a comma-separated list of redis:// URLs (the layer's hosts). Messages are printed one JSON
line each; bytes values as {"bytes": "<hex>"}.
"""
import asyncio
import json
import sys

import msgpack
from channels_redis.core import RedisChannelLayer
from channels.exceptions import ChannelFull


def show(message):
    def plain(v):
        if isinstance(v, bytes):
            return {"bytes": v.hex()}
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        return v
    print(json.dumps(plain(message), sort_keys=True), flush=True)


async def main():
    mode, hosts = sys.argv[1], sys.argv[2].split(",")
    args = sys.argv[3:]
    capacity = 100
    if mode == "fill":
        capacity = int(args[1])
    if mode.startswith("pubsub_"):
        from channels_redis.pubsub import RedisPubSubChannelLayer
        layer = RedisPubSubChannelLayer(hosts=hosts)
    else:
        layer = RedisChannelLayer(hosts=hosts, capacity=capacity)
    if mode == "consume":
        # Two channels in one group; prints their names, then what each receives.
        group, count = args[0], int(args[1])
        names = [await layer.new_channel(), await layer.new_channel()]
        for name in names:
            await layer.group_add(group, name)
        print("ready " + " ".join(names), flush=True)
        for name in names:
            for _ in range(count if name == names[0] else 1):
                message = await asyncio.wait_for(layer.receive(name), 30)
                show({"channel": name, "message": message})
    elif mode == "send":
        channel, group = args
        await layer.send(channel, {"type": "from.python", "text": "h\u00e9llo", "blob": b"\x00\xff",
                                   "n": 7, "x": 1.5})
        await layer.group_send(group, {"type": "group.python", "i": 1})
    elif mode == "fill":
        try:
            await layer.send(args[0], {"type": "one.more"})
            print("sent", flush=True)
        except ChannelFull:
            print("ChannelFull", flush=True)
    elif mode == "pack":
        # Keys in sorted order, the order a C++ nlohmann::json object keeps.
        print(msgpack.packb({"b": b"\x00\x01", "big": 70000, "list": [None, True, False],
                             "long": "x" * 40, "n": 1, "neg": -200, "text": "h\u00e9llo",
                             "type": "chat.message", "x": 1.5}, use_bin_type=True).hex())
    elif mode == "pubsub_consume":
        # One channel in a group; prints its name, then the two messages it receives.
        name = await layer.new_channel()
        await layer.group_add(args[0], name)
        print("ready " + name, flush=True)
        for _ in range(2):
            show(await asyncio.wait_for(layer.receive(name), 30))
    elif mode == "pubsub_send":
        channel, group = args
        await layer.send(channel, {"type": "direct.python", "b": b"\x01"})
        await layer.group_send(group, {"type": "group.python", "text": "h\u00e9llo"})
    if mode.startswith("pubsub_"):
        await layer.flush()
    else:
        await layer.close_pools()


asyncio.run(main())
