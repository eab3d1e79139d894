"""The week, print and cards pages on a 360 px phone: no sideways scroll, buttons at least 44 px
tall, every target at least 24 px, "Hard going" on the line of its radio, and a ticked item
without its swap and keep actions (issue 17)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from planner.dates import week_start_for
from tests.e2e.conftest import add_child, register

MONDAY = week_start_for(date.today(), 0).isoformat()

# Targets smaller than 24 px, ignoring links inside running text (WCAG 2.2's inline exception)
# and elements that are not shown.
SMALL_TARGETS = """
() => [...document.querySelectorAll('main a, main button, main summary, main input, main select')]
  .filter(el => el.offsetParent !== null && el.type !== 'hidden')
  .filter(el => !(el.tagName === 'A' && el.closest('p, li.moment, .hint, footer')
                  && !el.classList.contains('button')))
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.width < 24 || box.height < 24)
  .map(([el, box]) => `${el.tagName} "${(el.textContent || el.name || '').trim().slice(0, 40)}"`
                      + ` ${Math.round(box.width)}x${Math.round(box.height)}`)
"""
SHORT_BUTTONS = """
() => [...document.querySelectorAll('main .button, main button, main .item-menu > summary')]
  .filter(el => el.offsetParent !== null)
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.height < 44)
  .map(([el, box]) => `${(el.textContent || '').trim().slice(0, 40)} ${Math.round(box.height)}`)
"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture(scope="module")
def phone(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    register(page, live_server, "small@example.com", name="Noor")
    add_child(page, live_server, "Ada", 5)
    add_child(page, live_server, "Ben", 9)
    page.goto(f"{live_server}/weeks/{MONDAY}")
    page.get_by_role("button", name="Plan this week").click()
    expect(page.locator(".days .item").first).to_be_visible()
    yield page
    context.close()


@pytest.mark.parametrize(
    "path", [f"/weeks/{MONDAY}", f"/weeks/{MONDAY}/print", f"/weeks/{MONDAY}/cards"]
)
def test_no_sideways_scroll_on_a_360px_phone(live_server, phone, path):
    phone.goto(live_server + path)
    assert phone.evaluate(SIDEWAYS) <= 0, f"{path} scrolls sideways on a 360 px phone"


def test_week_buttons_and_targets_are_big_enough(live_server, phone):
    phone.goto(f"{live_server}/weeks/{MONDAY}")
    # Open every menu and "how did it go" so their contents are measured too.
    for summary in phone.locator("main details > summary").all():
        summary.click()
    assert phone.evaluate(SHORT_BUTTONS) == []
    assert phone.evaluate(SMALL_TARGETS) == []


def test_hard_going_stays_beside_its_radio(live_server, phone):
    phone.goto(f"{live_server}/weeks/{MONDAY}")
    item = phone.locator(".days .item").first
    item.locator("summary", has_text="How did it go?").click()
    radio = item.get_by_role("radio", name="Hard going")
    label = item.locator("label", has_text="Hard going")
    radio_box, label_box = radio.bounding_box(), label.bounding_box()
    radio_middle = radio_box["y"] + radio_box["height"] / 2
    # One line: the label (radio and words) is no taller than its 44 px row, radio inside it.
    assert label_box["height"] <= 44.5
    assert label_box["y"] <= radio_middle <= label_box["y"] + label_box["height"]
    assert label_box["x"] + label_box["width"] > radio_box["x"] + radio_box["width"] + 20


def test_a_ticked_item_hides_swap_and_keep(live_server, phone):
    phone.goto(f"{live_server}/weeks/{MONDAY}")
    item = phone.locator(".days .item").nth(1)
    item.get_by_role("button", name="Mark done").click()
    expect(item.locator(".done-badge")).to_be_visible()
    item.locator("summary", has_text="More").click()
    expect(item.get_by_role("link", name="Swap for another idea")).to_be_hidden()
    expect(item.get_by_role("button", name="Keep this when you ask for new ideas")).to_be_hidden()
    expect(item.get_by_role("link", name="Remove from the week")).to_be_visible()


def test_print_button_uses_the_browsers_print(live_server, phone):
    phone.goto(f"{live_server}/weeks/{MONDAY}")
    phone.evaluate(
        "() => { window.__printed = 0; window.print = () => { window.__printed += 1; }; }"
    )
    phone.get_by_role("link", name="Print").click()
    assert phone.evaluate("window.__printed") == 1
    assert phone.url.endswith(f"/weeks/{MONDAY}")  # no navigation with the script on
    phone.goto(f"{live_server}/weeks/{MONDAY}/print")
    expect(phone.get_by_role("button", name="Print")).to_be_visible()
