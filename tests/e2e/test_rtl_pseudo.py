"""The week and Today in the pseudo-locale (every string about 30% longer) on a 360 px phone:
no sideways scroll. Then the same pages turned right-to-left (`dir="rtl"`, as Arabic or Hebrew
would be): the CSS uses logical properties, so the page and the tab bar still fit. The RTL
screenshots are saved in the test's tmp dir for a person to look at (issue 18).

Then every page a family reaches (the list of test_every_page.py), in the pseudo-locale at
360 px in light: no sideways scroll with the longer words, and no visible text made only of plain
English words (the pseudo-locale accents every letter it translated, so a string nobody wrapped
stands out). The family's own words (names, the household, a moment's note) are seeded accented
too, so what is left in plain English is interface text, library card words (which have no
pseudo-locale) or dates from Babel's English data; the last two are told apart by the same lists
as the server-side check (tests/test_pseudo_locale.py). One browser and one live server serve
the whole module."""

import re
import threading

import pytest
from werkzeug.serving import make_server

from planner.extensions import db
from planner.models import Child, Household, Moment, User
from tests.e2e.conftest import load_library
from tests.e2e.test_every_page import FAMILY_PAGES, PUBLIC_PAGES
from tests.helpers import TEST_PASSWORD, AuthActions, make_app
from tests.test_pseudo_locale import ALLOWED, DATE_WORDS, SKIPPED_CLASSES, plan_library_week

# The family's own words, accented like the pseudo-locale so they are not taken for English.
ADULT, HOUSEHOLD, CHILD = "Šàɱ", "Ţĥé Šàɱ ĥöûšé", "Ṁîà"
MOMENT_NOTE = "Ŵé ŵàļķéđ ţö ţĥé ŝĥöþ"

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The tab bar and each tab inside the window, and nothing in it overflowing.
TABS_FIT = """
() => {
  const bar = document.querySelector('nav.tabs');
  const width = document.documentElement.clientWidth;
  const boxes = [bar, ...bar.querySelectorAll('a')].map(el => el.getBoundingClientRect());
  return bar.scrollWidth <= bar.clientWidth + 1
    && boxes.every(box => box.left >= -1 && box.right <= width + 1 && box.width > 0);
}
"""


