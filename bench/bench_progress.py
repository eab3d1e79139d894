"""The progress page built from scratch: its cost at 520 weeks of history against 1 week, per range,
and the 5-year page against `/healthz`.

gunicorn (2 workers) with the page cache off, so every request builds the page; wrk drives each
route in turn, interleaved over several rounds, and every figure is a ratio of requests per second
measured in the same run (the machine is shared and noisy: absolute numbers move, ratios much less).
Needs `wrk` (apt-get install wrk).

    .venv/bin/python bench/bench_progress.py [--seconds 3] [--rounds 3] [--database-url URL]

A second table times the same requests in this process with Flask's test client, as CPU seconds
of this process (best of several batches): less exposed to the other jobs on a shared machine,
though it leaves out the HTTP server's share of /healthz.

The in-process table also compares 520 with 260 weeks for the ranges that show the same rows at
both (12, 26, 52 weeks): what the length of history costs by itself, with the stored summary.

Targets (issue 13): 520 weeks cost at most 1.2x of 1 week in every range; the built page with 5
years of history at least 0.2 of /healthz.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_http import PASSWORD, logged_in, wrk  # noqa: E402
from bench.seed import seed_household  # noqa: E402
from planner import create_app  # noqa: E402
from planner.extensions import db  # noqa: E402
from tests.servers import gunicorn  # noqa: E402

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
    """wrk's requests per second (bench_http's runner: a run where nothing came back is redone)."""
    return wrk(url, cookie, seconds, connections)[0]


def cookie_for(base: str, email: str) -> str:
    return logged_in(base, email)[1]


def in_process(database_url: str, instance: Path, batches: int = 9, size: int = 10) -> dict:
    """CPU milliseconds per request of each route, through the test client (page cache off)."""
    os.environ["INSTANCE_PATH"] = str(instance)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench", "PAGE_CACHE": False}
    )
    clients = {}
    for email in FAMILIES:
        client = app.test_client()
        login = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login)
        form = {"email": email, "password": PASSWORD}
        if token:
            form["csrf_token"] = token.group(1)
        assert client.post("/login", data=form).status_code == 302, f"login failed: {email}"
        clients[email] = client
    routes = [("healthz", "/healthz", "five@example.com")]
    routes.append(("built 5 years", "/progress", "five@example.com"))
    for key in RANGES:
        for email, weeks in (
            ("short@example.com", 1),
            ("five@example.com", 260),
            ("long@example.com", 520),
        ):
            routes.append((f"{key} {weeks}", f"/progress?range={key}", email))
    best = {label: float("inf") for label, _path, _email in routes}
    for _batch in range(batches):
        for label, path, email in routes:
            client = clients[email]
            client.get(path)
            # As timeit does: the collector off while timing, run between batches, so a
            # collection does not land on whichever route happens to be running.
            gc.collect()
            gc.disable()
            try:
                start = time.process_time()
                for _ in range(size):
                    assert client.get(path).status_code == 200
                elapsed = time.process_time() - start
            finally:
                gc.enable()
            best[label] = min(best[label], elapsed / size * 1000)
    return best


def report(title: str, cost: dict) -> None:
    """`cost` is seconds (or ms) per request of each label: print the ratios."""
    print(title)
    ratio = cost["healthz"] / cost["built 5 years"]
    print(f"{'progress built, 5 years, vs /healthz':<48}{ratio:>6.3f}")
    for key in RANGES:
        growth = cost[f"{key} 520"] / cost[f"{key} 1"]
        print(f"{f'progress range={key}: 520 weeks cost x 1 week':<48}{growth:>6.2f}")
    if "12 260" in cost:
        # Same rows shown (12, 26 or 52 weeks) at 5 and 10 years: what history alone costs.
        for key in RANGES[:3]:
            growth = cost[f"{key} 520"] / cost[f"{key} 260"]
            print(f"{f'progress range={key}: 520 weeks cost x 260 weeks':<48}{growth:>6.2f}")
    print()


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
    print()
    report(
        f"gunicorn 2 workers, page cache off; wrk {args.connections} connections; median of "
        f"{args.rounds} interleaved {args.seconds}s runs per route; ratios in the same run:",
        {label: 1 / value for label, value in rps.items()},
    )
    cpu = in_process(url, workdir / "instance")
    report(
        "in process (test client), CPU time per request, best of 9 batches of 10 (collector off):",
        cpu,
    )
    print(
        f"/healthz {rps['healthz']:.0f} requests/s over HTTP, {cpu['healthz']:.2f} ms CPU in "
        f"process; progress built (5 years) {cpu['built 5 years']:.1f} ms CPU; range=12 at "
        f"1 / 520 weeks {cpu['12 1']:.1f} / {cpu['12 520']:.1f} ms CPU"
    )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
