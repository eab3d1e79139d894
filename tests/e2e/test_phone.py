"""Today, the landing page and the week on a 360 px phone and a 1280 px screen, light and dark:
no sideways scrolling, big enough targets, no axe violations; and the app working offline."""

import time
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from planner import items
from planner.extensions import db
from planner.household import week_of as family_week
from planner.models import Activity, FormKey, PlanItem
from tests.e2e.conftest import register
from tests.helpers import household_of

SIZES = {"phone": {"width": 360, "height": 760}, "desktop": {"width": 1280, "height": 800}}
SCHEMES = ("light", "dark")
# The primary actions of these pages: each at least 44×44 CSS pixels.
PRIMARY = ".tabs a, .button-done, .rate-button, .button-primary, main .button"

# Every visible control's box, minus links inside a sentence (WCAG 2.2 exempts them) and
# visually-hidden helpers. Answers [[description, width, height], ...].
TARGETS_JS = """
(selector) => Array.from(document.querySelectorAll(selector)).filter((el) => {
  const box = el.getBoundingClientRect();
  if (box.width <= 1 || box.height <= 1 || el.closest('[hidden]')) return false;
  if (el.closest('.skip-link') || el.matches('.skip-link')) return false;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden') return false;
  if (style.display === 'inline') {
    const block = el.parentElement.closest('p, li, dd, td, figcaption, label, span');
    if (block && block.textContent.trim().length > el.textContent.trim().length) return false;
  }
  return true;
}).map((el) => [el.outerHTML.slice(0, 90), Math.round(el.getBoundingClientRect().width),
                Math.round(el.getBoundingClientRect().height)])
"""
CONTROLS = "a[href], button, input:not([type=hidden]), select, textarea, summary"


def seed_today(app, email):
    """Two activities today, one tomorrow and a watch-for card, from the real library: cards the
    family's weeks don't hold yet (a week planned at random may hold any card)."""
    with app.app_context():
        household = household_of(email)
        today = household.today()
        planned = db.select(PlanItem.activity_id).where(PlanItem.household_id == household.id)
        unplanned = db.select(Activity).where(
            Activity.household_id.is_(None), Activity.id.not_in(planned)
        )
        cards = db.session.execute(
            unplanned.where(Activity.kind == "activity").order_by(Activity.slug).limit(3)
        ).scalars()
        watch = db.session.execute(
            unplanned.where(Activity.kind == "watch-for").order_by(Activity.slug).limit(1)
        ).scalar_one()
        placed = []
        for card, day in zip(cards, (today, today, today + timedelta(days=1)), strict=True):
            week = items.get_or_create_week(household.id, family_week(household, day))
            placed.append(items.add(week, card, day))
        week = items.get_or_create_week(household.id, family_week(household, today))
        items.add(week, watch, today)
        db.session.commit()
        return [item.id for item in placed]


@pytest.fixture(scope="module")
def family(live_server, browser):
    """A registered family with today planned; its browser state is reused by every check."""
    context = browser.new_context()
    page = context.new_page()
    register(page, live_server, "phone-e2e@example.com", name="Pat")
    ids = seed_today(live_server.app, "phone-e2e@example.com")
    state = context.storage_state()
    context.close()
    return state, ids


def open_page(browser, base, path, size, scheme, state=None):
    context = browser.new_context(
        viewport=SIZES[size], color_scheme=scheme, storage_state=state, bypass_csp=True
    )
    page = context.new_page()
    response = page.goto(base + path)
    assert response.status == 200, path
    return context, page


def problems_on(page, size):
    """Sideways scroll, small targets and axe violations on the page as it is now."""
    found = []
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if overflow > 0:
        found.append(f"scrolls sideways by {overflow}px")
    for html, width, height in page.evaluate(TARGETS_JS, CONTROLS):
        if width < 24 or height < 24:
            found.append(f"target {width}×{height} < 24: {html}")
    for html, width, height in page.evaluate(TARGETS_JS, PRIMARY):
        if width < 44 or height < 44:
            found.append(f"primary action {width}×{height} < 44: {html}")
    for violation in Axe().run(page).response["violations"]:
        targets = [node["target"] for node in violation["nodes"]][:3]
        found.append(f"axe {violation['id']}: {violation['help']} {targets}")
    return found


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["/today", "/weeks", "/more"])
def test_app_pages_fit_and_pass_axe(live_server, browser, family, path, size, scheme):
    state, _ = family
    context, page = open_page(browser, live_server, path, size, scheme, state)
    try:
        assert problems_on(page, size) == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["/", "/offline"])
def test_public_pages_fit_and_pass_axe(live_server, browser, path, size, scheme):
    context, page = open_page(browser, live_server, path, size, scheme)
    try:
        assert problems_on(page, size) == []
    finally:
        context.close()


def test_the_tab_bar_sits_at_the_bottom_on_a_phone_and_the_top_on_a_desktop(
    live_server, browser, family
):
    state, _ = family
    for size, at_bottom in (("phone", True), ("desktop", False)):
        context, page = open_page(browser, live_server, "/today", size, "light", state)
        box = page.locator("nav.tabs").bounding_box()
        bottom = box["y"] + box["height"]
        assert (bottom >= SIZES[size]["height"] - 1) is at_bottom, (size, box)
        current = page.locator("nav.tabs a[aria-current=page]")
        expect(current).to_have_count(1)
        expect(current).to_contain_text("Today")
        context.close()


