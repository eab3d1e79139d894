"""`flask backup` / `flask restore`: an online SQLite backup taken while requests write."""

import sqlite3
import threading
import time

from flask_migrate import downgrade, stamp

from planner import create_app, limits
from planner.extensions import db
from planner.models import Child
from tests.helpers import TEST_PASSWORD, AuthActions, make_app

TABLES = ("household", "user", "child", "activity", "week", "plan_item")


def rows(path, table):
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


THROTTLE_SCOPE_REVISION = "c4f1d2a9e8b7"


def before_revision(revision: str) -> str:
    """The revision a migration builds on."""
    from alembic.script import ScriptDirectory
    from flask import current_app

    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_revision(revision).down_revision


def sqlite_app(tmp_path, name="live"):
    """An app on its own SQLite file, stamped with the migrations' head as `flask db upgrade` would."""
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / (name + '.sqlite3')}")
    with app.app_context():
        stamp()
    return app


def test_backup_while_writing_then_restore_into_a_fresh_instance(tmp_path, monkeypatch):
    # The writer adds children as fast as it can, far past the cap a real family has.
    monkeypatch.setattr(limits, "CHILDREN", limits.Limit("children", 100_000))
    app = sqlite_app(tmp_path)
    client = app.test_client()
    AuthActions(client).register()
    stop = threading.Event()
    written = []

    def writer():
        n = 0
        while not stop.is_set():
            n += 1
            response = client.post(
                "/family/children", data={"name": f"Kid {n}", "birth_month": 1, "birth_year": 2015}
            )
            written.append(response.status_code)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        wait_for(lambda: len(written) >= 20)
        before = len(written)
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backup.sqlite3")])
        wait_for(lambda: len(written) >= before + 10)  # writes carry on after the backup
    finally:
        stop.set()
        thread.join()
    assert result.exit_code == 0, result.output
    assert set(written) == {302}, "a write failed during the backup"
    backup_path = tmp_path / "backup.sqlite3"
    with sqlite3.connect(backup_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        backed_up_children = conn.execute("SELECT count(*) FROM child").fetchone()[0]
    with app.app_context():
        live_children = db.session.execute(db.select(db.func.count(Child.id))).scalar_one()
    assert 0 < backed_up_children <= live_children

    fresh = sqlite_app(tmp_path, name="fresh")
    with fresh.app_context():
        db.drop_all()
    result = fresh.test_cli_runner().invoke(args=["restore", str(backup_path)])
    assert result.exit_code == 0, result.output
    for table in TABLES:
        assert rows(tmp_path / "fresh.sqlite3", table) == rows(backup_path, table), table
    # The restored instance works: the family can log in and sees its children.
    restored = fresh.test_client()
    assert AuthActions(restored).login(password=TEST_PASSWORD).status_code == 302
    assert "Kid 1" in restored.get("/family").text


def test_backup_refuses_to_overwrite_without_force(tmp_path):
    app = sqlite_app(tmp_path)
    target = tmp_path / "b.sqlite3"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code != 0 and "--force" in result.output
    assert runner.invoke(args=["backup", str(target), "--force"]).exit_code == 0


def test_restore_refuses_to_overwrite_family_data_without_force(tmp_path):
    app = sqlite_app(tmp_path)
    AuthActions(app.test_client()).register()
    runner = app.test_cli_runner()
    runner.invoke(args=["backup", str(tmp_path / "b.sqlite3")])
    result = runner.invoke(args=["restore", str(tmp_path / "b.sqlite3")])
    assert result.exit_code != 0 and "--force" in result.output
    assert runner.invoke(args=["restore", str(tmp_path / "b.sqlite3"), "--force"]).exit_code == 0


def test_restore_rejects_a_file_that_is_not_a_backup(tmp_path):
    app = sqlite_app(tmp_path)
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database at all")
    result = app.test_cli_runner().invoke(args=["restore", str(junk), "--force"])
    assert result.exit_code != 0
    assert "not a SQLite database" in result.output or "not a Together backup" in result.output


def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    app = make_app(tmp_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "x")])
    assert result.exit_code != 0 and "pg_dump" in result.output


