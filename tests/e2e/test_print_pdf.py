"""The printed week is exactly one page on A4 and on US Letter, even with 14 long titles."""

import io
from datetime import date, timedelta

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from planner.dates import week_start_for
from planner.extensions import db
from planner.models import PlanItem, Week
from tests.e2e.browser import register
from tests.helpers import card, household_of

MONDAY = week_start_for(date.today(), 0)
LONG_TITLE = "Ask your teenager to plan the whole family picnic route"


def fill_week(app, email, count):
    """`count` items with long titles and long say-this lines, spread over the week."""
    with app.app_context():
        household = household_of(email)
        week = Week(household_id=household.id, week_start=MONDAY)
        db.session.add(week)
        db.session.flush()
        for index in range(count):
            activity = card(
                f"print-{email.split('@')[0]}-{index}",
                f"{LONG_TITLE} {index}",
                ("ask-for-help", "teamwork", "connection")[index % 3],
                household_id=household.id,
                minutes=30,
                say="I'm not sure how to do this part — would you show me how you would start it?",
                why="Because.",
            )
            db.session.add(activity)
            db.session.flush()
            day = MONDAY + timedelta(days=index % 7)
            db.session.add(
                PlanItem(
                    household_id=household.id, week_id=week.id, activity_id=activity.id, day=day
                )
            )
        db.session.commit()


@pytest.fixture(scope="module")
def printed(live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    register(page, live_server, "printer@example.com", name="Prin")
    fill_week(live_server.app, "printer@example.com", 14)
    yield page
    context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_full_week_prints_on_exactly_one_page(live_server, printed, paper):
    printed.goto(f"{live_server}/weeks/{MONDAY.isoformat()}/print")
    pdf = printed.pdf(format=paper, print_background=True, prefer_css_page_size=False)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1, f"{paper}: {len(reader.pages)} pages"
    text = reader.pages[0].extract_text()
    assert "Prin's family" in text
    assert f"{LONG_TITLE} 13" in text.replace("\n", " ")
    assert "People Need People" in text.replace("\n", " ")


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_normal_week_page_prints_without_navigation(live_server, printed, paper):
    printed.goto(f"{live_server}/weeks/{MONDAY.isoformat()}")
    printed.emulate_media(media="print")
    assert not printed.locator(".site-header").is_visible()
    assert not printed.get_by_role("button", name="Mark done").first.is_visible()
    printed.emulate_media(media=None)
    reader = PdfReader(io.BytesIO(printed.pdf(format=paper)))
    assert len(reader.pages) <= 2, f"the 14-item week page prints on {len(reader.pages)} pages"
    text = reader.pages[0].extract_text()
    assert f"{LONG_TITLE} 0" in text.replace("\n", " ")
    assert "Log out" not in text and "Mark done" not in text and "Next week" not in text


def test_the_qr_code_encodes_the_essay_address(live_server, printed):
    printed.goto(f"{live_server}/weeks/{MONDAY.isoformat()}/print")
    image = Image.open(io.BytesIO(printed.locator(".qr-box").screenshot(scale="device")))
    image = image.resize((image.width * 4, image.height * 4))
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    assert decoded == [live_server.app.config["ESSAY_URL"]]