@pytest.fixture(scope="module")
def pseudo_server(tmp_path_factory):
    """The app with the pseudo-locale switched on, served from a thread, with a planned week."""
    tmp_path = tmp_path_factory.mktemp("pseudo")
    app = make_app(tmp_path, PSEUDO_LOCALE=True, WTF_CSRF_ENABLED=True)
    with app.app_context():
        load_library()
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False
    AuthActions(client).register(email="sam@example.com", name=ADULT, household=HOUSEHOLD)
    app.config["WTF_CSRF_ENABLED"] = True
    filled = plan_library_week(app)
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == "sam@example.com")
        ).scalar_one()
        user.language = "en_XA"  # the adult's own setting wins over the browser
        child = db.session.execute(
            db.select(Child).where(Child.household_id == user.household_id)
        ).scalar_one()
        child.name = CHILD
        household = db.session.get(Household, user.household_id)
        db.session.add(
            Moment(
                household_id=household.id,
                practice="teamwork",
                happened_on=household.today(),
                note=MOMENT_NOTE,
                created_by_id=user.id,
                children=[child],
            )
        )
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", filled
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():  # the requests after the first test opened connections of their own
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def phone(pseudo_server, browser):
    base, _filled = pseudo_server
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, color_scheme="light"
    )
    page = context.new_page()
    page.goto(base + "/login")
    page.locator("input[name=email]").fill("sam@example.com")
    page.locator("input[name=password]").fill(TEST_PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    yield page
    context.close()


@pytest.mark.parametrize("name", ["week", "today"])
def test_pseudo_locale_pages_fit_a_phone_left_to_right_and_right_to_left(
    pseudo_server, phone, name, tmp_path
):
    base, filled = pseudo_server
    path = {"week": f"/weeks/{filled['monday']}", "today": "/today"}[name]
    phone.goto(base + path)
    assert phone.evaluate("document.documentElement.lang") == "en-XA"
    assert "[" in phone.locator("main h1").inner_text(), "the page is not in the pseudo-locale"
    assert phone.evaluate(SIDEWAYS) <= 0, f"{path} scrolls sideways in the pseudo-locale"
    assert phone.evaluate(TABS_FIT), "the tab bar does not fit in the pseudo-locale"

    phone.evaluate("document.documentElement.dir = 'rtl'")
    shot = tmp_path / f"{name}-rtl.png"
    phone.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    assert phone.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert phone.evaluate(SIDEWAYS) <= 0, f"{path} scrolls sideways right-to-left"
    assert phone.evaluate(TABS_FIT), "the tab bar does not fit right-to-left"


# The visible text nodes of the page, less code, and text marked with a language of its own (the
# switch's "Español") or inside the library card words' elements.
VISIBLE_TEXT = """
(skipped) => {
  const root = document.documentElement;
  const skip = ['script', 'style', 'code', 'noscript', 'template', 'cite',
                ...skipped.map(name => '.' + name)].join(',');
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.nodeValue.trim();
    const element = walker.currentNode.parentElement;
    if (!text || !element || element.closest(skip)) continue;
    const marked = element.closest('[lang]');
    if (marked && marked !== root) continue;
    if (!element.getClientRects().length) continue;
    if (getComputedStyle(element).visibility === 'hidden') continue;
    found.push(text);
  }
  return found;
}
"""
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
ACCENTED = re.compile(r"[^\x00-\x7f]")
# Addresses are not words: e-mail addresses, links and file names.
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|/\S*|\S+\.(json|csv|ics)\b")


def plain_english(texts: list[str]) -> list[str]:
    """The texts made only of plain (unaccented) English words: strings nobody translated."""
    left = []
    for text in texts:
        words = [
            word
            for word in ENGLISH_WORD.findall(NOT_WORDS.sub(" ", text))
            if word not in ALLOWED | DATE_WORDS
        ]
        if words and not ACCENTED.search(text):
            left.append(text[:80])
    return left


def test_the_checker_tells_untranslated_text_from_pseudo_text_and_the_familys_words():
    assert plain_english(["[Ŝàṽé ~~]", CHILD, "Save", "sam@example.com", "3 min", "Monday"]) == [
        "Save"
    ]


@pytest.fixture(scope="module")
def visitor(pseudo_server, browser):
    """A logged-out phone whose browser asks for the pseudo-locale."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        color_scheme="light",
        locale="en-XA",
    )
    page = context.new_page()
    yield page
    context.close()


def english_and_overflow(page, base, path) -> list[str]:
    """Open `path`; what is wrong with it in the pseudo-locale at 360 px."""
    response = page.goto(base + path)
    assert response.status == 200, path
    assert page.evaluate("document.documentElement.lang") == "en-XA", path
    texts = page.evaluate(VISIBLE_TEXT, sorted(SKIPPED_CLASSES))
    assert sum("[" in text for text in texts) >= 3, f"{path}: no pseudo-locale text read"
    found = [f"plain English: {text!r}" for text in plain_english(texts)]
    overflow = page.evaluate(SIDEWAYS)
    if overflow > 0:
        found.append(f"scrolls sideways by {overflow}px")
    return found


@pytest.mark.parametrize("path", [*FAMILY_PAGES, "/weeks/{monday}", "/today"])
def test_every_family_page_is_translated_and_fits_in_the_pseudo_locale(pseudo_server, phone, path):
    base, filled = pseudo_server
    assert english_and_overflow(phone, base, path.format(**filled)) == []


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_is_translated_and_fits_in_the_pseudo_locale(
    pseudo_server, visitor, path
):
    base, _filled = pseudo_server
    assert english_and_overflow(visitor, base, path) == []
