"""The Today page: today's activities with one Done button, the say-this line first, the rating
as one tap, this week's watch-fors, tomorrow; ticks that count once however often they are sent."""

import json
import re
from datetime import date, datetime, timedelta

import pytest

from planner import clock, items
from planner.extensions import db
from planner.forms import RATINGS
from planner.models import Activity, FormKey, PlanItem, Ritual
from planner.today.forms import QUICK_RATINGS
from tests.helpers import AuthActions, csrf_token_from, household_of, make_activities

MONDAY = date(2026, 11, 30)
WEDNESDAY_NOON = datetime(2026, 12, 2, 12)  # UTC; the family's zone is UTC unless a test says so
KEY = "0b6f3c1e-8e0a-4f55-9a55-3c3f2b8a1d10"
OTHER_KEY = "6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c"


def seed_week(app, email="sam@example.com"):
    """This week: two cards on Wednesday, one on Thursday, one watch-for card; ids by role."""
    with app.app_context():
        household = household_of(email)
        cards = make_activities(6, household_id=None, prefix=f"t{household.id}")
        cards[5].kind = "watch-for"
        cards[5].title = "Notice when they ask"
        week = items.get_or_create_week(household.id, MONDAY)
        first = items.add(week, cards[0], MONDAY + timedelta(days=2))
        second = items.add(week, cards[1], MONDAY + timedelta(days=2))
        later = items.add(week, cards[2], MONDAY + timedelta(days=3))
        monday = items.add(week, cards[3], MONDAY)
        watch = items.add(week, cards[5], MONDAY + timedelta(days=1))
        db.session.commit()
        return {
            "first": first.id,
            "second": second.id,
            "tomorrow": later.id,
            "monday": monday.id,
            "watch": watch.id,
            "cards": [card.slug for card in cards],
        }


@pytest.fixture
def family(app, client, auth):
    auth.register()
    return client, seed_week(app)


def item_row(app, item_id) -> PlanItem:
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        db.session.expunge(item)
        return item


def section(page: str, heading_id: str) -> str:
    """The HTML of the <section> labelled by `heading_id`."""
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_logging_in_lands_on_today(client, auth):
    auth.register()
    auth.logout()
    assert auth.login().headers["Location"] == "/today"


def test_today_needs_a_login(client):
    response = client.get("/today")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_today_shows_todays_items_with_the_say_line_first_and_one_done_button(family):
    client, ids = family
    with clock.frozen(WEDNESDAY_NOON):
        page = client.get("/today").text
    today = section(page, "today-heading")
    assert "Activity number 0" in today and "Activity number 1" in today
    assert "Activity number 2" not in today and "Activity number 3" not in today
    # The say-this line comes before the card's title.
    assert today.index("Let&#39;s do number 0 together.") < today.index("Activity number 0")
    assert today.count(f'action="/today/items/{ids["first"]}/done"') == 2  # Done, and its undo
    assert today.count('class="button button-done"') == 2
    assert "Wednesday 2 December" in page


def test_tomorrow_and_the_watch_fors_have_their_own_places(family):
    client, ids = family
    with clock.frozen(WEDNESDAY_NOON):
        page = client.get("/today").text
    assert "Activity number 2" in section(page, "tomorrow-heading")
    watch = section(page, "watch-heading")
    assert "Notice when they ask" in watch
    assert "Notice when they ask" not in section(page, "today-heading")
    assert f"/today/items/{ids['watch']}/done" not in page


def test_a_grown_ups_card_is_never_a_days_item_on_today(app, family):
    """The adults' own practice has its place on the week page ("For you"), not a day's Done."""
    client, ids = family
    with app.app_context():
        card = db.session.get(PlanItem, ids["first"]).activity
        card.kind = "grown-ups"
        db.session.commit()
    with clock.frozen(WEDNESDAY_NOON):
        page = client.get("/today").text
    today = section(page, "today-heading")
    assert "Activity number 0" not in today and "Activity number 1" in today
    assert f"/today/items/{ids['first']}/done" not in page


def test_tomorrow_in_next_week_is_read_from_next_week(app, client, auth):
    auth.register()
    seed_week(app)
    with app.app_context():
        household = household_of("sam@example.com")
        card = make_activities(1, prefix="next")[0]
        week = items.get_or_create_week(household.id, MONDAY + timedelta(days=7))
        items.add(week, card, MONDAY + timedelta(days=7))
        db.session.commit()
    with clock.frozen(datetime(2026, 12, 6, 12)):  # Sunday
        page = client.get("/today").text
    assert "Activity number 0" in section(page, "tomorrow-heading")  # the "next-0" card
    assert "Monday" in section(page, "tomorrow-heading")


