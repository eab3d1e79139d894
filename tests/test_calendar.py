"""Calendar files parse back with the icalendar library: events, dates, escaping, stable UIDs."""

import hashlib
import re
from datetime import date, timedelta

import pytest
from icalendar import Calendar

from planner.dates import week_start_for
from planner.extensions import db
from planner.models import Activity, Household, PlanItem, User, Week
from tests.helpers import household_of, make_activities


def add_item(app, email, activity_slug, day):
    """Put an activity on `day` in the right week of `email`'s household."""
    with app.app_context():
        household = household_of(email)
        start = week_start_for(day, household.week_starts_on)
        week = db.session.execute(
            db.select(Week).where(Week.household_id == household.id, Week.week_start == start)
        ).scalar_one_or_none()
        if week is None:
            week = Week(household_id=household.id, week_start=start)
            db.session.add(week)
            db.session.flush()
        activity = db.session.execute(
            db.select(Activity).where(Activity.slug == activity_slug)
        ).scalar_one()
        item = PlanItem(
            household_id=household.id, week_id=week.id, activity_id=activity.id, day=day
        )
        db.session.add(item)
        db.session.commit()
        return item.id


def events(data: bytes):
    calendar = Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def family(app, client, auth):
    auth.register()
    with app.app_context():
        make_activities(20)
        tricky = db.session.execute(
            db.select(Activity).where(Activity.slug == "card-0")
        ).scalar_one()
        tricky.title = "Tidy, sort; and sing"
        tricky.say = 'Say "yes", then; wait.\nAnd smile, together'
        db.session.commit()
    return client


