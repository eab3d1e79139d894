"""axe-core (bundled by axe-playwright-python, no network) finds no violations on the main pages."""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from planner.dates import week_start_for
from tests.e2e.browser import add_child, register

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
    "/family/members",
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
        page.get_by_text("More details").click()  # the optional fields are folded away
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


def linked_pages(page, base) -> dict[str, str]:
    """The pages a family reaches from links and buttons (ids come from the live household)."""
    page.goto(f"{base}/weeks/{MONDAY}")
    links = page.locator("main a[href^='/items/']").evaluate_all("els => els.map(e => e.pathname)")
    item = next(link for link in links if re.fullmatch(r"/items/\d+", link))
    page.goto(base + "/family")
    child_edit = page.locator("main a[href*='/family/children/'][href$='/edit']").first
    child = child_edit.get_attribute("href").rsplit("/", 1)[0]
    page.goto(base + "/moments/new")
    page.get_by_label("Validate their need for connection").check()
    page.get_by_label("What happened? (optional)").fill("Bea asked for a hug after school.")
    page.get_by_role("button", name="Save moment").click()
    page.goto(base + "/moments")
    moment = page.locator("main a[href^='/moments/'][href$='/edit']").first.get_attribute("href")
    page.goto(base + "/activities/own")
    card = page.locator("main a[href^='/activities/own-']").first.get_attribute("href")
    page.goto(base + "/family/members")
    page.get_by_role("button", name="Create invite link").click()
    invite = page.locator("#invite-link").input_value()
    return {
        "item page": item,
        "swap": item + "/swap",
        "remove item": item + "/remove",
        "add an activity": f"/weeks/{MONDAY}/add",
        "printable cards": f"/weeks/{MONDAY}/cards",
        "edit child": child + "/edit",
        "remove child": child + "/remove",
        "moments": "/moments",
        "edit moment": moment,
        "delete moment": moment.rsplit("/", 1)[0] + "/delete",
        "edit own card": card + "/edit",
        "import": "/import",
        "invite, seen logged in": invite.removeprefix(base),
    }


def test_pages_reached_from_links_have_no_axe_violations(pages):
    paths = linked_pages(pages, pages.base)
    found = {}
    for name, path in paths.items():
        assert pages.goto(pages.base + path).status == 200, f"{name}: {path}"
        found[name] = violations_on(pages, path, Axe())
    assert {name: v for name, v in found.items() if v} == {}


def test_forms_showing_errors_have_no_axe_violations(pages):
    """Error messages are where forms usually lose their labels and descriptions."""
    found = {}
    for path, button in (
        ("/activities/new", "Save card"),
        ("/moments/new", "Save moment"),
        ("/family", "Add child"),
    ):
        pages.goto(pages.base + path)
        pages.get_by_role("button", name=button).first.click()
        assert pages.locator(".error, .form-errors").count() > 0, f"{path} showed no error"
        found[path] = Axe().run(pages).response["violations"]
    assert {path: [v["id"] for v in found[path]] for path in found if found[path]} == {}
