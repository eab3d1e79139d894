"""What a language costs: the same pages rendered in English and in Spanish, in one process.

Two adults of one family, one with English as their language and one with Spanish, each logged in
on a client of their own. For each page, the two are asked in turn, request after request (the
order flips every pair, and a garbage collection runs before each pair, outside the clock), so
both languages see the same machine load, the same warm caches and the same data. The page cache is
off, so every request runs the view and its templates.

Printed per page: the median CPU milliseconds in each language over all requests, the ratio of those
medians and the median of the per-pair Spanish/English ratios with its interquartile range (the
target: at most 1.10 for the week page). Ratios, not milliseconds, are the figures to compare
between runs: the machine is shared and noisy. Beside them, the Python function calls one request
makes in each language (counted with cProfile): a count the machine's load cannot blur, so a
language that does more work shows here even when the clock is too noisy to tell.

    .venv/bin/python bench/bench_i18n.py [--pairs 200] [--language es]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import seed_household  # noqa: E402
from planner import create_app  # noqa: E402
from planner.dates import week_start_for  # noqa: E402
from planner.extensions import db  # noqa: E402
from planner.models import User  # noqa: E402

EMAIL, PASSWORD = "bench@example.com", "benchmark password"
OTHER = "bench-es@example.com"


def build_app(folder: Path, language: str):
    """A seeded family with two adults: `EMAIL` in English, `OTHER` in `language`."""
    os.environ["INSTANCE_PATH"] = str(folder / "instance")
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "PAGE_CACHE": False,
            "WTF_CSRF_ENABLED": False,
            "SESSION_IDLE_MINUTES": 0,
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        from planner.library.loader import load_cards
        from planner.library.sync import sync_library

        sync_library(load_cards())
        first = seed_household(EMAIL, PASSWORD, weeks=26)
        db.session.flush()
        first = db.session.execute(db.select(User).where(User.email == EMAIL)).scalar_one()
        first.language = "en"
        db.session.add(
            User(
                email=OTHER,
                display_name="Alex",
                password_hash=first.password_hash,
                household_id=first.household_id,
                language=language,
            )
        )
        db.session.commit()
    return app


def logged_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, f"login failed for {email}"
    return client


def one(client, path: str) -> float:
    """CPU milliseconds this process spent on one GET of `path` (time other processes had the
    core is not counted: on a shared machine that is most of the noise of a wall clock)."""
    start = time.process_time()
    response = client.get(path)
    elapsed = (time.process_time() - start) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def measure(english, other, path: str, pairs: int) -> tuple[list[float], list[float]]:
    """Interleaved timings of `path`: (English ms, other-language ms), one of each per pair."""
    english_ms, other_ms = [], []
    for index in range(pairs):
        gc.collect()  # each pair starts from the same clean heap, outside the clock
        if index % 2:
            other_ms.append(one(other, path))
            english_ms.append(one(english, path))
        else:
            english_ms.append(one(english, path))
            other_ms.append(one(other, path))
    return english_ms, other_ms


def quartiles(values: list[float]) -> tuple[float, float, float]:
    first, median, third = statistics.quantiles(values, n=4)
    return first, median, third


def calls_per_request(client, path: str, requests: int = 10) -> float:
    """Python function calls one GET of `path` makes (the same in every run)."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        client.get(path)
    profile.disable()
    return pstats.Stats(profile).total_calls / requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--language", default="es")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder), args.language)
        english, other = logged_in(app, EMAIL), logged_in(app, OTHER)
        week = week_start_for(date.today(), 0).isoformat()
        pages = [
            (f"/weeks/{week}", "week page"),
            ("/today", "today"),
            ("/practices/teamwork", "practice page"),
            ("/account", "account page"),
        ]
        for path, _ in pages:  # warm both languages (catalogue and card files read once)
            measure(english, other, path, 5)
        print(f"{args.pairs} interleaved pairs per page, page cache off, one process")
        language = args.language
        print(
            f"{'page':<15}{'en ms':>8}{language + ' ms':>8}{'ratio':>7}{'pairs':>7}"
            f"{'IQR':>13}{'en calls':>10}{language + ' calls':>10}{'ratio':>7}"
        )
        for path, name in pages:
            english_ms, other_ms = measure(english, other, path, args.pairs)
            ratios = [b / a for a, b in zip(english_ms, other_ms, strict=True)]
            low, ratio, high = quartiles(ratios)
            english_median, other_median = (
                statistics.median(english_ms),
                statistics.median(other_ms),
            )
            english_calls = calls_per_request(english, path)
            other_calls = calls_per_request(other, path)
            print(
                f"{name:<15}{english_median:>8.2f}{other_median:>8.2f}"
                f"{other_median / english_median:>7.3f}{ratio:>7.3f}"
                f"{f'{low:.2f}–{high:.2f}':>13}{english_calls:>10.0f}{other_calls:>10.0f}"
                f"{other_calls / english_calls:>7.3f}"
            )
        print(
            "ratio: of the medians; pairs: median of the per-pair ratios (IQR: its quartiles); "
            "calls: Python function calls per request"
        )
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