def test_done_then_one_tap_rating_without_a_reload(live_server, browser, family):
    state, ids = family
    context, page = open_page(browser, live_server, "/today", "phone", "light", state)
    page.evaluate("window.__marker = 'same page'")
    card = page.locator(f"#item-{ids[1]}")
    card.get_by_role("button", name="Done").click()
    expect(card.get_by_role("button", name="Went well")).to_be_visible()
    card.get_by_role("button", name="Went well").click()
    expect(card.get_by_role("button", name="Went well")).to_have_attribute("aria-pressed", "true")
    assert page.evaluate("window.__marker") == "same page"
    with live_server.app.app_context():
        item = db.session.get(PlanItem, ids[1])
        assert item.done_at is not None and item.rating == 3
    context.close()


def wait_for_offline_copies(page):
    """The worker controls the page and holds Today and this week."""
    page.evaluate("navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    saved = (
        "caches.open('pages-v1').then(c => Promise.all([c.match('/today'), c.match('/weeks')]))"
        ".then(found => found.every(Boolean))"
    )
    deadline = time.monotonic() + 15
    while not page.evaluate(saved):  # evaluate awaits the promise (wait_for_function would not)
        assert time.monotonic() < deadline, "Today and this week were not saved on the device"
        page.wait_for_timeout(200)


def test_offline_today_loads_a_tick_is_kept_and_sent_once_back_online(live_server, browser, family):
    state, ids = family
    context, page = open_page(browser, live_server, "/today", "phone", "light", state)
    wait_for_offline_copies(page)
    card_link = page.locator(f"#item-{ids[0]} .today-title a")
    card_title = card_link.inner_text()
    card_path = card_link.get_attribute("href")
    page.goto(live_server + card_path)  # a card opened online is kept for later
    page.goto(live_server + "/today")

    context.set_offline(True)
    opened = page.goto(live_server + card_path)
    assert opened.from_service_worker
    expect(page.locator("h1")).to_contain_text(card_title)
    never_opened = page.goto(live_server + "/activities?page=3")
    assert never_opened.from_service_worker
    expect(page.locator("h1")).to_contain_text("You're offline")
    response = page.goto(live_server + "/today")
    assert response.from_service_worker
    expect(page.locator("#offline-banner")).to_be_visible()
    card = page.locator(f"#item-{ids[0]}")
    card.get_by_role("button", name="Done").click()
    expect(card.locator("[data-entry-status]")).to_contain_text("will sync")
    expect(page.locator("#sync-status")).to_contain_text("1 tick saved on this phone")
    with live_server.app.app_context():
        assert db.session.get(PlanItem, ids[0]).done_at is None  # nothing reached the server
    week = page.goto(live_server + "/weeks")
    assert week.from_service_worker
    expect(page.locator("h1")).to_contain_text("Week")

    page.goto(live_server + "/today")  # the saved copy again; the tick is still queued
    expect(page.locator(f"#item-{ids[0]} [data-entry-status]")).to_contain_text("will sync")
    context.set_offline(False)
    expect(page.locator("#sync-status")).to_contain_text("Everything is saved", timeout=15000)
    with live_server.app.app_context():
        household_id = db.session.get(PlanItem, ids[0]).household_id
        assert db.session.get(PlanItem, ids[0]).done_at is not None
        keys = db.session.execute(
            db.select(db.func.count())
            .select_from(FormKey)
            .where(FormKey.household_id == household_id)
        ).scalar()
    page.reload()  # a second load finds the queue empty: nothing is sent twice
    page.wait_for_load_state("networkidle")
    assert (
        page.evaluate(
            "new Promise(r => { const q = indexedDB.open('together'); q.onsuccess = () =>"
            " { const s = q.result.transaction('queued-ticks').objectStore('queued-ticks').count();"
            " s.onsuccess = () => r(s.result); }; })"
        )
        == 0
    )
    with live_server.app.app_context():
        assert (
            db.session.execute(
                db.select(db.func.count())
                .select_from(FormKey)
                .where(FormKey.household_id == household_id)
            ).scalar()
            == keys
        )
    context.close()


def test_the_app_is_installable(live_server, browser, family):
    """Chromium's own check: the manifest parses with no errors and names usable icons."""
    state, _ = family
    context, page = open_page(browser, live_server, "/today", "phone", "light", state)
    page.evaluate("navigator.serviceWorker.ready")
    session = context.new_cdp_session(page)
    manifest = session.send("Page.getAppManifest")
    assert manifest["errors"] == [], manifest["errors"]
    assert manifest["url"].endswith("/manifest.webmanifest")
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A Playwright context is an incognito profile, where Chromium never offers installing;
    # every other criterion (manifest, icons, worker, start URL in scope) is checked.
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("size", SIZES)
def test_the_family_display_fits_and_passes_axe(live_server, browser, family, size, scheme):
    from planner.display.links import new_link

    with live_server.app.app_context():
        household = household_of("phone-e2e@example.com")
        token = new_link(household.id, None)
        db.session.commit()
    context, page = open_page(browser, live_server, f"/display/{token}", size, scheme)
    try:
        assert problems_on(page, size) == []
        assert page.locator("form, button, input").count() == 0
        expect(page.locator(".display-day.is-today")).to_have_count(1)
        font_px = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.display-item')).fontSize)"
        )
        assert font_px >= 18  # big type, readable across a kitchen
    finally:
        context.close()
