"""Issue 17's page weight, as a phone's browser loads it: Today and a full week, with every
stylesheet, script, image, the icon sprite and the manifest the page fetches, stay under 80 KB
(the bytes after unpacking, so gzip does not flatter them), and nothing comes from another site.

tests/test_today.py adds up the files the HTML names; this counts what Chromium really fetched,
including what scripts load later (the worker registers after load, so the test waits for it).
"""

from datetime import date
from urllib.parse import urlsplit

import pytest

from planner.dates import week_start_for
from tests.e2e.browser import add_child, register
from tests.e2e.test_phone import seed_today

LIMIT = 80 * 1024
MONDAY = week_start_for(date.today(), 0).isoformat()
EMAIL = "weight@example.com"


@pytest.fixture(scope="module")
def family(live_server, browser):
    """Three children, this week planned in full, and today's and tomorrow's activities."""
    context = browser.new_context()
    page = context.new_page()
    register(page, live_server, EMAIL, name="Kit")
    for name, age in (("Ada", 4), ("Ben", 8), ("Cy", 12)):
        add_child(page, live_server, name, age)
    page.goto(f"{live_server}/weeks/{MONDAY}")
    page.get_by_role("button", name="Plan this week").click()
    page.wait_for_load_state()
    seed_today(live_server.app, EMAIL)
    state = context.storage_state()
    context.close()
    return state


def load(browser, base, path, state):
    """Open the page in a fresh phone-sized context; answer (bytes per URL, every URL asked for)."""
    context = browser.new_context(viewport={"width": 360, "height": 760}, storage_state=state)
    asked, fetched = [], {}
    context.on("request", lambda request: asked.append(request.url))
    page = context.new_page()
    page.on("requestfinished", lambda request: fetched.setdefault(request.url, request))
    try:
        response = page.goto(base + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        page.wait_for_function("navigator.serviceWorker.getRegistration().then(Boolean)")
        page.wait_for_load_state("networkidle")
        sizes = {}
        for url, request in fetched.items():
            answer = request.response()
            sizes[url] = len(answer.body()) if answer and answer.status == 200 else 0
        return sizes, asked
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/today", f"/weeks/{MONDAY}"])
def test_the_page_with_everything_it_loads_stays_under_80_kb(live_server, browser, family, path):
    sizes, asked = load(browser, live_server, path, family)
    total = sum(sizes.values())
    print(f"\n{path}: {total} bytes in {len(sizes)} files")
    for url, size in sorted(sizes.items(), key=lambda pair: -pair[1]):
        print(f"  {size:>7}  {urlsplit(url).path}")
    assert live_server + path in sizes
    assert any(url.endswith(".css") or ".css?" in url for url in sizes)
    assert any(".js?" in url for url in sizes)
    assert total < LIMIT, total
    # Heavy enough to mean something: a planned week, its styles and scripts.
    assert total > 30 * 1024, total


@pytest.mark.parametrize("path", ["/today", f"/weeks/{MONDAY}", "/"])
def test_nothing_is_fetched_from_another_site(live_server, browser, family, path):
    _, asked = load(browser, live_server, path, family if path != "/" else None)
    origin = urlsplit(live_server)
    elsewhere = [u for u in asked if not u.startswith("data:") and urlsplit(u)[:2] != origin[:2]]
    assert asked and elsewhere == []
