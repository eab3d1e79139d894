"""A real PostgreSQL restart while a family is writing.

Requests during the outage get the "saving is paused" page (503, never a 500), nothing saved before
is lost, every write the app confirmed is in the database afterwards, and writes work again as soon
as the server is back, without restarting the app. The test runs its own throwaway cluster so the
shared test database (and anything else using it) is never disturbed.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner import faults
from planner.extensions import db
from planner.models import Moment
from tests.helpers import AuthActions, make_app

MOMENT = {"practice": "connection", "happened_on": "2026-11-30", "note": "kept"}


def _server_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        pytest.fail("PostgreSQL's server programs are needed (apt-get install postgresql)")
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """A private PostgreSQL cluster in a temporary folder (run as `postgres` when we are root)."""

    def __init__(self):
        self.bin = _server_bin()
        self.root = Path(tempfile.mkdtemp(prefix="together-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def ctl(self, action: str, *args: str) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.root / "server.log")  # the server must not hold our output pipe open
        self.run("pg_ctl", action, "-D", str(self.data), "-l", log, "-w", "-o", options, *args)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.ctl("stop", "-m", "immediate")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def cluster():
    faults.set_paused(False)
    server = Cluster()
    server.ctl("start")
    yield server
    server.remove()
    faults.set_paused(False)


def _saved(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(Moment.id))).scalar_one()


def test_writes_pause_during_a_restart_and_resume_after_it(tmp_path, cluster):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=cluster.url)
    client = app.test_client()
    AuthActions(client).register()
    for _ in range(3):
        assert client.post("/moments/new", data=MOMENT).status_code == 302

    # A second grown-up keeps saving from another device while the server restarts; each form
    # carries its one-time key, as the real form does.
    writer = app.test_client()
    AuthActions(writer).login()
    answers: list[tuple[str, int]] = []
    stop = threading.Event()

    def keep_writing():
        while not stop.is_set():
            key = str(uuid.uuid4())
            answers.append(
                (key, writer.post("/moments/new", data={**MOMENT, "form_key": key}).status_code)
            )

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        cluster.ctl("stop", "-m", "fast")
        down = client.post("/moments/new", data=MOMENT)
        assert down.status_code == 503
        assert "Saving is paused" in down.text and "<main" in down.text
        cluster.ctl("start")
    finally:
        stop.set()
        thread.join(timeout=60)

    statuses = [status for _, status in answers]
    assert 500 not in statuses and set(statuses) <= {302, 503}
    # No app restart: the next write goes through, and every confirmed write is there.
    assert client.post("/moments/new", data=MOMENT).status_code == 302
    assert _saved(app) == 3 + statuses.count(302) + 1
    # The browser retries what was answered "paused" with the same key: each is saved once, and a
    # retry of a confirmed one saves nothing twice.
    for key, _status in answers:
        assert writer.post("/moments/new", data={**MOMENT, "form_key": key}).status_code == 302
    assert _saved(app) == 3 + len(answers) + 1
    assert client.get("/readyz").status_code == 200
    assert not faults.paused()
