"""Where cached pages live: shared by every worker (and host), with a small memory front per worker.

The shared store is cachelib's (a well-kept library, the one Flask-Caching is built on):
`FileSystemCache` in the app's instance folder by default, so a single server needs nothing else,
or `RedisCache` when `CACHE_URL=redis://...`, so several hosts share one cache. Each worker also
keeps the pages it served last in memory, bounded by bytes, so a repeated hit costs no file read
or network round trip; keys carry the household's data version, so a memory copy is never stale.

Bounds and eviction:
- a page larger than `PAGE_CACHE_MAX_PAGE_BYTES` (stored, compressed) is not kept;
- the file store keeps at most `PAGE_CACHE_BYTES // PAGE_CACHE_MAX_PAGE_BYTES` pages (cachelib
  prunes by count, so count times the largest page bounds the bytes); on Redis, give the server a
  `maxmemory` with an LRU policy (README "Performance");
- each viewer's pages are listed under one index entry with the generation they were built for;
  the first page stored for a newer generation deletes the older ones at once, and every entry
  also expires after `PAGE_CACHE_SECONDS`.

A store that fails (Redis down, disk full) never fails a page: the page is built as if missed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
import zlib
from collections import OrderedDict

from cachelib import FileSystemCache, RedisCache
from flask import Flask, current_app

log = logging.getLogger(__name__)

DEFAULTS = {
    "CACHE_URL": "",  # "" = files under the instance folder; redis://host:port/db = Redis
    "PAGE_CACHE_BYTES": 128 * 1024 * 1024,  # the shared store
    "PAGE_CACHE_MEMORY_BYTES": 16 * 1024 * 1024,  # each worker's memory front
    "PAGE_CACHE_MAX_PAGE_BYTES": 32 * 1024,  # compressed; about 200 KB of HTML
    "PAGE_CACHE_SECONDS": 900,  # keys name the quarter hour, so older ones are never asked for
    "PAGE_CACHE_WAIT_SECONDS": 2.0,  # how long a worker waits for another one building the page
    "PAGE_CACHE_PREFIX": "together:page:",
}


def setting(name: str):
    """A cache setting: the app's config, else the environment, else the default."""
    if name in current_app.config:
        return current_app.config[name]
    value = os.environ.get(name)
    default = DEFAULTS[name]
    if value is None or value == "":
        return default
    return type(default)(value) if not isinstance(default, str) else value


class MemoryFront:
    """Least recently used pages of this worker, bounded by the bytes of their bodies."""

    def __init__(self) -> None:
        self.pages: OrderedDict[str, tuple[bytes, str]] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple[bytes, str] | None:
        with self.lock:
            page = self.pages.get(key)
            if page is not None:
                self.pages.move_to_end(key)
            return page

    def put(self, key: str, page: tuple[bytes, str], limit: int) -> None:
        if len(page[0]) > limit:
            return
        with self.lock:
            old = self.pages.pop(key, None)
            if old is not None:
                self.size -= len(old[0])
            self.pages[key] = page
            self.size += len(page[0])
            while self.size > limit and self.pages:
                _key, (body, _mimetype) = self.pages.popitem(last=False)
                self.size -= len(body)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.size = 0


class FileClaims:
    """Build claims for the file store, taken atomically.

    cachelib's `FileSystemCache.add` checks that a file exists and then writes it, so two workers
    asking at the same moment can both win and both build the page. A claim here is a file put in
    place with `link()`, which fails when the name exists, so exactly one worker wins; a claim past
    its expiry (its builder died or gave up) is taken over.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder
        os.makedirs(folder, mode=0o700, exist_ok=True)

    def path(self, key: str) -> str:
        return os.path.join(self.folder, hashlib.sha256(key.encode()).hexdigest())

    def add(self, key: str, value, timeout: int) -> bool:
        path = self.path(key)
        # The claim is written whole under a name of its own (its mtime is when it expires), then
        # linked into place: link() fails if the claim exists, so exactly one worker wins.
        draft = f"{path}.{os.getpid()}.{threading.get_ident()}"
        os.close(os.open(draft, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600))
        expires = time.time() + timeout
        os.utime(draft, (expires, expires))
        try:
            for _attempt in range(2):
                try:
                    os.link(draft, path)
                    return True
                except FileExistsError:
                    if not self.expired(path):
                        return False
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(path)  # a builder that died: its claim ran out
            return False
        finally:
            os.unlink(draft)

    @staticmethod
    def expired(path: str) -> bool:
        try:
            return os.path.getmtime(path) < time.time()
        except FileNotFoundError:
            return True

    def has(self, key: str) -> bool:
        return not self.expired(self.path(key))

    def delete(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path(key))


memory = MemoryFront()
_stores: dict[tuple, object] = {}
_claims: dict[tuple, object] = {}


def shared():
    """This app's shared store, made on first use in each worker (after gunicorn forks)."""
    url = setting("CACHE_URL")
    prefix = setting("PAGE_CACHE_PREFIX")
    key = (current_app.instance_path, url, prefix)
    store = _stores.get(key)
    if store is None:
        store = _stores[key] = make_store(current_app, url, prefix)
    return store


