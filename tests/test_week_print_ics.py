"""Print and calendars treat each kind of card as the week page does, and show rituals due on a
week before it is planned; the fridge sheet carries two steps per item and ticks done ones."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from planner import clock
from planner.calendar_feed.feeds import hash_feed_token
from planner.extensions import db
from planner.models import Activity, PlanItem, Ritual, Week
from tests.helpers import add_child_row, household_of

MONDAY = date(2026, 11, 30)


def card(slug, practice="teamwork", kind="activity") -> Activity:
    activity = Activity(
        slug=slug,
        title=f"Title {slug}",
        practice=practice,
        age_min=2,
        age_max=17,
        minutes=10,
        setting="home",
        who="whole-family",
        materials="None",
        steps_text=f"First step of {slug}.\nSecond step of {slug}.\nThird step of {slug}.",
        say=f"Say {slug}.",
        why="Because.",
        kind=kind,
    )
    db.session.add(activity)
    return activity


@pytest.fixture
def week(app, client, auth):
    """Monday: an activity done; Wednesday: one to do; a watch-for and a grown-ups card listed;
    a Sunday ritual made three weeks earlier; every other day empty."""
    auth.register()
    with app.app_context():
        household = household_of("sam@example.com")
        add_child_row(household, "Ivy", 2018)
        cards = {
            slug: card(slug, kind=kind)
            for slug, kind in (
                ("done-one", "activity"),
                ("to-do", "activity"),
                ("watch-one", "watch-for"),
                ("grown-one", "grown-ups"),
                ("sunday-ritual", "ritual"),
            )
        }
        db.session.flush()
        db.session.add(
            Ritual(
                household_id=household.id,
                activity_id=cards["sunday-ritual"].id,
                weekday=6,
                created_at=datetime(2026, 11, 9),
            )
        )
        stored = Week(household_id=household.id, week_start=MONDAY)
        db.session.add(stored)
        db.session.flush()
        for slug, day, done in (
            ("done-one", MONDAY, True),
            ("to-do", MONDAY + timedelta(days=2), False),
            ("watch-one", MONDAY, False),
            ("grown-one", MONDAY, False),
        ):
            db.session.add(
                PlanItem(
                    household_id=household.id,
                    week_id=stored.id,
                    activity_id=cards[slug].id,
                    day=day,
                    done_at=datetime(2026, 11, 30, 19) if done else None,
                )
            )
        db.session.commit()
    return client


def get(client, url):
    with clock.frozen(datetime.combine(MONDAY + timedelta(days=2), time(12))):
        return client.get(url)


def test_the_fridge_sheet_has_steps_ticks_lists_and_no_free_days(week):
    page = get(week, f"/weeks/{MONDAY.isoformat()}/print").text
    days = page[page.index('<div class="sheet-days">') : page.index('<div class="sheet-lists">')]
    # Two short steps per item, not the third.
    assert "First step of to-do." in days and "Second step of to-do." in days
    assert "Third step of to-do." not in days
    # The done item's box is ticked, the other one's is empty.
    done = re.search(r'<li class="sheet-item">.*?Title done-one', days, re.S).group(0)
    assert 'class="box is-ticked"' in done and "<svg" in done
    to_do = re.search(
        r'<li class="sheet-item">\s*<span class="box"></span>.*?Title to-do', days, re.S
    )
    assert to_do
    # The listed kinds are printed apart, never on a day.
    lists = page[page.index('<div class="sheet-lists">') :]
    assert "This week, watch for…" in lists and "Title watch-one" in lists
    assert "For you" in lists and "Title grown-one" in lists
    assert "Title watch-one" not in days and "Title grown-one" not in days
    # Empty days print nothing (room to write), not "Free".
    assert ">Free<" not in page
    assert page.count('class="sheet-day is-empty"') == 4  # Tue, Thu, Fri, Sat
    # The Sunday ritual is on the sheet although the week never stored it.
    assert "Title sunday-ritual" in days
    assert "data-print hidden>Print</button>" in page and "js/print.js" in page


def test_rituals_print_on_a_week_not_yet_planned(week):
    next_week = MONDAY + timedelta(days=7)
    page = get(week, f"/weeks/{next_week.isoformat()}/print").text
    assert "Title sunday-ritual" in page
    cards = get(week, f"/weeks/{next_week.isoformat()}/cards").text
    assert "Title sunday-ritual" in cards and "Sunday" in cards


def test_the_cards_page_names_the_listed_kinds_not_a_day(week):
    cards = get(week, f"/weeks/{MONDAY.isoformat()}/cards").text
    watch = re.search(
        r'<article class="print-card">((?:(?!</article>).)*Title watch-one)', cards, re.S
    )
    assert watch and "Watch for it this week" in watch.group(1)
    grown = re.search(
        r'<article class="print-card">((?:(?!</article>).)*Title grown-one)', cards, re.S
    )
    assert grown and "For you, the grown-ups" in grown.group(1)


def calendar_events(data: bytes) -> dict[str, object]:
    return {str(event["summary"]): event for event in Calendar.from_ical(data).walk("VEVENT")}


def test_the_ics_download_lists_watch_for_and_grown_ups_as_week_notes(week):
    response = get(week, f"/weeks/{MONDAY.isoformat()}/calendar.ics")
    events = calendar_events(response.data)
    watch = events["Watch for: Title watch-one"]
    grown = events["For you: Title grown-one"]
    for note in (watch, grown):
        assert note["dtstart"].dt == MONDAY and note["dtend"].dt == MONDAY + timedelta(days=7)
        assert not note.walk("VALARM")
        assert "Whole family" not in str(note["description"])
    day_event = events["Title to-do (10 min)"]
    assert day_event["dtstart"].dt == MONDAY + timedelta(days=2)
    assert day_event["dtend"].dt == MONDAY + timedelta(days=3)
    # The Sunday ritual, not stored on the week yet, is in the file on its day.
    ritual = events["Title sunday-ritual (10 min)"]
    assert ritual["dtstart"].dt == MONDAY + timedelta(days=6)
    assert str(ritual["uid"]).startswith("ritual-")


def test_the_feed_carries_rituals_of_weeks_not_yet_planned(week, app):
    token = "a-private-feed-token-for-tests"
    with app.app_context():
        household_of("sam@example.com").calendar_token = hash_feed_token(token)
        db.session.commit()
    response = get(week, f"/calendar/{token}.ics")
    assert response.status_code == 200
    rituals = [
        event["dtstart"].dt
        for event in Calendar.from_ical(response.data).walk("VEVENT")
        if str(event["summary"]).startswith("Title sunday-ritual")
    ]
    # Every week of the window from the ritual's start (9 November) on: last two, this, next 8.
    assert MONDAY + timedelta(days=6) in rituals and MONDAY + timedelta(days=13) in rituals
    assert len(rituals) == len(set(rituals)) == 11
