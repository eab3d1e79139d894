"""What a language costs: the same pages rendered in English and in Spanish, in one process.

Renders each page with the page cache off (so every request runs the view and its templates) for a
logged-in adult whose account language is English, then Spanish, alternating rounds so both see the
same machine load. Prints the median milliseconds per page and the Spanish/English ratio (the
target: at most 1.10 for the week page).

    .venv/bin/python bench/bench_i18n.py [--rounds 7] [--requests 40]
"""

from __future__ import annotations

import argparse
import os
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


def build_app(folder: Path):
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
        seed_household(EMAIL, PASSWORD, weeks=26)
        db.session.commit()
    return app


def set_language(app, language: str) -> None:
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.email == EMAIL)).scalar_one()
        user.language = language
        db.session.commit()


def timed(client, path: str, requests: int) -> float:
    """Median milliseconds of `requests` GETs of `path`."""
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder))
        client = app.test_client()
        response = client.post("/login", data={"email": EMAIL, "password": PASSWORD})
        assert response.status_code == 302, "login failed"
        week = week_start_for(date.today(), 0).isoformat()
        pages = [
            (f"/weeks/{week}", "week page"),
            ("/practices/teamwork", "practice page"),
            ("/account", "account page"),
        ]
        results = {(path, language): [] for path, _ in pages for language in ("", "es")}
        for path, _ in pages:  # warm both languages (catalogue and card files read once)
            for language in ("", "es"):
                set_language(app, language)
                timed(client, path, 3)
        for _ in range(args.rounds):
            for language in ("", "es"):
                set_language(app, language)
                for path, _ in pages:
                    results[(path, language)].append(timed(client, path, args.requests))
        print(f"{'page':<16}{'English ms':>12}{'Spanish ms':>12}{'ratio':>8}")
        for path, name in pages:
            english = statistics.median(results[(path, "")])
            spanish = statistics.median(results[(path, "es")])
            print(f"{name:<16}{english:>12.2f}{spanish:>12.2f}{spanish / english:>8.3f}")
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


if __name__ == "__main__":
    main()
