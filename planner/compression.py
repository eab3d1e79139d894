"""gzip for the static files (stylesheets, scripts, SVG): a phone on a slow connection downloads
a quarter of the bytes before it can draw the page (main.css: 19 KB → 5 KB).

Only files under /static/ are compressed, never the HTML pages: a page carries the session's CSRF
token next to text a visitor can reflect (a search query), and compressing both together over
HTTPS would let someone watching the traffic guess the token from the lengths (BREACH). The
static files hold no secret. Each file is compressed once per version (its ETag) and kept in
memory; the compressed answer's ETag is weak, as it is not the file's bytes, and a 304 says the same.
"""

from __future__ import annotations

import gzip
from collections import OrderedDict

from flask import Flask, request

COMPRESSIBLE = {
    "text/css",
    "text/javascript",
    "application/javascript",
    "image/svg+xml",
    "application/json",
    "application/manifest+json",
    "text/plain",
}
MIN_BYTES = 512  # smaller files gain less than the header costs
KEPT_FILES = 64  # more than the static folder holds

_compressed: OrderedDict[str, bytes] = OrderedDict()


def gzipped(key: str, body: bytes) -> bytes:
    """The file's gzip bytes, compressed once per version (most recently used kept)."""
    if key in _compressed:
        _compressed.move_to_end(key)
        return _compressed[key]
    packed = gzip.compress(body, compresslevel=9, mtime=0)
    _compressed[key] = packed
    if len(_compressed) > KEPT_FILES:
        _compressed.popitem(last=False)
    return packed


def compress_static(response):
    """After a static file's response: gzip it when the browser accepts gzip."""
    if request.endpoint != "static" or response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    etag, weak = response.get_etag()
    if response.status_code == 304:
        if etag and not weak:
            response.set_etag(etag, weak=True)
        return response
    if (
        response.status_code != 200
        or "gzip" not in request.accept_encodings
        or "Content-Encoding" in response.headers
    ):
        return response
    response.direct_passthrough = False
    body = response.get_data()
    if len(body) < MIN_BYTES:
        return response
    if etag:
        packed = gzipped(f"{request.path}|{etag}", body)
    else:
        packed = gzip.compress(body, compresslevel=9, mtime=0)
    response.set_data(packed)
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)  # ranges of the file, not of the gzip stream
    if etag:
        response.set_etag(etag, weak=True)
    return response


def register_compression(app: Flask) -> None:
    app.after_request(compress_static)
