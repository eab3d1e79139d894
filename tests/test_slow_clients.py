"""Slow clients (headers trickling in) cannot freeze `make run`'s gunicorn: /healthz still answers.

The worker (planner/server_worker.py) reads request heads in its poller, so trickling sockets hold
no thread: the test opens three times as many of them as the server has threads in all.
"""

import http.client
import runpy
import socket
import statistics
import time
import urllib.request
from contextlib import ExitStack, suppress

from tests.helpers import database_url
from tests.servers import GUNICORN_CONFIG, gunicorn

THREADS = runpy.run_path(str(GUNICORN_CONFIG))["threads"]  # per worker, as make run has them
WORKERS = 2
SLOW_SOCKETS = 3 * THREADS * WORKERS


def open_slow_clients(
    stack: ExitStack, base: str, count: int = SLOW_SOCKETS
) -> list[socket.socket]:
    host, port = base.removeprefix("http://").split(":")
    sockets = []
    for _ in range(count):
        sock = stack.enter_context(socket.create_connection((host, int(port)), timeout=5))
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        sockets.append(sock)
    return sockets


def healthz_times(base: str, sockets: list[socket.socket], seconds: float) -> list[float]:
    """Time /healthz repeatedly for `seconds` while every slow socket sends a header line a second."""
    times, end, tick = [], time.monotonic() + seconds, 0
    while time.monotonic() < end:
        for sock in sockets:
            with suppress(OSError):  # the server may give up on a slow client: that is allowed
                sock.sendall(f"X-Slow-{tick}: 1\r\n".encode())
        tick += 1
        started = time.monotonic()
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=3) as response:
                assert response.status == 200
            times.append(time.monotonic() - started)
        except OSError:
            times.append(float("inf"))
        time.sleep(max(0.0, 1 - (time.monotonic() - started)))
    return times


def serve(tmp_path, **kwargs):
    url = database_url(tmp_path)
    if url.startswith("sqlite"):
        (tmp_path / "test.sqlite3").touch()
    return gunicorn(url, tmp_path / "instance", workers=WORKERS, **kwargs)


def test_many_more_slow_clients_than_threads_do_not_freeze_healthz(tmp_path):
    with serve(tmp_path) as base, ExitStack() as stack:
        sockets = open_slow_clients(stack, base)
        times = healthz_times(base, sockets, seconds=8)
    assert max(times) < 1.0, times
    assert statistics.median(times) < 0.2, times


def test_a_head_still_incomplete_after_the_header_timeout_is_dropped(tmp_path):
    with serve(tmp_path, extra_env={"HEADER_TIMEOUT": "2"}) as base, ExitStack() as stack:
        (sock,) = open_slow_clients(stack, base, count=1)
        healthz_times(base, [sock], seconds=4)  # a header line a second, never the blank line
        sock.settimeout(3)
        with suppress(ConnectionResetError):
            assert sock.recv(1024) == b""  # closed by the server, without an answer


def test_requests_on_a_kept_alive_connection_still_work(tmp_path):
    """The next request on a kept-alive connection has its head read in the poller too."""
    with serve(tmp_path) as base:
        host, port = base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=5)
        for _ in range(3):
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            assert (response.status, response.read()) == (200, b"ok")
        connection.request(
            "POST",
            "/login",
            body="email=a%40b.c&password=x",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert connection.getresponse().status == 400  # no CSRF token: refused, but answered
        connection.close()


def test_sync_workers_would_freeze(tmp_path):
    """The same slow clients against gunicorn's default sync workers: /healthz times out (why
    `make run` uses its own worker). Keeps the tests above honest: they reach the failure."""
    url = database_url(tmp_path)
    with gunicorn(url, tmp_path / "instance", workers=2, config=None) as base, ExitStack() as stack:
        sockets = open_slow_clients(stack, base, count=6)
        times = healthz_times(base, sockets, seconds=4)
    assert max(times) == float("inf"), times
