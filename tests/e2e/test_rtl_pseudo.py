"""The week and Today in the pseudo-locale (every string about 30% longer) on a 360 px phone:
no sideways scroll. Then the same pages turned right-to-left (`dir="rtl"`, as Arabic or Hebrew
would be): the CSS uses logical properties, so the page and the tab bar still fit. The RTL
screenshots are saved in the test's tmp dir for a person to look at (issue 18)."""

import threading

import pytest
from werkzeug.serving import make_server

from planner.extensions import db
from planner.models import User
from tests.e2e.conftest import load_library
from tests.helpers import TEST_PASSWORD, AuthActions, make_app
from tests.test_pseudo_locale import plan_library_week

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
    AuthActions(client).register(email="sam@example.com", name="Sam")
    app.config["WTF_CSRF_ENABLED"] = True
    filled = plan_library_week(app)
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == "sam@example.com")
        ).scalar_one()
        user.language = "en_XA"  # the adult's own setting wins over the browser
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
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
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
