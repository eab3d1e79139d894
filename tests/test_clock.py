"""The family's own clock: "today", "this week" and the calendar feed follow the family's time
zone while the server runs in UTC; nothing in planner/ reads the server's date but the clock."""

import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from planner import clock, items
from planner.calendar_feed.feeds import hash_feed_token
from planner.extensions import db
from planner.models import Activity, Household, Week, now_utc
from tests.helpers import add_child_row, household_of, make_activities

KIRITIMATI, HONOLULU = "Pacific/Kiritimati", "Pacific/Honolulu"  # UTC+14, UTC-10
# Wednesday 2 December 2026, 12:00 UTC: already Thursday the 3rd, 02:00, in Kiritimati.
UTC_WEDNESDAY_NOON = datetime(2026, 12, 2, 12)
# Thursday 3 December 2026, 05:00 UTC: still Wednesday the 2nd, 19:00, in Honolulu.
UTC_THURSDAY_EARLY = datetime(2026, 12, 3, 5)
MONDAY = date(2026, 11, 30)
PLANNER = Path(__file__).resolve().parent.parent / "planner"


def test_nothing_in_planner_reads_the_server_clock_but_the_clock_seam():
    server_clock = re.compile(r"\b(date\.today|datetime\.(now|utcnow|today))\(")
    offenders = [
        f"{path.relative_to(PLANNER)}:{number}"
        for path in PLANNER.rglob("*.py")
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if server_clock.search(line)
    ]
    assert offenders == []


def test_timestamps_the_database_stores_come_from_the_clock():
    with clock.frozen(UTC_WEDNESDAY_NOON):
        assert now_utc() == UTC_WEDNESDAY_NOON
        assert clock.today(KIRITIMATI) == date(2026, 12, 3)
        assert clock.today(HONOLULU) == date(2026, 12, 2)
        assert clock.today() == date(2026, 12, 2)


@pytest.fixture
def family_in(app, client, auth):
    """Return a function that registers a family living in `zone`, with a child and cards."""

    def make(zone: str):
        auth.register()
        with app.app_context():
            household = household_of("sam@example.com")
            household.timezone = zone
            household.items_per_week = 7
            db.session.commit()
            add_child_row(household, "Mia", 2018)
            make_activities(40)
        return client

    return make


def today_heading(page: str) -> str:
    """The date of the day the week page marks as today."""
    return re.search(r'<section class="day is-today" aria-labelledby="day-([0-9-]+)"', page)[1]


@pytest.mark.parametrize(
    ("zone", "instant", "family_today"),
    [(KIRITIMATI, UTC_WEDNESDAY_NOON, "2026-12-03"), (HONOLULU, UTC_THURSDAY_EARLY, "2026-12-02")],
)
def test_the_week_page_marks_the_familys_today(family_in, zone, instant, family_today):
    client = family_in(zone)
    with clock.frozen(instant):
        assert client.get("/weeks").headers["Location"].endswith(f"/weeks/{MONDAY.isoformat()}")
        page = client.get(f"/weeks/{MONDAY.isoformat()}").text
    assert today_heading(page) == family_today
    assert page.count("today-badge") == 1


def test_the_week_under_way_is_the_familys_at_a_week_boundary(family_in):
    client = family_in(KIRITIMATI)
    # Sunday 6 December, 12:00 UTC is Monday the 7th in Kiritimati: a new week has begun there.
    with clock.frozen(datetime(2026, 12, 6, 12)):
        assert client.get("/weeks").headers["Location"].endswith("/weeks/2026-12-07")


def planned_days(app) -> list[date]:
    with app.app_context():
        week = db.session.execute(db.select(Week).where(Week.week_start == MONDAY)).scalar_one()
        return sorted(item.day for item in week.items)


def test_planning_from_today_on_starts_on_the_familys_today_ahead_of_utc(app, family_in):
    client = family_in(KIRITIMATI)
    with clock.frozen(UTC_WEDNESDAY_NOON):  # the server's Wednesday is Thursday there
        client.post(f"/weeks/{MONDAY.isoformat()}/plan")
    days = planned_days(app)
    assert len(days) == 7 and min(days) == date(2026, 12, 3)


