"""Issue 17 on a 360 px phone: progress, the library, a card, getting started and the own-card
form never scroll sideways; chart text is at least 12 px; the new pages pass axe."""

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from planner.dates import week_start_for
from planner.extensions import db
from planner.models import Moment, User
from tests.e2e.conftest import register

PHONE = {"width": 360, "height": 740}
PAGES = [
    "/progress",
    "/progress?range=all",
    "/activities",
    "/activities?fit=all",
    "/activities/new",
    "/family",
    "/family/start/children",
    "/family/start/rhythm",
    "/family/start/plan",
    "/welcome",
]


@pytest.fixture(scope="module")
def phone(live_server, browser):
    """A family that went through the three steps, planned, and has two years of moments."""
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # bypass: axe's script
    page = context.new_page()
    page.base = live_server
    register(page, live_server, "phone@example.com", name="Pat")
    page.get_by_role("link", name="Start: add your children").click()
    page.get_by_label("Name or nickname").fill("Bea")
    page.get_by_label("Birth month").select_option("5")
    page.get_by_label("Birth year").fill(str(date.today().year - 7))
    page.get_by_role("button", name="Add child").click()
    page.get_by_role("link", name="Next: your week's rhythm").click()
    page.get_by_role("button", name="Next: plan your first week").click()
    page.get_by_role("button", name="Plan our first week").click()
    page.wait_for_url("**/weeks/*")
    with live_server.app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == "phone@example.com")
        ).scalar_one()
        monday = week_start_for(date.today(), 0)
        for weeks_ago in range(1, 100, 3):
            db.session.add(
                Moment(
                    household_id=user.household_id,
                    practice="teamwork",
                    happened_on=monday - timedelta(weeks=weeks_ago),
                    note="",
                )
            )
        user.household.data_version += 1
        db.session.commit()
        db.session.remove()
    yield page
    context.close()


def overflow(page) -> int:
    """How many pixels the page is wider than the screen (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_at_360_px(phone, path):
    assert phone.goto(phone.base + path).status == 200
    assert overflow(phone) <= 0, f"{path} is {overflow(phone)} px too wide"


def test_a_card_page_fits_and_offers_days(phone):
    phone.goto(phone.base + "/activities")
    phone.locator(".card-tile h3 a").first.click()
    assert overflow(phone) <= 0
    assert phone.get_by_role("link", name="← Back to this week").is_visible()


def test_chart_labels_are_at_least_12_px_on_a_phone(phone):
    phone.goto(phone.base + "/progress?range=all")
    sizes = phone.evaluate(
        """() => [...document.querySelectorAll('svg.chart')].map(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const text = svg.querySelector('text');
            return parseFloat(getComputedStyle(text).fontSize) * scale;
        })"""
    )
    assert len(sizes) == 2
    assert min(sizes) >= 12, sizes


def test_the_data_table_scrolls_in_its_own_box(phone):
    phone.goto(phone.base + "/progress")
    box = phone.locator(".table-scroll")
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    widths = box.evaluate("el => [el.clientWidth, el.scrollWidth]")
    assert widths[0] <= PHONE["width"]


@pytest.mark.parametrize("path", PAGES)
def test_new_pages_have_no_axe_violations_on_a_phone(phone, path):
    phone.goto(phone.base + path)
    violations = Axe().run(phone).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
