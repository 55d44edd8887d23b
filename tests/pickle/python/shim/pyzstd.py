"""pyzstd, which django-redis' ZStdCompressor imports, has no Debian package; this maps the two
calls it makes onto Debian's python3-zstd. Both write and read standard zstd frames."""
import zstd


class ZstdError(Exception):
    pass


def compress(data):
    return zstd.compress(data, 3)


def decompress(data):
    try:
        return zstd.decompress(data)
    except zstd.Error as e:
        raise ZstdError(str(e))
