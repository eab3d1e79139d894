"""Private files: `instance/`, the SQLite database (with -wal/-shm), backups and the secret key lose
every group and other permission (0700 / 0600 from a usual umask), so other accounts on the machine
cannot read a family's data or forge sessions. The owner's own bits are left as they are: an
operator's read-only 0400 on the database survives the app opening a new connection."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

DIRECTORY_MODE = 0o700
GROUP_AND_OTHER = 0o077


def make_private(path: Path | str) -> None:
    """Take group and other permissions off `path` if it exists and is ours (someone else's file
    is left alone, and a file already private is not touched)."""
    with contextlib.suppress(OSError):
        status = os.stat(path)
        if status.st_uid == os.geteuid() and status.st_mode & GROUP_AND_OTHER:
            os.chmod(path, stat.S_IMODE(status.st_mode) & ~GROUP_AND_OTHER)


def private_instance(instance_path: str) -> None:
    os.makedirs(instance_path, mode=DIRECTORY_MODE, exist_ok=True)
    make_private(instance_path)
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