@pytest.mark.parametrize("starts_on", [0, 6])
def test_week_download_has_one_event_per_item_on_its_day(app, family, starts_on):
    with app.app_context():
        household_of("sam@example.com").week_starts_on = starts_on
        db.session.commit()
    start = week_start_for(date(2026, 11, 25), starts_on)
    days = [start, start + timedelta(days=3), start + timedelta(days=6)]
    for index, day in enumerate(days):
        add_item(app, "sam@example.com", f"card-{index}", day)
    response = family.get(f"/weeks/{date(2026, 11, 25).isoformat()}/calendar.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    found = events(response.data)
    assert sorted(event.decoded("dtstart") for event in found) == days
    for event in found:
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(days=1)
        description = str(event.get("description"))
        assert "Say this:" in description and "/activities/" in description
        assert "https://www.anewhopetc.org/" in description


def test_commas_semicolons_and_newlines_survive_escaping(app, family):
    day = date(2026, 11, 24)
    add_item(app, "sam@example.com", "card-0", day)
    data = family.get(f"/weeks/{day.isoformat()}/calendar.ics").data
    raw = data.decode()
    assert "Tidy\\, sort\\; and sing" in raw  # escaped on the wire
    (event,) = events(data)
    assert str(event.get("summary")) == "Tidy, sort; and sing (10 min)"
    assert 'Say "yes", then; wait.\nAnd smile, together' in str(event.get("description"))


def test_uids_are_stable_across_downloads(app, family):
    day = date(2026, 11, 24)
    for index in range(3):
        add_item(app, "sam@example.com", f"card-{index}", day)
    first = [str(e.get("uid")) for e in events(family.get(f"/weeks/{day}/calendar.ics").data)]
    second = [str(e.get("uid")) for e in events(family.get(f"/weeks/{day}/calendar.ics").data)]
    assert first == second and len(set(first)) == 3
    assert all(uid.startswith("planitem-") for uid in first)


def feed_address(client) -> str:
    """Turn the feed on (or renew it) and read its address off the page, as a parent would."""
    page = client.post("/family/calendar", follow_redirects=True).text
    match = re.search(r'value="http://localhost(/calendar/[^"]+\.ics)"', page)
    assert match, "no feed address on the page"
    return match.group(1)


def feed_url(app, client):
    """(address path, token) of a new feed; the database holds only the token's hash."""
    path = feed_address(client)
    token = path.removeprefix("/calendar/").removesuffix(".ics")
    with app.app_context():
        stored = household_of("sam@example.com").calendar_token
    assert len(token) >= 40 and stored == hashlib.sha256(token.encode()).hexdigest()
    return path, token


def test_feed_covers_last_two_and_next_eight_weeks(app, family):
    this_week = week_start_for(date.today(), 0)
    offsets = {"card-1": -3, "card-2": -2, "card-3": 0, "card-4": 8, "card-5": 9}
    for slug, weeks in offsets.items():
        add_item(app, "sam@example.com", slug, this_week + timedelta(weeks=weeks, days=1))
    url, _ = feed_url(app, family)
    anonymous = app.test_client()
    response = anonymous.get(url)
    assert response.status_code == 200
    titles = {str(e.get("summary")).split(" (")[0] for e in events(response.data)}
    assert titles == {"Activity number 2", "Activity number 3", "Activity number 4"}


def test_feed_is_shown_on_the_family_page_and_can_be_replaced_or_turned_off(app, family):
    assert "Create a calendar address" in family.get("/family").text
    url, token = feed_url(app, family)
    page = family.get("/family").text
    assert token not in page  # shown once, when made
    assert "Your calendar feed is on" in page
    anonymous = app.test_client()
    family.post("/family/calendar")  # regenerate: the old address dies
    assert anonymous.get(url).status_code == 404
    new_url, _ = feed_url(app, family)
    assert anonymous.get(new_url).status_code == 200
    family.post("/family/calendar/off")
    assert anonymous.get(new_url).status_code == 404


@pytest.mark.parametrize("token", ["wrong", "x" * 43, "x" * 300])
def test_wrong_feed_token_is_404(app, family, token):
    feed_url(app, family)
    assert app.test_client().get(f"/calendar/{token}.ics").status_code == 404


def test_week_download_is_household_scoped(app, two_households):
    ana, bo = two_households
    with app.app_context():
        make_activities(5)
    day = date(2026, 11, 24)
    add_item(app, "ana@example.com", "card-1", day)
    assert events(bo.get(f"/weeks/{day}/calendar.ics").data) == []
    assert len(events(ana.get(f"/weeks/{day}/calendar.ics").data)) == 1
    with app.app_context():
        assert household_of("ana@example.com").calendar_token is None
    ana_feed = feed_address(ana)
    # Bo's own feed never shows Ana's items.
    bo_feed = feed_address(bo)
    assert events(bo.get(bo_feed).data) == []
    assert len(events(bo.get(ana_feed).data)) == 1  # the address is the key


def test_calendar_needs_login_and_good_dates(app, client):
    assert client.get("/weeks/2026-11-24/calendar.ics").status_code == 302
    from tests.helpers import AuthActions

    AuthActions(client).register()
    assert client.get("/weeks/2026-02-30/calendar.ics").status_code == 404
    assert client.post("/family/calendar", data={}).status_code == 302


def test_regenerating_needs_csrf(csrf_app):
    from tests.helpers import register_with_csrf

    client = csrf_app.test_client()
    register_with_csrf(client)
    assert client.post("/family/calendar").status_code == 400
    with csrf_app.app_context():
        assert db.session.execute(db.select(Household.calendar_token)).scalar_one() is None


def test_removing_a_member_gives_the_feed_a_new_address(app, client, auth):
    """A removed member may have copied the feed address: it stops working, the owner is told."""
    auth.register()
    with app.app_context():
        make_activities(3)
    client.post("/family/members/invites")
    link = re.search(r"/join/[\w-]+", client.get("/family/members").text).group(0)
    member = app.test_client()
    member.post(
        link,
        data={
            "email": "kim@example.com",
            "display_name": "Kim",
            "password": "a long member passphrase",
            "confirm": "a long member passphrase",
        },
    )
    old_feed = feed_address(member)  # the member makes (and copies) the address
    assert app.test_client().get(old_feed).status_code == 200
    with app.app_context():
        kim = db.session.execute(
            db.select(User).where(User.email == "kim@example.com")
        ).scalar_one()
    response = client.post(f"/family/members/{kim.id}/remove", follow_redirects=True)
    assert "Your calendar feed has a new address" in response.text
    new_feed = re.search(r'value="http://localhost(/calendar/[^"]+\.ics)"', response.text).group(1)
    assert new_feed != old_feed
    assert app.test_client().get(old_feed).status_code == 404
    assert app.test_client().get(new_feed).status_code == 200
