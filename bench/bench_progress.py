"""The progress page built from scratch: its cost at 520 weeks of history against 1 week, per range,
and the 5-year page against `/healthz`.

gunicorn (2 workers) with the page cache off, so every request builds the page; wrk drives each
route in turn, interleaved over several rounds, and every figure is a ratio of requests per second
measured in the same run (the machine is shared and noisy: absolute numbers move, ratios much less).
Needs `wrk` (apt-get install wrk).

    .venv/bin/python bench/bench_progress.py [--seconds 3] [--rounds 3] [--database-url URL]

Targets (issue 13): 520 weeks cost at most 1.2x of 1 week in every range; the built page with 5
years of history at least 0.2 of /healthz.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import seed_household  # noqa: E402
from planner import create_app  # noqa: E402
from planner.extensions import db  # noqa: E402
from tests.servers import Browser, gunicorn  # noqa: E402

PASSWORD = "benchmark password"
FAMILIES = {"short@example.com": 1, "five@example.com": 260, "long@example.com": 520}
RANGES = ("12", "26", "52", "all")


def prepare(database_url: str, instance: Path) -> None:
    """Fresh tables and three families with 1, 260 and 520 weeks of history."""
    os.environ["INSTANCE_PATH"] = str(instance)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        for email, weeks in FAMILIES.items():
            seed_household(email, PASSWORD, weeks=weeks)
        db.session.remove()
        db.engine.dispose()


def requests_per_second(url: str, cookie: str, seconds: int, connections: int) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s"]
    command += ["-H", f"Cookie: {cookie}", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{url} answered errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def cookie_for(base: str, email: str) -> str:
    browser = Browser(base)
    status, _ = browser.login(email, PASSWORD)
    assert status == 302, f"login failed: {status}"
    browser.get("/progress")
    return "; ".join(f"{c.name}={c.value}" for c in browser.jar)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    workdir = Path(tempfile.mkdtemp(prefix="together-bench-progress-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    print(f"Seeding families with 1, 260 and 520 weeks of history into {url} ...")
    prepare(url, workdir / "instance")
    with gunicorn(url, workdir / "instance", workers=2, extra_env={"PAGE_CACHE": "0"}) as base:
        cookies = {email: cookie_for(base, email) for email in FAMILIES}
        targets = [("healthz", "/healthz", cookies["five@example.com"])]
        targets.append(("built 5 years", "/progress", cookies["five@example.com"]))
        for key in RANGES:
            for email, weeks in (("short@example.com", 1), ("long@example.com", 520)):
                targets.append((f"{key} {weeks}", f"/progress?range={key}", cookies[email]))
        for _label, path, cookie in targets:  # warm up
            requests_per_second(base + path, cookie, 1, args.connections)
        runs: dict[str, list[float]] = {label: [] for label, _path, _cookie in targets}
        for _round in range(args.rounds):
            for label, path, cookie in targets:
                runs[label].append(
                    requests_per_second(base + path, cookie, args.seconds, args.connections)
                )
    rps = {label: statistics.median(values) for label, values in runs.items()}
    print(
        f"\ngunicorn 2 workers, page cache off; wrk {args.connections} connections; median of "
        f"{args.rounds} interleaved {args.seconds}s runs per route; ratios in the same run\n"
    )
    print(
        f"{'progress built, 5 years, vs /healthz':<48}{rps['built 5 years'] / rps['healthz']:>6.3f}"
    )
    for key in RANGES:
        ratio = rps[f"{key} 1"] / rps[f"{key} 520"]
        print(f"{f'progress range={key}: 520 weeks cost x 1 week':<48}{ratio:>6.2f}")
    print(f"\n/healthz {rps['healthz']:.0f} requests/s")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
