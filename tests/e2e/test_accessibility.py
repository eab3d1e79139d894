"""axe-core (bundled by axe-playwright-python, no network) finds no violations on the main pages."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from planner.dates import week_start_for
from tests.e2e.conftest import add_child, register

PUBLIC_PAGES = [
    "/",
    "/login",
    "/register",
    "/about",
    "/practices",
    "/practices/teamwork",
    "/activities",
]
MONDAY = week_start_for(date.today(), 0).isoformat()
PRIVATE_PAGES = [
    f"/weeks/{MONDAY}",
    f"/weeks/{MONDAY}/print",
    "/family",
    "/progress",
    "/progress/notes",
    "/moments/new",
    "/household",
    "/account",
    "/export",
    "/welcome",
    "/no-such-page",
]


def violations_on(page, path, axe):
    page.goto(page.base + path)
    results = axe.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]


@pytest.fixture(scope="module")
def pages(live_server, browser):
    context = browser.new_context(bypass_csp=True)  # lets axe's script run; CSP is tested elsewhere
    page = context.new_page()
    page.base = live_server
    register(page, live_server, "axe@example.com", name="Ash")
    add_child(page, live_server, "Bea", 7)
    page.goto(f"{live_server}/weeks/{MONDAY}")
    page.get_by_role("button", name="Plan this week").click()
    yield page
    context.close()


@pytest.mark.parametrize("path", PRIVATE_PAGES)
def test_logged_in_pages_have_no_axe_violations(pages, path):
    assert violations_on(pages, path, Axe()) == []


def test_public_pages_have_no_axe_violations(live_server, browser):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.base = live_server
    found = {path: violations_on(page, path, Axe()) for path in PUBLIC_PAGES}
    page.goto(live_server + "/activities")
    card = page.locator("main a[href^='/activities/']").first.get_attribute("href")
    found[card] = violations_on(page, card, Axe())
    context.close()
    assert {path: v for path, v in found.items() if v} == {}
