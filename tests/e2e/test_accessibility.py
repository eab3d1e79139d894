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
    "/activities/new",
    "/activities/own",
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
    write_and_archive_a_card(page, live_server)
    yield page
    context.close()


def write_and_archive_a_card(page, base):
    """Two cards of the family's own, one archived, so "Your cards" shows both lists."""
    for title in ("Ask Nana about her garden", "Ask Grandad about trees"):
        page.goto(base + "/activities/new")
        page.get_by_label("Title (an action, 2–7 words)").fill(title)
        page.get_by_label("Youngest age").fill("4")
        page.get_by_label("Oldest age").fill("12")
        page.get_by_label("What to have ready").fill("None")
        page.get_by_label("Steps (one per line, 2 to 5)").fill("Call them.\nAsk what they know.")
        page.get_by_label("Say this").fill("You know about this. Can you help us?")
        page.get_by_label("Why it matters").fill("Asking someone we love is ordinary.")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/activities/own-*")
    page.goto(base + "/activities/own")
    page.get_by_role("button", name="Archive “Ask Grandad about trees”").click()
    page.wait_for_url("**/activities/own")


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
