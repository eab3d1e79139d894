"""Private files: `instance/` is 0700; the SQLite database (with -wal/-shm), backups and the secret
key are 0600, so other accounts on the machine cannot read a family's data or forge sessions."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


def make_private(path: Path | str, mode: int = FILE_MODE) -> None:
    """chmod `path` if it exists and is ours (someone else's file is left alone)."""
    with contextlib.suppress(OSError):
        if os.stat(path).st_uid == os.geteuid():
            os.chmod(path, mode)


def private_instance(instance_path: str) -> None:
    os.makedirs(instance_path, mode=DIRECTORY_MODE, exist_ok=True)
    make_private(instance_path, DIRECTORY_MODE)
    make_private(Path(instance_path) / "secret_key")


def sqlite_files(database: str) -> list[Path]:
    return [Path(database + suffix) for suffix in ("", "-wal", "-shm")]


@event.listens_for(Engine, "connect")
def _private_sqlite_files(dbapi_connection, connection_record):
    """SQLite creates its files with the process umask (often 0644): tighten them on connect."""
    if type(dbapi_connection).__module__.split(".")[0] != "sqlite3":
        return
    cursor = dbapi_connection.cursor()
    try:
        rows = cursor.execute("PRAGMA database_list").fetchall()
    finally:
        cursor.close()
    for _seq, name, filename in rows:
        if name == "main" and filename:
            for path in sqlite_files(filename):
                make_private(path)


def database_file(uri: str) -> Path | None:
    url = make_url(uri)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)
