"""Static text files are sent gzipped to browsers that accept it; pages and images are not."""

import gzip
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def fetched(client, path, headers=None):
    with client.get(path, headers=headers or {}) as response:
        return response.status_code, response.headers, response.data


@pytest.mark.parametrize("name", ["css/main.css", "js/week.js", "img/icons.svg"])
def test_a_static_text_file_comes_gzipped_and_unpacks_to_the_file(client, name):
    status, headers, body = fetched(client, f"/static/{name}?v=1", GZIP)
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(body) == (ROOT / "static" / name).read_bytes()
    assert int(headers["Content-Length"]) == len(body) < len(gzip.decompress(body)) / 2
    assert headers["ETag"].startswith('W/"')
    assert "Accept-Ranges" not in headers


def test_without_accept_encoding_the_file_is_sent_as_it_is(client):
    status, headers, body = fetched(client, "/static/css/main.css")
    assert status == 200 and "Content-Encoding" not in headers
    assert body == (ROOT / "static" / "css" / "main.css").read_bytes()
    assert "Accept-Encoding" in headers["Vary"]


def test_a_gzipped_files_etag_still_answers_304(client):
    _, headers, _ = fetched(client, "/static/css/main.css", GZIP)
    status, again, body = fetched(
        client, "/static/css/main.css", {**GZIP, "If-None-Match": headers["ETag"]}
    )
    assert status == 304 and body == b""
    assert again["ETag"] == headers["ETag"]


def test_pages_and_images_are_not_compressed(client):
    # Pages carry the CSRF token: compressing them would open BREACH (see planner/compression).
    for path in ("/", "/login", "/static/img/icon-192.png"):
        status, headers, _ = fetched(client, path, GZIP)
        assert status == 200, path
        assert "Content-Encoding" not in headers, path


def test_a_range_request_gets_the_files_own_bytes(client):
    status, headers, body = fetched(client, "/static/css/main.css", {**GZIP, "Range": "bytes=0-9"})
    assert status == 206 and "Content-Encoding" not in headers
    assert body == (ROOT / "static" / "css" / "main.css").read_bytes()[:10]
