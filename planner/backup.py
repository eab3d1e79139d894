"""Online backup and restore of the embedded SQLite database (PostgreSQL: use pg_dump)."""

import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import make_url

from .clock import now_aware
from .filemodes import make_private

PG_HINT = (
    "This database is PostgreSQL: back it up with `pg_dump --format=custom DBNAME > FILE` and "
    "restore with `pg_restore --clean --dbname DBNAME FILE`."
)


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with a message for the person hosting the app."""


class DamagedDatabase(BackupError):
    """The live database file cannot be read as SQLite (damaged, or some other file)."""


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

    Safe while the app is serving: the backup API copies a consistent snapshot page by page. The
    copy is written to a private temporary file beside `target`, switched from the live file's WAL
    to a plain rollback journal (a backup is one self-contained file), and renamed only once it
    passed the integrity check. On a failure (full disk, no permission, interrupted) the partial
    file and every companion SQLite made for it (-journal, -wal, -shm) are removed.
    """
    source_path = sqlite_path(database_uri)
    if not source_path.exists():
        raise BackupError(f"There is no database at {source_path} yet.")
    if target.exists() and not force:
        raise BackupError(f"{target} exists already; add --force to overwrite it.")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, partial_name = tempfile.mkstemp(prefix=target.name + ".partial-", dir=target.parent)
    except OSError as error:
        raise BackupError(
            f"Cannot write a backup to {target}: {error.strerror or error}."
        ) from error
    os.close(fd)
    partial = Path(partial_name)
    try:
        make_private(partial)
        with (
            closing(sqlite3.connect(source_path, timeout=30)) as source,
            closing(sqlite3.connect(partial)) as copy,
        ):
            source.backup(copy, pages=256)
            copy.execute("PRAGMA journal_mode=DELETE")
        check_integrity(partial)
        partial.replace(target)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(
            f"The backup to {target} failed ({error}); nothing was written."
        ) from error
    finally:
        for path in companions(partial):
            path.unlink(missing_ok=True)
    make_private(target)
    return target.stat().st_size


def companions(path: Path) -> list[Path]:
    """`path` and the files SQLite may keep beside it."""
    return [Path(f"{path}{suffix}") for suffix in ("", "-journal", "-wal", "-shm")]


def check_integrity(path: Path) -> None:
    """:raise BackupError: unless `path` is a healthy SQLite file containing Together's tables."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            status = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from error
    if status != "ok":
        raise BackupError(f"{path} failed the integrity check: {status}")
    if not {"household", "user", "plan_item"} <= tables:
        raise BackupError(f"{path} is not a Together backup (its tables are missing).")


def schema_revision(path: Path) -> str | None:
    """The Alembic revision a database file was migrated to, or None if it has none."""
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def check_schema(path: Path, revisions: list[str], upgrade: bool) -> str:
    """:raise BackupError: unless the backup's schema is this version's (`revisions[0]`), or an
    older one of ours and `upgrade` was asked for. Returns the backup's revision."""
    revision = schema_revision(path)
    if revision is None or revision not in revisions:
        raise BackupError(
            f"{path} was not made by this app's migrations (schema {revision or 'unknown'}): "
            "it may come from another application or a newer version of Together."
        )
    if revision != revisions[0] and not upgrade:
        raise BackupError(
            f"{path} comes from an older version of Together (schema {revision}; this version is "
            f"{revisions[0]}). Add --upgrade to restore it and bring it up to date."
        )
    return revision


def has_data(path: Path) -> bool:
    """Whether the database at `path` holds any household. :raise DamagedDatabase: if it cannot
    be read as SQLite at all."""
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(path, timeout=30)) as conn:
            try:
                return conn.execute("SELECT count(*) FROM household").fetchone()[0] > 0
            except sqlite3.OperationalError:
                return False  # no household table: an empty or new database
    except sqlite3.DatabaseError as error:
        raise DamagedDatabase(
            f"{path} is damaged or not a SQLite database ({error}); add --force to replace it "
            "with the backup (the damaged file is kept beside it)."
        ) from error


def set_aside(path: Path) -> Path:
    """Rename a damaged database and its companions to `NAME.damaged-<time>` (never deleted: it may
    still hold something worth rescuing); the new name of the main file."""
    stamp = now_aware().strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.damaged-{stamp}")
    for old, new in zip(companions(path), companions(aside), strict=True):
        if old.exists():
            old.replace(new)
    return aside


def restore(
    database_uri: str,
    source: Path,
    force: bool = False,
    revisions: list[str] | None = None,
    upgrade: bool = False,
) -> Path | None:
    """Replace the live database with the backup at `source`.

    Checks the file first (integrity_check, Together's tables, and the schema revision against
    `revisions`, newest first); refuses to overwrite a database that holds households, or one that
    is damaged, unless `force` is given. Returns where a damaged database was set aside, if it was.
    """
    target_path = sqlite_path(database_uri)
    if not source.exists():
        raise BackupError(f"There is no backup at {source}.")
    check_integrity(source)
    if revisions:
        check_schema(source, revisions, upgrade)
    damaged = None
    try:
        holds_data = has_data(target_path)
    except DamagedDatabase:
        if not force:
            raise
        damaged, holds_data = set_aside(target_path), False
    if holds_data and not force:
        raise BackupError(
            f"{target_path} already holds family data; add --force to replace it with the backup."
        )
    try:
        target_path.parent.mkdir(parents=True, exist_ok=True)
        with (
            closing(sqlite3.connect(source)) as backup_conn,
            closing(sqlite3.connect(target_path, timeout=30)) as live,
        ):
            backup_conn.backup(live)
    except (sqlite3.Error, OSError) as error:
        raise BackupError(f"Restoring into {target_path} failed: {error}") from error
    for path in companions(target_path):
        make_private(path)
    return damaged
