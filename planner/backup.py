"""Online backup and restore of the embedded SQLite database (PostgreSQL: use pg_dump)."""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

PG_HINT = (
    "This database is PostgreSQL: back it up with `pg_dump --format=custom DBNAME > FILE` and "
    "restore with `pg_restore --clean --dbname DBNAME FILE`."
)


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a message for the person hosting the app."""


def sqlite_path(database_uri: str) -> Path:
    """The file behind a sqlite:/// URI. :raise BackupError: for other databases."""
    url = make_url(database_uri)
    if url.get_backend_name() != "sqlite":
        raise BackupError(PG_HINT)
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory database cannot be backed up.")
    return Path(url.database)


def backup(database_uri: str, target: Path, force: bool = False) -> int:
    """Copy the live database to `target` with SQLite's online backup API; returns its size.

    Safe while the app is serving: the backup API copies a consistent snapshot page by page.
    """
    source_path = sqlite_path(database_uri)
    if not source_path.exists():
        raise BackupError(f"There is no database at {source_path} yet.")
    if target.exists() and not force:
        raise BackupError(f"{target} exists already; add --force to overwrite it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(source_path, timeout=30) as source, sqlite3.connect(partial) as copy:
        source.backup(copy, pages=256)
    check_integrity(partial)
    partial.replace(target)
    return target.stat().st_size


def check_integrity(path: Path) -> None:
    """:raise BackupError: unless `path` is a healthy SQLite file containing Together's tables."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            status = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from error
    if status != "ok":
        raise BackupError(f"{path} failed the integrity check: {status}")
    if not {"household", "user", "plan_item"} <= tables:
        raise BackupError(f"{path} is not a Together backup (its tables are missing).")


def has_data(path: Path) -> bool:
    """Whether the database at `path` holds any household."""
    if not path.exists():
        return False
    with sqlite3.connect(path, timeout=30) as conn:
        try:
            return conn.execute("SELECT count(*) FROM household").fetchone()[0] > 0
        except sqlite3.OperationalError:
            return False


def restore(database_uri: str, source: Path, force: bool = False) -> None:
    """Replace the live database with the backup at `source`.

    Refuses to overwrite a database that holds households unless `force` is given.
    """
    target_path = sqlite_path(database_uri)
    if not source.exists():
        raise BackupError(f"There is no backup at {source}.")
    check_integrity(source)
    if has_data(target_path) and not force:
        raise BackupError(
            f"{target_path} already holds family data; add --force to replace it with the backup."
        )
    target_path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as backup_conn, sqlite3.connect(target_path, timeout=30) as live:
        backup_conn.backup(live)
