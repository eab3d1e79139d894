"""Lighthouse (npm `lighthouse`, pinned in tools/lighthouse/package.json) on the landing page,
Today, the week and progress, in its mobile setting against Debian's Chromium; prints the scores.

Setup once: (cd tools/lighthouse && npm ci)     Run: .venv/bin/python tools/lighthouse.py
It serves the app as the browser tests do (gunicorn, the real library, a registered family with
today planned) and passes the family's session cookie to Lighthouse for the pages behind login.

Performance moves with the machine's load (Lighthouse times the real page and scales it), so each
page is measured `--runs` times (3 by default) and the median is shown, as Lighthouse's own docs
advise ("Lighthouse Variability": the median of several runs); every run's figure is printed too.
`--keep DIR` keeps each run's JSON report (its audits say what cost the points).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.extensions import db  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, load_library, register  # noqa: E402
from tests.e2e.test_phone import seed_today  # noqa: E402
from tests.helpers import make_app  # noqa: E402
from tests.servers import gunicorn  # noqa: E402

LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = {"landing": ("/", False), "today": ("/today", True), "week": ("/weeks", True),
         "progress": ("/progress", True)}  # fmt: skip
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
EMAIL = "lighthouse@example.com"


def session_cookie(base: str, app) -> str:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        page = context.new_page()
        register(page, base, EMAIL, name="Lee")
        seed_today(app, EMAIL)
        page.goto(base + "/weeks")
        week_url = page.url
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in context.cookies())
        browser.close()
    PAGES["week"] = (week_url.removeprefix(base), True)
    return cookies


def run(url: str, cookie: str | None, out: Path) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    subprocess.run(command, check=True, env=env, timeout=300)
    report = json.loads(out.read_text())
    scores = {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}
    print(f"{url}: {scores}")
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                print(f"  {name}: {audit['id']} {audit['score']:.2f} {value}")
    return scores


def median(values: list[int]) -> int:
    """The middle run (the lower middle of an even count: never flatters)."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page (median shown)")
    parser.add_argument("--keep", type=Path, help="a folder for every run's JSON report")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Install Lighthouse first: (cd tools/lighthouse && npm ci)")
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        reports = args.keep or tmp_path
        reports.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{tmp_path / 'lighthouse.sqlite3'}"
        app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            load_library()
            db.session.remove()
            db.engine.dispose()
        with gunicorn(url, tmp_path / "instance", workers=2) as base:
            cookie = session_cookie(base, app)
            table = {}
            for name, (path, private) in PAGES.items():
                runs = []
                for number in range(1, args.runs + 1):
                    out = reports / f"{name}-{number}.json"
                    print(f"{name}, run {number}:", flush=True)
                    runs.append(run(base + path, cookie if private else None, out))
                table[name] = ({c: median([r[c] for r in runs]) for c in CATEGORIES}, runs)
            print(f"\nmedian of {args.runs} runs; performance of each run in brackets")
            print(f"{'page':10} " + " ".join(f"{c:>15}" for c in CATEGORIES))
            for name, (scores, runs) in table.items():
                each = ",".join(str(r["performance"]) for r in runs)
                cells = [f"{scores[c]} [{each}]" if c == "performance" else str(scores[c])
                         for c in CATEGORIES]  # fmt: skip
                print(f"{name:10} " + " ".join(f"{cell:>15}" for cell in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
