"""Load-test the real app: gunicorn (2 workers) on a database with years of weekly history.

Every figure is a ratio to `/healthz` (a route that does no work) measured in the same run, so a
busy or quiet machine moves the baseline and the pages alike. Needs `wrk` (apt-get install wrk).

- cache hit: the week, progress and library pages served from the page cache;
- built from scratch: the same pages with the page cache off (a second server, PAGE_CACHE=0), for
  a family with 5 years of history;
- progress at 520 weeks against 1 week of history, for each range, built from scratch;
- write then read, on the cached server with 2 workers: a tick (the week page's JSON request) then
  three views of the week page, and a tick then three views of progress; prints the read's cost
  against /healthz and how many of the three views were rebuilt (1 is the least: the page did
  change).

    .venv/bin/python bench/bench_http.py [--seconds 5] [--rounds 2] [--cycles 60]
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
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import seed_household  # noqa: E402
from planner import create_app  # noqa: E402
from planner.dates import week_start_for  # noqa: E402
from planner.extensions import db  # noqa: E402
from tests.servers import Browser, gunicorn  # noqa: E402

PASSWORD = "benchmark password"
FAMILIES = {  # email: weeks of history
    "bench@example.com": 260,
    "short@example.com": 1,
    "long@example.com": 520,
}
RANGES = ("12", "26", "52", "all")


def prepare(database_url: str, instance: Path) -> None:
    os.environ["INSTANCE_PATH"] = str(instance)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        try:
            from planner.library.loader import load_cards
            from planner.library.sync import sync_library

            sync_library(load_cards())
        except ImportError:
            pass
        for email, weeks in FAMILIES.items():
            seed_household(email, PASSWORD, weeks=weeks)
        db.session.remove()
        db.engine.dispose()


def wrk(url: str, cookie: str, seconds: int, connections: int) -> tuple[float, float, float]:
    """Run wrk; return (requests/s, p50 ms, p99 ms). A run in which nothing came back (the
    machine was busy elsewhere) is run again, longer."""
    for attempt in range(3):
        try:
            return wrk_once(url, cookie, seconds * (attempt + 1), connections)
        except NothingBack:
            continue
    raise SystemExit(f"{url} answered nothing in three runs")


class NothingBack(Exception):
    pass


def wrk_once(url: str, cookie: str, seconds: int, connections: int) -> tuple[float, float, float]:
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "60s",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{url} answered errors during the run:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    if not rps:
        raise NothingBack()
    p50 = to_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1))
    p99 = to_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))
    return rps, p50, p99


def to_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def logged_in(base: str, email: str) -> tuple[Browser, str]:
    """A browser logged in as `email`, and its cookie header (taken after a page view)."""
    browser = Browser(base)
    status, _ = browser.login(email, PASSWORD)
    assert status == 302, f"login failed: {status}"
    browser.get("/progress")
    return browser, "; ".join(f"{c.name}={c.value}" for c in browser.jar)


def measure(
    base: str, targets: list[tuple[str, str, str]], args, connections: int
) -> dict[str, float]:
    """Requests per second of each (label, path, cookie): medians of interleaved runs."""
    for _label, path, cookie in targets:
        wrk(base + path, cookie, 3, connections)  # warm up (a slow page needs a moment)
    runs = {label: [] for label, _path, _cookie in targets}
    for _round in range(args.rounds):
        for label, path, cookie in targets:
            runs[label].append(wrk(base + path, cookie, args.seconds, connections)[0])
    return {label: statistics.median(values) for label, values in runs.items()}


def timed(call) -> tuple[float, object]:
    start = time.perf_counter()
    result = call()
    return (time.perf_counter() - start) * 1000, result


def write_then_read(base: str, week: str, page: str, cycles: int) -> tuple[float, float, Counter]:
    """Tick an item (as week.js does), then view `page` three times; repeat `cycles` times.

    Returns (median ms of /healthz, median ms of the first view after the tick, how many of the
    three views were built per cycle). One client, one request at a time, so each view lands on
    whichever worker the kernel hands the connection to.
    """
    browser, _cookie = logged_in(base, "bench@example.com")
    _status, html = browser.get(f"/weeks/{week}")
    item_id = re.search(r'action="/items/(\d+)/done"', html).group(1)
    health, reads, builds = [], [], Counter()
    for cycle in range(cycles):
        health.append(timed(lambda: browser.request("GET", "/healthz"))[0])
        status, _ = browser.post(
            f"/items/{item_id}/done",
            {"done": "1" if cycle % 2 == 0 else "0"},
            headers={"Accept": "application/json"},
        )
        assert status == 200, status
        built = 0
        for view in range(3):
            elapsed, answer = timed(lambda: browser.opener.open(base + page, timeout=60))
            built += answer.headers.get("X-Page-Cache") == "built"
            answer.read()
            answer.close()
            if view == 0:
                reads.append(elapsed)
        builds[built] += 1
    return statistics.median(health), statistics.median(reads), builds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--built-connections",
        type=int,
        default=4,
        help="connections for the server without a page cache (slow pages queue otherwise)",
    )
    parser.add_argument("--rounds", type=int, default=2, help="interleaved runs per route")
    parser.add_argument("--cycles", type=int, default=60, help="write-then-read cycles")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    workdir = Path(tempfile.mkdtemp(prefix="together-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    print(f"Seeding families with 1, 260 and 520 weeks of history into {url} ...")
    prepare(url, workdir / "instance")
    week = week_start_for(date.today(), 0).isoformat()
    pages = {"week": f"/weeks/{week}", "progress": "/progress", "library": "/activities"}
    lines: list[tuple[str, float]] = []

    with gunicorn(url, workdir / "instance", workers=2) as base:
        _browser, cookie = logged_in(base, "bench@example.com")
        targets = [("healthz", "/healthz", cookie)]
        targets += [(f"{name} (cache hit)", path, cookie) for name, path in pages.items()]
        rps = measure(base, targets, args, args.connections)
        lines += [(label, rps[label] / rps["healthz"]) for label in rps if label != "healthz"]
        write_lines = []
        for name in ("week", "progress"):
            health_ms, read_ms, builds = write_then_read(base, week, pages[name], args.cycles)
            lines.append((f"tick then {name} (first view)", health_ms / read_ms))
            write_lines.append(
                f"tick then {name}: views built among the 3 after each tick: "
                + ", ".join(
                    f"{n} in {count} of {args.cycles} cycles" for n, count in sorted(builds.items())
                )
            )

    uncached = workdir / "instance-uncached"
    with gunicorn(url, uncached, workers=2, extra_env={"PAGE_CACHE": "0"}) as base:
        cookies = {email: logged_in(base, email)[1] for email in FAMILIES}
        targets = [("healthz", "/healthz", cookies["bench@example.com"])]
        targets += [
            (f"{name} (built, 5 years)", path, cookies["bench@example.com"])
            for name, path in pages.items()
        ]
        for key in RANGES:
            for email in ("short@example.com", "long@example.com"):
                targets.append(
                    (f"progress range={key} {email}", f"/progress?range={key}", cookies[email])
                )
        rps = measure(base, targets, args, args.built_connections)
        lines += [
            (label, rps[label] / rps["healthz"])
            for label in rps
            if label.endswith("(built, 5 years)")
        ]
        growth = [
            (
                f"progress range={key}: 520 weeks cost x 1 week",
                rps[f"progress range={key} short@example.com"]
                / rps[f"progress range={key} long@example.com"],
            )
            for key in RANGES
        ]

    print(
        f"\ngunicorn 2 workers; {args.connections} connections (cache hits), "
        f"{args.built_connections} (built pages); median of {args.rounds} interleaved "
        f"{args.seconds}s runs per route; ratios to /healthz on the same server\n"
    )
    for label, ratio in lines:
        print(f"{label:<36}{ratio:>8.2f} of /healthz")
    print()
    for label, ratio in growth:
        print(f"{label:<44}{ratio:>6.2f}")
    print()
    for line in write_lines:
        print(line)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