def test_today_follows_the_familys_time_zone(app, family):
    client, ids = family
    with app.app_context():
        household_of("sam@example.com").timezone = "Pacific/Kiritimati"  # UTC+14
        db.session.commit()
    with clock.frozen(datetime(2026, 12, 2, 11)):  # Wednesday 11:00 UTC is Thursday there
        page = client.get("/today").text
    assert "Activity number 2" in section(page, "today-heading")
    assert "Thursday 3 December" in page


def test_done_ticks_the_item_and_comes_back_to_today(app, family):
    client, ids = family
    with clock.frozen(WEDNESDAY_NOON):
        response = client.post(f"/today/items/{ids['first']}/done", data={"done": "1", "key": KEY})
        assert response.status_code == 302
        assert response.headers["Location"] == f"/today#item-{ids['first']}"
        page = client.get("/today").text
    assert item_row(app, ids["first"]).done_at == WEDNESDAY_NOON
    card = page[page.index(f'id="item-{ids["first"]}"') :]
    card = card[: card.index("</li>")]
    # Done now: the rating is one tap away and the Done button is hidden.
    assert re.search(r'class="when-todo" data-when="todo" hidden', card)
    assert 'name="rating" value="3"' in card and "Went well" in card and "Hard going" in card


def test_the_rating_is_one_tap_after_done(app, family):
    client, ids = family
    client.post(f"/today/items/{ids['first']}/done", data={"done": "1"})
    response = client.post(f"/today/items/{ids['first']}/rating", data={"rating": "1"})
    assert response.headers["Location"] == f"/today#item-{ids['first']}"
    assert item_row(app, ids["first"]).rating == 1
    with clock.frozen(WEDNESDAY_NOON):
        page = client.get("/today").text
    assert 'value="1" class="button button-quiet rate-button" aria-pressed="true"' in page


@pytest.mark.parametrize("rating", ["", "2", "9", "well"])
def test_a_rating_outside_the_two_taps_is_refused(app, family, rating):
    client, ids = family
    response = client.post(
        f"/today/items/{ids['first']}/rating",
        data={"rating": rating},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert item_row(app, ids["first"]).rating is None


def test_the_script_gets_json(app, family):
    client, ids = family
    response = client.post(
        f"/today/items/{ids['first']}/done",
        data={"done": "1", "key": KEY},
        headers={"Accept": "application/json"},
    )
    assert response.json == {
        "ok": True,
        "saved": True,
        "item": {"id": ids["first"], "done": True, "rating": None},
    }


def test_a_tick_sent_again_with_its_key_counts_once(app, family):
    """A queued offline tick may arrive twice, or after the family changed their mind online."""
    client, ids = family
    url = f"/today/items/{ids['first']}/done"
    json_headers = {"Accept": "application/json"}
    assert client.post(url, data={"done": "1", "key": KEY}).status_code == 302
    client.post(url, data={"done": "0", "key": OTHER_KEY})
    replay = client.post(url, data={"done": "1", "key": KEY}, headers=json_headers)
    assert replay.json["saved"] is False
    assert item_row(app, ids["first"]).done_at is None
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(FormKey.key))).scalar() == 2


def test_another_households_item_is_not_found(app, family):
    client, ids = family
    stranger = app.test_client()
    AuthActions(stranger).register("bo@example.com", "Bo")
    assert stranger.post(f"/today/items/{ids['first']}/done", data={"done": "1"}).status_code == 404
    assert (
        stranger.post(f"/today/items/{ids['first']}/rating", data={"rating": "3"}).status_code
        == 404
    )
    assert item_row(app, ids["first"]).done_at is None
    assert client.post("/today/items/999999/done", data={"done": "1"}).status_code == 404


def test_ticks_need_the_csrf_token_and_the_token_route_gives_one(csrf_app):
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/register").text)
    AuthActions(client).register()  # CSRF is on: register with the token
    client.post(
        "/register",
        data={
            "csrf_token": token,
            "email": "sam@example.com",
            "display_name": "Sam",
            "password": "correct horse battery",
            "confirm": "correct horse battery",
        },
    )
    ids = seed_week(csrf_app)
    url = f"/today/items/{ids['first']}/done"
    assert client.post(url, data={"done": "1"}).status_code == 400
    assert item_row(csrf_app, ids["first"]).done_at is None
    fresh = client.get("/today/token")
    assert fresh.headers["Cache-Control"] == "no-store"
    response = client.post(
        url,
        data={"done": "1", "key": KEY},
        headers={"X-CSRFToken": fresh.json["csrf_token"], "Accept": "application/json"},
    )
    assert response.status_code == 200
    assert item_row(csrf_app, ids["first"]).done_at is not None


