"""Database faults: the app says "saving is paused" (503), never a 500, and recovers by itself."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from planner import faults
from planner.extensions import db
from planner.models import Moment

MOMENT = {"practice": "connection", "happened_on": "2026-11-30", "note": "kept"}


@pytest.fixture(autouse=True)
def _not_paused():
    faults.set_paused(False)
    yield
    faults.set_paused(False)


@pytest.fixture
def read_only_spell(app):
    """A spell in which the database refuses writes; `set_spell(True)` starts it, `False` ends it.

    On SQLite it is a real file spell: `chattr +i` on the database file and its -wal (never the
    -shm: workers map it, and an immutable mapping kills them with SIGBUS), as root, which the
    suite's CI is. On PostgreSQL every connection opened during the spell is made read-only.
    Either way the spell starts with fresh connections (as in a worker started during it), and
    nothing is disposed when it ends: connections opened during the spell stay read-only, so
    the next write works only if the app drops them itself (planner/faults.py).
    """
    with app.app_context():
        engine = db.engine
    if engine.dialect.name == "sqlite":
        database = Path(engine.url.database)
        files = [str(database), f"{database}-wal"]
        assert os.geteuid() == 0 and shutil.which("chattr"), (
            "the SQLite read-only spell needs root and chattr(1) (e2fsprogs), as CI has"
        )
        assert Path(files[1]).exists(), "the database is not in WAL mode"
        state = {"on": False}

        def set_spell(on: bool):
            subprocess.run(["chattr", "+i" if on else "-i", *files], check=True)
            state["on"] = on
            if on:
                with app.app_context():
                    db.engine.dispose()

        yield set_spell
        if state["on"]:
            subprocess.run(["chattr", "-i", *files], check=True)
        return

    spell = {"on": False}

    @event.listens_for(engine, "connect")
    def refuse_writes(dbapi_connection, _record):
        if spell["on"]:
            cursor = dbapi_connection.cursor()
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cursor.close()
            dbapi_connection.commit()  # a SET inside a rolled-back transaction would not last

    def set_spell(on: bool):
        spell["on"] = on
        if on:
            with app.app_context():
                db.engine.dispose()

    yield set_spell
    event.remove(engine, "connect", refuse_writes)


def moments(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count(Moment.id))).scalar_one()


def test_a_read_only_spell_pauses_saving_and_ends_by_itself(app, client, auth, read_only_spell):
    auth.register()
    assert client.get("/readyz").status_code == 200
    read_only_spell(True)
    response = client.post("/moments/new", data=MOMENT)
    assert response.status_code == 503
    assert "Saving is paused" in response.text and "<main" in response.text
    assert client.get("/readyz").status_code == 503
    assert client.get("/moments").status_code == 200  # reading still works
    read_only_spell(False)
    assert moments(app) == 0
    # No restart: the very next write works (connections from the spell were not kept).
    assert client.post("/moments/new", data=MOMENT).status_code == 302
    assert moments(app) == 1
    assert client.get("/readyz").status_code == 200
    assert not faults.paused()


def test_logging_in_during_a_spell_is_a_503_not_a_500(app, client, auth, read_only_spell):
    auth.register()
    auth.logout()
    read_only_spell(True)
    response = auth.login()
    assert response.status_code == 503
    read_only_spell(False)
    assert auth.login().status_code == 302


def test_healthz_needs_no_database(app, client, monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("healthz touched the database")

    monkeypatch.setattr(db.session, "execute", no_database)
    assert client.get("/healthz").status_code == 200


def test_readyz_fails_when_the_database_cannot_be_read(tmp_path):
    import shutil

    from tests.helpers import make_app

    folder = tmp_path / "data"
    folder.mkdir()
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'x.db'}")
    assert app.test_client().get("/readyz").status_code == 200
    with app.app_context():
        db.engine.dispose()
    shutil.rmtree(folder)
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.text.startswith("not ready")
    assert app.test_client().get("/healthz").status_code == 200


def test_instance_files_are_private(tmp_path):
    from tests.helpers import make_app

    os.umask(0o022)
    url = f"sqlite:///{tmp_path / 'instance' / 'together.sqlite3'}"
    app = make_app(tmp_path, SECRET_KEY=None, SQLALCHEMY_DATABASE_URI=url)
    app.test_client().get("/readyz")
    instance = tmp_path / "instance"
    assert stat.S_IMODE(os.stat(instance).st_mode) == 0o700
    for name in ("secret_key", "together.sqlite3", "together.sqlite3-wal", "together.sqlite3-shm"):
        assert stat.S_IMODE(os.stat(instance / name).st_mode) == 0o600, name


def test_an_operators_read_only_mode_on_the_database_is_kept(tmp_path):
    """New connections take group/other bits off, and leave the owner's own bits alone."""
    from tests.helpers import make_app

    url = f"sqlite:///{tmp_path / 'instance' / 'together.sqlite3'}"
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    app.test_client().get("/readyz")
    database = tmp_path / "instance" / "together.sqlite3"
    os.chmod(database, 0o444)
    with app.app_context():
        db.engine.dispose()
    app.test_client().get("/readyz")  # a new connection
    assert stat.S_IMODE(os.stat(database).st_mode) == 0o400
