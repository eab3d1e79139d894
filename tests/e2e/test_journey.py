"""A newcomer's whole journey in a real browser, with JavaScript on and off, and on a phone."""

import re
from datetime import date

from playwright.sync_api import expect

from planner.dates import week_start_for
from tests.e2e.browser import add_child, register

PASSWORD = "a calm family evening"


def plan_week(page, base):
    page.goto(base + "/weeks")
    page.get_by_role("button", name="Plan this week").click()
    expect(page.locator(".days .item").first).to_be_visible()


def test_newcomer_journey(live_server, browser):
    base = live_server
    context = browser.new_context()
    page = context.new_page()
    register(page, base, "robin@example.com")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    add_child(page, base, "Mia", 6)
    add_child(page, base, "Leo", 10)
    expect(page.locator("main")).to_contain_text("Leo")

    plan_week(page, base)
    items = page.locator(".days .item")
    assert items.count() == 5

    # Swap the first item for the first suggestion: Swap lives in the item's menu.
    first = items.nth(0)
    old_title = first.locator(".item-title").inner_text()
    first.locator("summary", has_text="More").click()
    first.get_by_role("link", name=re.compile("^Swap")).click()
    page.get_by_role("button", name=re.compile("^Use this one")).first.click()
    expect(page.locator(".flash")).to_contain_text("Swapped")
    assert old_title not in page.locator(".days").inner_text()

    # Keep the second item when asking for new ideas.
    second = page.locator(".days .item").nth(1)
    second.locator("summary", has_text="More").click()
    second.get_by_role("button", name=re.compile("^Keep this")).click()
    expect(page.locator(".days .item").nth(1)).to_contain_text("Kept")

    # Tick two items with JavaScript on: the page updates in place, no reload.
    page.evaluate("window.__marker = 'still here'")
    third = page.locator(".days .item").nth(2)
    third.get_by_role("button", name="Mark done").click()
    expect(third.locator(".done-badge")).to_be_visible()
    # A done item no longer offers to swap or keep it.
    third.locator("summary", has_text="More").click()
    expect(third.get_by_role("link", name=re.compile("^Swap"))).to_be_hidden()
    expect(third.get_by_role("button", name=re.compile("^Keep this"))).to_be_hidden()
    fourth = page.locator(".days .item").nth(3)
    fourth.locator("summary", has_text="How did it go?").click()
    fourth.get_by_label("Went well").check()
    fourth.locator("textarea").fill("Leo asked me to help and then helped me back.")
    fourth.get_by_role("button", name="Save as done").click()
    expect(fourth.locator(".done-badge")).to_be_visible()
    assert page.evaluate("window.__marker") == "still here", "the page reloaded"
    expect(page.locator("[data-counts]")).to_contain_text("done")
    # The menu leads to the item's page, which moves it to Sunday.
    fifth = page.locator(".days .item").nth(4)
    fifth.locator("summary", has_text="More").click()
    fifth.get_by_role("link", name=re.compile("^Move to another day")).click()
    page.get_by_label("Move to").select_option(index=6)
    page.get_by_role("button", name="Move", exact=True).click()
    expect(page.locator(".days .day").nth(6)).to_contain_text("min")
    page.reload()
    assert page.locator(".days .item .done-badge").count() == 2

    # Progress shows them; the note is in the timeline.
    page.goto(base + "/progress")
    expect(page.locator("main svg").first).to_be_visible()
    page.goto(base + "/progress/notes")
    expect(page.locator("main")).to_contain_text("Leo asked me to help")

    # Print view and library.
    monday = week_start_for(date.today(), 0).isoformat()
    page.goto(f"{base}/weeks/{monday}/print")
    expect(page.locator("body")).to_contain_text("People Need People")
    page.goto(base + "/activities")
    expect(page.locator("main")).to_contain_text("activities")
    page.locator("main a[href^='/activities/']").first.click()
    expect(page.locator("main")).to_contain_text("Say this")

    # Log out: the week is no longer reachable.
    page.get_by_role("button", name="Log out").click()
    page.goto(base + "/weeks")
    expect(page).to_have_url(re.compile(r"/login"))
    context.close()


def test_ticking_off_without_javascript(live_server, browser):
    base = live_server
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    register(page, base, "nojs@example.com", name="Sol")
    add_child(page, base, "Ivy", 8)
    plan_week(page, base)
    item = page.locator(".days .item").nth(0)
    item.get_by_role("button", name="Mark done").click()
    expect(page.locator(".days .item").nth(0).locator(".done-badge")).to_be_visible()
    second = page.locator(".days .item").nth(1)
    second.locator("summary", has_text="How did it go?").click()
    second.locator("textarea").fill("Quiet but good.")
    second.get_by_role("button", name="Save as done").click()
    expect(page.locator(".days .item").nth(1).locator(".done-badge")).to_be_visible()
    assert page.locator(".days .item .done-badge").count() == 2
    context.close()


def test_week_page_on_a_phone(live_server, browser):
    base = live_server
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    register(page, base, "phone@example.com", name="Pat")
    add_child(page, base, "Kit", 4)
    plan_week(page, base)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the week page scrolls sideways by {overflow}px on a phone"
    button = page.locator(".days .item").first.get_by_role("button", name="Mark done")
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44  # the primary action, comfortably tappable
    button.click()
    expect(page.locator(".days .item").first.locator(".done-badge")).to_be_visible()
    context.close()