def test_a_weekly_ritual_due_today_can_be_ticked_from_today(app, family):
    client, ids = family
    with app.app_context():
        household = household_of("sam@example.com")
        card = db.session.execute(
            db.select(Activity).where(Activity.slug == ids["cards"][4])
        ).scalar_one()
        ritual = Ritual(household_id=household.id, activity_id=card.id, weekday=2)
        ritual.created_at = datetime(2026, 11, 1)
        db.session.add(ritual)
        db.session.commit()
        ritual_id = ritual.id
    with clock.frozen(WEDNESDAY_NOON):
        page = client.get("/today").text
        assert f"/today/rituals/{ritual_id}/done" in page
        response = client.post(f"/today/rituals/{ritual_id}/done", data={"done": "1", "key": KEY})
        assert response.status_code == 302
        again = client.post(f"/today/rituals/{ritual_id}/done", data={"done": "1", "key": KEY})
        assert again.status_code == 302
    with app.app_context():
        stored = db.session.execute(
            db.select(PlanItem).where(PlanItem.ritual_id == ritual_id)
        ).scalar_one()
        assert stored.done_at == WEDNESDAY_NOON


def test_an_unplanned_week_offers_to_plan_it(client, auth):
    auth.register()
    with clock.frozen(WEDNESDAY_NOON):
        page = client.get("/today").text
    assert 'action="/weeks/2026-11-30/plan"' in page
    assert "Plan this week" in page


def test_the_quick_ratings_are_the_week_pages_words():
    assert set(QUICK_RATINGS) <= set(RATINGS)


def test_the_today_tab_is_marked_current_and_the_other_tabs_are_links(family):
    client, _ = family
    page = client.get("/today").text
    nav = page[page.index('<nav class="tabs"') : page.index("</nav>")]
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', nav) == ["/today"]
    for label in ("Today", "Week", "Progress", "Library", "More"):
        assert f'<span class="tab-label">{label}</span>' in nav
    week = client.get(f"/weeks/{MONDAY.isoformat()}").text
    assert re.findall(r'<a href="([^"]+)" aria-current="page">', week) == ["/weeks"]


def test_more_lists_the_rest_and_logs_out(family):
    client, _ = family
    page = client.get("/more").text
    for path in ("/family", "/reminders", "/family/members", "/account", "/export", "/practices"):
        assert f'href="{path}' in page
    assert 'action="/logout"' in page


def test_logged_out_pages_have_no_tab_bar(client):
    page = client.get("/").text
    assert 'class="tabs"' not in page
    assert 'href="/login"' in page and 'href="/register"' in page


def size_of(client, path: str) -> int:
    with client.get(path) as response:
        assert response.status_code == 200, path
        return len(response.data)


@pytest.mark.parametrize("path", ["/today", f"/weeks/{MONDAY.isoformat()}"])
def test_page_weight_stays_small(app, family, path):
    """The page's HTML with its stylesheets, scripts and images (print sheets aside) < 80 KB."""
    client, _ = family
    with clock.frozen(WEDNESDAY_NOON):
        page = client.get(path).data
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+)"', page)
    loaded = re.findall(rb'src="([^"]+)"', page) + re.findall(rb'<link[^>]*href="([^"]+)"', page)
    assert loaded and all(url.startswith(b"/") and not url.startswith(b"//") for url in loaded)
    files = {asset.split(b"#")[0] for asset in assets}  # one icon sheet, fetched once
    total = len(page) + sum(size_of(client, f.decode()) for f in files if b"print" not in f)
    assert total < 80 * 1024, total
    assert json.loads(client.get("/manifest.webmanifest").data)["start_url"] == "/today"


def test_looking_at_today_writes_nothing_even_with_a_ritual_due(app, family):
    from tests.test_get_never_writes import writes_sent

    client, ids = family
    with app.app_context():
        household = household_of("sam@example.com")
        card = db.session.execute(
            db.select(Activity).where(Activity.slug == ids["cards"][4])
        ).scalar_one()
        ritual = Ritual(household_id=household.id, activity_id=card.id, weekday=2)
        ritual.created_at = datetime(2026, 11, 1)
        db.session.add(ritual)
        db.session.commit()
    with writes_sent(app) as sent, clock.frozen(WEDNESDAY_NOON):
        page = client.get("/today").text
        client.get("/more")
        client.get("/sw.js").close()
        client.get("/manifest.webmanifest").close()
    assert "/today/rituals/" in page
    assert sent == []
