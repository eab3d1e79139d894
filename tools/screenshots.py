"""Screenshots of the main pages on a phone (360 px) and a desktop (1280 px), light and dark, for
the README. It starts the app the way the browser tests do (gunicorn, the real library, a family
registered through the forms, a child added and this week planned, today's activities seeded) so
the pictures show what the tests check. The family display (a read-only link for a kitchen tablet)
is opened through a link made for that family, without logging in, as a tablet would.

Run: .venv/bin/python tools/screenshots.py [--all] [OUT_DIR]   (default docs/screenshots)
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planner.dates import week_start_for  # noqa: E402
from planner.display.links import new_link  # noqa: E402
from planner.extensions import db  # noqa: E402
from tests.e2e.browser import add_child  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, load_library, register  # noqa: E402
from tests.e2e.test_phone import seed_today  # noqa: E402
from tests.helpers import household_of, make_app  # noqa: E402
from tests.servers import gunicorn  # noqa: E402

PAGES = {"landing": "/", "today": "/today", "week": "/weeks", "more": "/more", "display": None}
PUBLIC = {"landing", "display"}  # opened without the family's login
SIZES = {"phone": {"width": 360, "height": 760}, "desktop": {"width": 1280, "height": 860}}
# The pictures the README shows; `--all` makes every page × size × scheme.
README_SHOTS = (
    ("today", "phone", "light"),
    ("today", "phone", "dark"),
    ("week", "phone", "light"),
    ("landing", "phone", "light"),
    ("today", "desktop", "light"),
    ("landing", "desktop", "dark"),
    ("display", "phone", "light"),
    ("display", "desktop", "light"),
)
EMAIL = "screens@example.com"


def main(out: Path, shots) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        url = f"sqlite:///{tmp_path / 'screens.sqlite3'}"
        app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            load_library()
            db.session.remove()
            db.engine.dispose()
        with gunicorn(url, tmp_path / "instance", workers=1) as base, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context()
            page = context.new_page()
            register(page, base, EMAIL, name="Pat")
            add_child(page, base, "Bea", 7)
            page.goto(f"{base}/weeks/{week_start_for(date.today(), 0).isoformat()}")
            page.get_by_role("button", name="Plan this week").click()
            page.wait_for_load_state()
            seed_today(app, EMAIL)
            state = context.storage_state()
            context.close()
            with app.app_context():
                token = new_link(household_of(EMAIL).id, None)
                db.session.commit()
            paths = dict(PAGES, display=f"/display/{token}")
            for name, size, scheme in shots:
                context = browser.new_context(
                    viewport=SIZES[size],
                    color_scheme=scheme,
                    storage_state=None if name in PUBLIC else state,
                )
                page = context.new_page()
                page.goto(base + paths[name])
                target = out / f"{name}-{size}-{scheme}.png"
                page.screenshot(path=str(target))
                print(target)
                context.close()
            browser.close()


if __name__ == "__main__":
    args = [arg for arg in sys.argv[1:] if arg != "--all"]
    every = [(n, s, c) for n in PAGES for s in SIZES for c in ("light", "dark")]
    main(
        Path(args[0]) if args else ROOT / "docs" / "screenshots",
        every if "--all" in sys.argv else README_SHOTS,
    )