def claims():
    """Where build claims are taken: Redis's own atomic `add` (SETNX), or claim files."""
    store = shared()
    if not isinstance(store, FileSystemCache):
        return store
    key = (current_app.instance_path, setting("PAGE_CACHE_PREFIX"))
    found = _claims.get(key)
    if found is None:
        found = _claims[key] = FileClaims(
            os.path.join(current_app.instance_path, "pagecache-claims")
        )
    return found


def make_store(app: Flask, url: str, prefix: str):
    timeout = int(setting("PAGE_CACHE_SECONDS"))
    if url.startswith(("redis://", "rediss://", "unix://")):
        import redis

        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        return RedisCache(client, key_prefix=prefix, default_timeout=timeout)
    if url:
        raise ValueError("CACHE_URL must be empty (files in the instance folder) or redis://...")
    threshold = max(
        16, int(setting("PAGE_CACHE_BYTES")) // int(setting("PAGE_CACHE_MAX_PAGE_BYTES"))
    )
    folder = os.path.join(app.instance_path, "pagecache")
    return FileSystemCache(folder, threshold=threshold, default_timeout=timeout, mode=0o600)


def pack(body: bytes, mimetype: str) -> bytes:
    return mimetype.encode() + b"\n" + zlib.compress(body, 1)


def unpack(value: bytes) -> tuple[bytes, str]:
    mimetype, _, compressed = value.partition(b"\n")
    return zlib.decompress(compressed), mimetype.decode()


def fetch(key: str) -> tuple[bytes, str] | None:
    """The page under `key`, from memory or the shared store (then kept in memory too)."""
    page = memory.get(key)
    if page is not None:
        return page
    try:
        value = shared().get(key)
    except Exception:  # a broken store means a miss, never an error page
        log.warning("page cache unavailable", exc_info=True)
        return None
    if not isinstance(value, bytes):
        return None
    page = unpack(value)
    memory.put(key, page, int(setting("PAGE_CACHE_MEMORY_BYTES")))
    return page


def claim(key: str) -> bool:
    """Try to become the one worker that builds this page; False if another one is at it."""
    try:
        return bool(claims().add("build:" + key, 1, timeout=max(1, int(wait_seconds()) + 1)))
    except Exception:
        return True


def release(key: str) -> None:
    with contextlib.suppress(Exception):
        claims().delete("build:" + key)


def wait_seconds() -> float:
    return float(setting("PAGE_CACHE_WAIT_SECONDS"))


def wait_for(key: str) -> tuple[bytes, str] | None:
    """Poll for the page another worker is building; None if it does not come in time."""
    deadline = time.monotonic() + wait_seconds()
    while time.monotonic() < deadline:
        time.sleep(0.01)
        page = fetch(key)
        if page is not None:
            return page
        try:
            if not claims().has("build:" + key):  # the builder gave up (an error page)
                return None
        except Exception:
            return None
    return None


def keep(key: str, owner: str, generation: tuple, body: bytes, mimetype: str) -> bool:
    """Store a page for `owner` (a viewer) built at `generation`; drop that owner's older pages.

    `generation` is (data version, anything else the key holds that moves on: the quarter hour,
    the library stamp). Returns False when the page was not kept (too large, or already stale).
    """
    value = pack(body, mimetype)
    if len(value) > int(setting("PAGE_CACHE_MAX_PAGE_BYTES")):
        return False
    memory.put(key, (body, mimetype), int(setting("PAGE_CACHE_MEMORY_BYTES")))
    try:
        store = shared()
        index_key = "index:" + owner
        index = store.get(index_key)
        keys: list[str] = []
        if isinstance(index, tuple) and len(index) == 2:
            old_generation, old_keys = index
            if old_generation == generation:
                keys = list(old_keys)
            elif old_generation[0] > generation[0]:
                return False  # a newer version is already cached: this page is superseded
            else:
                store.delete_many(*old_keys)
        store.set(key, value)
        if key not in keys:
            keys.append(key)
        store.set(index_key, (generation, keys[-64:]))
    except Exception:
        log.warning("page cache unavailable", exc_info=True)
        return False
    return True


def clear() -> None:
    """Forget every page in this process and in every store it opened (tests)."""
    memory.clear()
    for store in _stores.values():
        with contextlib.suppress(Exception):
            store.clear()
    _stores.clear()
    _claims.clear()
