"""Screenshots of the main pages on a phone (360 px) and a desktop (1280 px), light and dark, for
the README. It starts the app the way the browser tests do (gunicorn, the real library, a family
registered through the forms, today planned) so the pictures show what the tests check.

Run: .venv/bin/python tools/screenshots.py [OUT_DIR]   (default docs/screenshots)
"""

from __future__ import annotations

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

PAGES = {"landing": "/", "today": "/today", "week": "/weeks", "more": "/more"}
SIZES = {"phone": {"width": 360, "height": 760}, "desktop": {"width": 1280, "height": 860}}
EMAIL = "screens@example.com"


def main(out: Path) -> None:
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
            seed_today(app, EMAIL)
            state = context.storage_state()
            context.close()
            for size, viewport in SIZES.items():
                for scheme in ("light", "dark"):
                    for name, path in PAGES.items():
                        logged_in = name != "landing"
                        context = browser.new_context(
                            viewport=viewport,
                            color_scheme=scheme,
                            storage_state=state if logged_in else None,
                        )
                        page = context.new_page()
                        page.goto(base + path)
                        target = out / f"{name}-{size}-{scheme}.png"
                        page.screenshot(path=str(target), full_page=size == "desktop")
                        print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
                        context.close()
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