def test_backup_to_an_unwritable_place_is_a_clear_error_and_leaves_nothing(tmp_path):
    app = sqlite_app(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = app.test_cli_runner().invoke(args=["backup", str(blocker / "b.sqlite3")])
    assert result.exit_code != 0
    assert "Cannot write a backup to" in result.output
    assert "Traceback" not in result.output


def test_a_failed_backup_leaves_no_partial_file_and_no_copy(tmp_path, monkeypatch):
    from planner import backup as backups

    app = sqlite_app(tmp_path)
    target = tmp_path / "backups" / "b.sqlite3"

    def corrupt(path):
        raise backups.BackupError(f"{path} failed the integrity check: simulated")

    monkeypatch.setattr(backups, "check_integrity", corrupt)
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code != 0 and "integrity check" in result.output
    assert list(target.parent.iterdir()) == []


def test_backups_and_restored_databases_are_private(tmp_path):
    import os
    import stat

    app = sqlite_app(tmp_path)
    target = tmp_path / "b.sqlite3"
    assert app.test_cli_runner().invoke(args=["backup", str(target)]).exit_code == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_restore_refuses_another_apps_database(tmp_path):
    app = sqlite_app(tmp_path)
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as conn:
        for table in ("household", "user", "plan_item"):
            conn.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")
    result = app.test_cli_runner().invoke(args=["restore", str(foreign), "--force"])
    assert result.exit_code != 0
    assert "not made by this app's migrations" in result.output


def test_restore_of_an_older_schema_needs_upgrade_and_then_works(tmp_path):
    app = sqlite_app(tmp_path)
    AuthActions(app.test_client()).register()
    backup_path = tmp_path / "old.sqlite3"
    assert app.test_cli_runner().invoke(args=["backup", str(backup_path)]).exit_code == 0
    with app.app_context():
        before_scope = before_revision(THROTTLE_SCOPE_REVISION)
    # As if made before login_attempt.scope existed: every later revision (there are more now
    # than that one) is really undone on the file, so `--upgrade` has all of them to redo.
    older = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{backup_path}"})
    with older.app_context():
        downgrade(revision=before_scope)
        db.engine.dispose()
    with sqlite3.connect(backup_path) as conn:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(login_attempt)")}
    assert "scope" not in columns
    fresh = sqlite_app(tmp_path, name="fresh")
    with fresh.app_context():
        db.drop_all()
    runner = fresh.test_cli_runner()
    refused = runner.invoke(args=["restore", str(backup_path)])
    assert refused.exit_code != 0
    assert "older version of Together" in refused.output and "--upgrade" in refused.output
    result = runner.invoke(args=["restore", str(backup_path), "--upgrade"])
    assert result.exit_code == 0, result.output
    assert AuthActions(fresh.test_client()).login().status_code == 302


def test_restore_refuses_a_damaged_file(tmp_path):
    app = sqlite_app(tmp_path)
    AuthActions(app.test_client()).register()
    backup_path = tmp_path / "b.sqlite3"
    app.test_cli_runner().invoke(args=["backup", str(backup_path)])
    data = bytearray(backup_path.read_bytes())
    for page_start in range(4096, len(data), 4096):  # scribble over every page's header
        data[page_start : page_start + 12] = b"\xff" * 12
    backup_path.write_bytes(bytes(data))
    result = app.test_cli_runner().invoke(args=["restore", str(backup_path), "--force"])
    assert result.exit_code != 0
    assert "integrity check" in result.output or "not a SQLite database" in result.output
    assert "Traceback" not in result.output


def test_a_backup_onto_a_full_disk_leaves_nothing_behind(tmp_path):
    """On a real (tiny tmpfs) full disk, whether the copy or its check runs out of room: no
    partial file and none of its -journal/-wal/-shm companions stay; a backup that fits leaves
    exactly the backup. Needs root for `unshare -m` and `mount`, as the suite's CI has."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    from tests.servers import ROOT

    assert os.geteuid() == 0 and shutil.which("unshare"), "this test needs root and unshare(1)"
    result = subprocess.run(
        ["unshare", "-m", sys.executable, "-m", "tests.full_disk_backup", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    outcomes = json.loads(result.stdout)
    for outcome in outcomes:
        if outcome["error"] is None:
            assert outcome["left"] == ["b.sqlite3"], outcome
        else:
            assert "nothing was written" in outcome["error"], outcome
            assert outcome["left"] == [], outcome
    assert any(o["error"] is None for o in outcomes) and any(o["error"] for o in outcomes)


def test_restore_over_a_damaged_live_database_needs_force_and_keeps_it(tmp_path):
    """A live file that is not SQLite (or is damaged): a clear refusal, never a traceback; with
    --force the backup goes in and the damaged file is kept beside it."""
    app = sqlite_app(tmp_path)
    AuthActions(app.test_client()).register()
    runner = app.test_cli_runner()
    backup_path = tmp_path / "b.sqlite3"
    assert runner.invoke(args=["backup", str(backup_path)]).exit_code == 0
    with app.app_context():
        db.engine.dispose()
    live = tmp_path / "live.sqlite3"
    for path in (live, tmp_path / "live.sqlite3-wal", tmp_path / "live.sqlite3-shm"):
        path.unlink(missing_ok=True)
    live.write_bytes(b"this is not a database" * 500)
    refused = runner.invoke(args=["restore", str(backup_path)])
    assert refused.exit_code == 1
    assert "damaged or not a SQLite database" in refused.output and "--force" in refused.output
    assert refused.exception is None or isinstance(refused.exception, SystemExit)
    result = runner.invoke(args=["restore", str(backup_path), "--force"])
    assert result.exit_code == 0, result.output
    assert "The damaged database was kept as" in result.output
    (kept,) = tmp_path.glob("live.sqlite3.damaged-*")
    assert kept.read_bytes().startswith(b"this is not a database")
    assert AuthActions(app.test_client()).login().status_code == 302
