"""Slow clients (headers trickling in) cannot freeze `make run`'s gunicorn: /healthz still answers."""

import socket
import statistics
import time
import urllib.request
from contextlib import ExitStack, suppress

from tests.helpers import database_url
from tests.servers import gunicorn

# More than the four of the audit, fewer than one worker's threads (gunicorn.conf.py).
SLOW_SOCKETS = 6


def open_slow_clients(stack: ExitStack, base: str) -> list[socket.socket]:
    host, port = base.removeprefix("http://").split(":")
    sockets = []
    for _ in range(SLOW_SOCKETS):
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


def test_slow_clients_do_not_freeze_healthz(tmp_path):
    url = database_url(tmp_path)
    if url.startswith("sqlite"):
        (tmp_path / "test.sqlite3").touch()
    with gunicorn(url, tmp_path / "instance", workers=2) as base, ExitStack() as stack:
        sockets = open_slow_clients(stack, base)
        times = healthz_times(base, sockets, seconds=8)
    assert max(times) < 1.0, times
    assert statistics.median(times) < 0.2, times


def test_sync_workers_would_freeze(tmp_path):
    """The same slow clients against gunicorn's default sync workers: /healthz times out (why
    `make run` uses gthread). Keeps the test above honest: it does reach the failure it guards."""
    url = database_url(tmp_path)
    with gunicorn(url, tmp_path / "instance", workers=2, config=None) as base, ExitStack() as stack:
        sockets = open_slow_clients(stack, base)
        times = healthz_times(base, sockets, seconds=4)
    assert max(times) == float("inf"), times
