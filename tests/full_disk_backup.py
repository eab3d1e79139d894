"""Back up a growing SQLite database onto a tiny tmpfs, once per size; print what each left behind.

Run by tests/test_backup.py as root inside `unshare -m` (a private mount namespace: the tmpfs is
seen by nothing else and disappears with the process). Prints one JSON list of outcomes.
"""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from planner.backup import BackupError, backup

TMPFS_KIB = 512


def grow(conn: sqlite3.Connection, kib: int) -> None:
    """Add about `kib` KiB of rows and checkpoint, as a served WAL database would be."""
    conn.executemany("INSERT INTO filler VALUES (randomblob(1000))", [()] * kib)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def main(workdir: Path) -> None:
    source, mount = workdir / "live.sqlite3", workdir / "mnt"
    mount.mkdir()
    conn = sqlite3.connect(source)
    conn.execute("PRAGMA journal_mode=WAL")
    for table in ("household", "user", "plan_item", "filler"):
        conn.execute(f"CREATE TABLE {table} (x)")
    grow(conn, 380)
    outcomes = []
    # From comfortably fitting, through the edge (the copy fits, its check does not), to far over.
    for step in [8] * 24 + [1500]:
        grow(conn, step)
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={TMPFS_KIB}k", "tmpfs", str(mount)], check=True
        )
        try:
            backup(f"sqlite:///{source}", mount / "b.sqlite3")
            error = None
        except BackupError as refused:
            error = str(refused)
        outcomes.append(
            {
                "size": source.stat().st_size,
                "error": error,
                "left": sorted(p.name for p in mount.iterdir()),
            }
        )
        subprocess.run(["umount", str(mount)], check=True)
    conn.close()
    print(json.dumps(outcomes))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
