"""A real server (gunicorn) and Debian's Chromium driven by Playwright for Python.

These tests FAIL when Chromium is missing: install it with `apt-get install -y chromium`.
"""

import os
import shutil

import pytest
from playwright.sync_api import sync_playwright

from planner.extensions import db
from tests.e2e.browser import add_child, register  # noqa: F401  (older imports)
from tests.helpers import make_app
from tests.servers import gunicorn

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


def load_library() -> None:
    """The real activity library, as `make run` loads it."""
    from planner.library.loader import load_cards
    from planner.library.sync import sync_library

    sync_library(load_cards())
    db.session.commit()


class LiveServer(str):
    """The server's base URL, carrying the app (for reading and seeding its database)."""

    def __new__(cls, base: str, app):
        instance = super().__new__(cls, base)
        instance.app = app
        return instance


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """gunicorn with 2 workers on a fresh database holding the real library."""
    tmp_path = tmp_path_factory.mktemp("live")
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'live.sqlite3'}"
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        load_library()
        db.session.remove()
        db.engine.dispose()
    with gunicorn(url, tmp_path / "instance", workers=2) as base:
        yield LiveServer(base, app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        pytest.fail(
            f"Chromium is required for the browser tests: apt-get install -y chromium ({CHROMIUM})"
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