def test_planning_from_today_on_starts_on_the_familys_today_behind_utc(app, family_in):
    client = family_in(HONOLULU)
    with clock.frozen(UTC_THURSDAY_EARLY):  # the server's Thursday is still Wednesday there
        client.post(f"/weeks/{MONDAY.isoformat()}/plan")
    days = planned_days(app)
    assert len(days) == 7 and min(days) == date(2026, 12, 2)


def feed_titles(client, app) -> set[str]:
    with app.app_context():
        household = household_of("sam@example.com")
        household.calendar_token = hash_feed_token("t" * 32)  # stored hashed, as the app does
        db.session.commit()
    calendar = Calendar.from_ical(client.get(f"/calendar/{'t' * 32}.ics").data)
    return {str(event["summary"]).split(" (")[0] for event in calendar.walk("VEVENT")}


def put(app, slug: str, day: date) -> None:
    with app.app_context():
        household = household_of("sam@example.com")
        week = items.get_or_create_week(household.id, day - timedelta(days=day.weekday()))
        activity = db.session.execute(db.select(Activity).where(Activity.slug == slug)).scalar_one()
        items.add(week, activity, day)
        db.session.commit()


@pytest.mark.parametrize(
    ("zone", "instant", "inside", "outside"),
    [
        # Sunday 6 Dec 12:00 UTC = Monday 7 Dec in Kiritimati: the feed runs 23 Nov .. 7 Feb.
        (KIRITIMATI, datetime(2026, 12, 6, 12), date(2027, 2, 1), date(2026, 11, 16)),
        # Monday 7 Dec 05:00 UTC = Sunday 6 Dec in Honolulu: the feed runs 16 Nov .. 31 Jan.
        (HONOLULU, datetime(2026, 12, 7, 5), date(2026, 11, 16), date(2027, 2, 1)),
    ],
)
def test_the_calendar_feed_covers_the_weeks_around_the_familys_this_week(
    app, family_in, zone, instant, inside, outside
):
    client = family_in(zone)
    put(app, "card-1", inside)
    put(app, "card-2", outside)
    with clock.frozen(instant):
        titles = feed_titles(client, app)
    assert "Activity number 1" in titles
    assert "Activity number 2" not in titles


def test_registration_offers_zones_and_keeps_the_chosen_one(app, client):
    page = client.get("/register").text
    assert "data-browser-zone" in page and '<option selected value="UTC">' in page
    assert '<optgroup label="Pacific">' in page and 'value="Pacific/Kiritimati"' in page
    response = client.post(
        "/register",
        data={
            "email": "kiri@example.com",
            "display_name": "Kiri",
            "timezone": KIRITIMATI,
            "password": "correct horse battery",
            "confirm": "correct horse battery",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert household_of("kiri@example.com").timezone == KIRITIMATI


def test_registration_refuses_a_made_up_zone(client):
    response = client.post(
        "/register",
        data={
            "email": "nowhere@example.com",
            "display_name": "N",
            "timezone": "Mars/Olympus_Mons",
            "password": "correct horse battery",
            "confirm": "correct horse battery",
        },
    )
    assert "Choose your time zone from the list." in response.text


def test_a_new_family_starts_in_the_default_timezone_setting(tmp_path):
    from tests.helpers import AuthActions, make_app

    app = make_app(tmp_path, DEFAULT_TIMEZONE=HONOLULU)
    client = app.test_client()
    assert f'<option selected value="{HONOLULU}">' in client.get("/register").text
    AuthActions(client).register()  # a browser without the field (no JavaScript, old form)
    with app.app_context():
        assert household_of("sam@example.com").timezone == HONOLULU


def test_the_family_page_changes_the_zone(app, family_in):
    client = family_in("UTC")
    settings = {
        "household_name": "Sam's family",
        "timezone": HONOLULU,
        "week_starts_on": 0,
        "items_per_week": 5,
        "free_days": [0, 1, 2, 3, 4, 5, 6],
        "weekday_minutes": 20,
        "weekend_minutes": 60,
    }
    assert client.post("/family/settings", data=settings).status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(Household.timezone)).scalar_one() == HONOLULU
    page = client.post("/family/settings", data={**settings, "timezone": "Nowhere/Else"})
    assert page.status_code == 400 and "Choose your time zone from the list." in page.text
