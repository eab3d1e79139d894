"""Anchors (pure), the item's reminder-moment page, and VALARMs in the .ics download and feed."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from planner.extensions import db
from planner.models import Household
from planner.reminders import anchors
from planner.reminders.models import FamilyReminderSettings, ItemAnchor
from planner.reminders.settings import FAMILY_DEFAULTS, usual_times
from planner.reminders.timing import first_allowed, in_quiet_hours, local_instant
from tests.helpers import household_of, make_activities
from tests.test_calendar import add_item, feed_url

USUAL = anchors.UsualTimes(time(7, 0), time(15, 0), time(18, 15), time(19, 45))


@pytest.mark.parametrize(
    ("code", "expected"),
    [("breakfast", time(7, 0)), ("school-run", time(7, 30)), ("after-school", time(15, 0)),
     ("after-dinner", time(18, 45)), ("bedtime", time(19, 45)), ("06:05", time(6, 5)),
     ("nonsense", time(18, 45))],
)  # fmt: skip
def test_anchors_resolve_to_the_familys_usual_times(code, expected):
    assert anchors.resolve(code, USUAL) == expected


@pytest.mark.parametrize(
    ("setting", "time_of_day", "day", "expected"),
    [("home", None, date(2026, 11, 30), "after-dinner"),
     ("bedtime", None, date(2026, 11, 30), "bedtime"),
     ("travel", None, date(2026, 11, 30), "school-run"),
     ("travel", None, date(2026, 11, 28), "breakfast"),
     ("outdoors", None, date(2026, 11, 30), "after-school"),
     ("outdoors", None, date(2026, 11, 29), "breakfast"),
     ("home", "morning", date(2026, 11, 30), "breakfast")],
)  # fmt: skip
def test_default_anchor_comes_from_the_card_and_the_day(setting, time_of_day, day, expected):
    assert anchors.default_anchor(setting, time_of_day, day) == expected


def test_wall_times_across_daylight_saving():
    london = ZoneInfo("Europe/London")
    # 01:30 happens twice on 25 October 2026 in London: the first one (still summer time).
    assert local_instant(date(2026, 10, 25), time(1, 30), london) == datetime(
        2026, 10, 25, 0, 30, tzinfo=UTC
    )
    # 01:30 does not exist on 29 March 2026: it lands just after the gap, once.
    assert local_instant(date(2026, 3, 29), time(1, 30), london) == datetime(
        2026, 3, 29, 1, 30, tzinfo=UTC
    )
    assert local_instant(date(2026, 10, 26), time(18), london) == datetime(
        2026, 10, 26, 18, tzinfo=UTC
    )


def test_quiet_hours_cross_midnight():
    assert in_quiet_hours(time(23), time(21), time(7))
    assert in_quiet_hours(time(6, 59), time(21), time(7))
    assert not in_quiet_hours(time(7), time(21), time(7))
    assert not in_quiet_hours(time(12), time(12), time(12))
    assert first_allowed(date(2026, 1, 1), time(22), time(21), time(7)) == datetime(2026, 1, 2, 7)
    assert first_allowed(date(2026, 1, 1), time(18), time(21), time(7)) == datetime(2026, 1, 1, 18)


@pytest.fixture
def family(app, client, auth):
    auth.register()
    with app.app_context():
        make_activities(5)
    return client


def test_anchor_page_changes_the_moment_and_the_item_page_shows_it(app, family):
    item_id = add_item(app, "sam@example.com", "card-0", date(2026, 11, 30))
    assert "Reminder moment: after dinner" in family.get(f"/items/{item_id}").text
    assert family.get(f"/reminders/items/{item_id}").status_code == 200
    response = family.post(f"/reminders/items/{item_id}", data={"anchor": "time", "at": ""})
    assert "Give a time, like 17:30." in response.text
    family.post(f"/reminders/items/{item_id}", data={"anchor": "time", "at": "17:40"})
    assert "Reminder moment: at 17:40" in family.get(f"/items/{item_id}").text
    family.post(f"/reminders/items/{item_id}", data={"anchor": "bedtime"})
    with app.app_context():
        assert db.session.get(ItemAnchor, item_id).anchor == "bedtime"
    assert (
        family.post(f"/reminders/items/{item_id}", data={"anchor": "whenever"}).status_code == 200
    )
    with app.app_context():
        assert db.session.get(ItemAnchor, item_id).anchor == "bedtime"


def test_anchor_page_is_household_scoped(app, two_households):
    ana, bo = two_households
    with app.app_context():
        make_activities(3)
    item_id = add_item(app, "ana@example.com", "card-0", date(2026, 11, 30))
    assert bo.get(f"/reminders/items/{item_id}").status_code == 404
    assert bo.post(f"/reminders/items/{item_id}", data={"anchor": "bedtime"}).status_code == 404


def alarms(data: bytes) -> dict[str, list[timedelta]]:
    found = {}
    for event in Calendar.from_ical(data).walk("VEVENT"):
        found[str(event.get("summary"))] = [a.get("trigger").dt for a in event.walk("VALARM")]
    return found


def test_calendar_events_carry_an_alarm_at_the_anchor_unless_turned_off(app, family):
    first = add_item(app, "sam@example.com", "card-0", date(2026, 11, 30))
    add_item(app, "sam@example.com", "card-1", date(2026, 12, 1))
    family.post(f"/reminders/items/{first}", data={"anchor": "bedtime"})
    week = alarms(family.get("/weeks/2026-11-30/calendar.ics").data)
    assert week == {
        "Activity number 0 (10 min)": [timedelta(hours=19, minutes=30)],
        "Activity number 1 (10 min)": [timedelta(hours=18, minutes=30)],
    }
    url, _ = feed_url(app, family)
    with app.app_context():
        assert household_of("sam@example.com").id
    feed = alarms(app.test_client().get(url).data)
    assert feed.get("Activity number 0 (10 min)") in (None, [timedelta(hours=19, minutes=30)])
    with app.app_context():
        household = household_of("sam@example.com")
        db.session.add(FamilyReminderSettings(family_id=household.id, calendar_alarms=False,
                                              breakfast=time(7), after_school=time(15), dinner=time(18), bedtime=time(19)))  # fmt: skip
        db.session.commit()
    week = alarms(family.get("/weeks/2026-11-30/calendar.ics").data)
    assert week == {"Activity number 0 (10 min)": [], "Activity number 1 (10 min)": []}


def test_the_family_profiles_usual_times_win_over_the_reminder_settings_defaults():
    """The "Your family" page stores usual times as "HH:MM"; unset ones keep the defaults."""
    household = Household(name="The Parks", usual_breakfast="06:45", usual_bedtime="20:15")
    family = FamilyReminderSettings(family_id=1, **FAMILY_DEFAULTS)
    usual = usual_times(household, family)
    assert (usual.breakfast, usual.bedtime) == (time(6, 45), time(20, 15))
    assert (usual.after_school, usual.dinner) == (time(15, 30), time(18, 0))
