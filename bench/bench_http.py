"""Load-test the real app: gunicorn (2 workers) on a database with 5 years of weekly history.

Prints requests per second and p50/p99 latency for /healthz (a route that does no work: the
baseline), the week page, the progress page and the library page, and each page's ratio to the
baseline measured in the same run. Needs `wrk` (apt-get install wrk).

    .venv/bin/python bench/bench_http.py [--seconds 10] [--connections 16]
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
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import seed_household  # noqa: E402
from planner import create_app  # noqa: E402
from planner.dates import week_start_for  # noqa: E402
from planner.extensions import db  # noqa: E402
from tests.servers import Browser, gunicorn  # noqa: E402

EMAIL, PASSWORD = "bench@example.com", "benchmark password"


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
        seed_household(EMAIL, PASSWORD)
        db.session.remove()
        db.engine.dispose()


def wrk(url: str, cookie: str, seconds: int, connections: int) -> tuple[float, float, float]:
    """Run wrk; return (requests/s, p50 ms, p99 ms)."""
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"{url} answered errors during the run:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"50%\s+([\d.]+\w+)", output).group(1))
    p99 = to_ms(re.search(r"99%\s+([\d.]+\w+)", output).group(1))
    return rps, p50, p99


def to_ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def page_weight(browser: Browser, path: str) -> int:
    """Bytes of the page's HTML plus the CSS and JS files it links."""
    status, html = browser.get(path)
    total = len(html.encode())
    # Screen stylesheets and scripts (the print stylesheet only loads when printing).
    tags = re.findall(r"<(?:link|script)[^>]*>", html)
    for tag in tags:
        asset = re.search(r'(?:href|src)="(/static/[^"?]+\.(?:css|js))(?:\?[^"]*)?"', tag)
        if asset and 'media="print"' not in tag:
            total += len(browser.request("GET", asset.group(0).split('"')[1])[1].encode())
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs per route")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument(
        "--uncached",
        action="store_true",
        help="switch the page cache off, so every request builds its page (PAGE_CACHE=0)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    workdir = Path(tempfile.mkdtemp(prefix="together-bench-"))
    url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    print(f"Seeding one household with 5 years of weekly history into {url} ...")
    prepare(url, workdir / "instance")
    week = week_start_for(date.today(), 0).isoformat()
    targets = [
        ("/healthz", "baseline"),
        (f"/weeks/{week}", "week page"),
        ("/progress", "progress page"),
        ("/activities", "library page"),
    ]
    extra_env = {"PAGE_CACHE": "0"} if args.uncached else {}
    with gunicorn(url, workdir / "instance", workers=2, extra_env=extra_env) as base:
        browser = Browser(base)
        status, _ = browser.login(EMAIL, PASSWORD)
        assert status == 302, f"login failed: {status}"
        weight = page_weight(browser, f"/weeks/{week}")
        # Take the cookie after a page view, as a browser would hold it (with its CSRF token).
        cookie = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
        for path, _label in targets:
            wrk(base + path, cookie, 2, args.connections)  # warm up
        # Interleave short runs of every route and take medians, so a noisy moment on the
        # machine hits the baseline and the pages alike instead of skewing one ratio.
        runs = {path: [] for path, _label in targets}
        for _round in range(args.rounds):
            for path, _label in targets:
                runs[path].append(wrk(base + path, cookie, args.seconds, args.connections))
        results = [
            (label, path, *(statistics.median(r[i] for r in runs[path]) for i in range(3)))
            for path, label in targets
        ]
    baseline = results[0][2]
    print(
        f"\ngunicorn 2 workers, {args.connections} connections, "
        f"median of {args.rounds} interleaved {args.seconds}s runs per route, "
        f"page cache {'off' if args.uncached else 'on'}\n"
    )
    print(f"{'route':<16}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'ratio':>9}")
    for label, _path, rps, p50, p99 in results:
        print(f"{label:<16}{rps:>10.0f}{p50:>10.2f}{p99:>10.2f}{rps / baseline:>9.2f}")
    print(f"\nweek page HTML + CSS + JS: {weight / 1024:.1f} KB")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
