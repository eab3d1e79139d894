"""Planning the week that is under way: new items go on today and later; days gone stay as they were."""

from datetime import date, datetime, time, timedelta

import pytest

from planner import clock, items, planning
from planner.extensions import db
from planner.models import PlanItem, Week
from planner.weeks import service
from tests.helpers import add_child_row, household_of, make_activities

MONDAY = date(2026, 11, 30)
WEDNESDAY = MONDAY + timedelta(days=2)
NO_DAYS_LEFT = (planning.Note(planning.NO_DAYS_LEFT),)


def noon(day: date) -> datetime:
    """Midday UTC on `day` (the test family keeps the server's zone, UTC)."""
    return datetime.combine(day, time(12))


@pytest.fixture
def family(app, auth):
    auth.register()
    with app.app_context():
        household = household_of("sam@example.com")
        household.items_per_week = 7
        db.session.commit()
        add_child_row(household, "Mia", 2018)
        make_activities(40)
    return app


def plan(app, week_start=MONDAY, today=WEDNESDAY, seed=1):
    """Plan (or re-plan) a week as if it were `today`; return its items' (day, slug, locked) and notes."""
    with app.app_context():
        household = household_of("sam@example.com")
        with clock.frozen(noon(today)):
            week = items.get_or_create_week(household.id, week_start)
            notes = service.fill_week(household, week, seed=seed)
        db.session.commit()
        return items_of(week_start), notes


def items_of(week_start):
    week = db.session.execute(db.select(Week).where(Week.week_start == week_start)).scalar_one()
    return sorted((item.day, item.activity.slug, item.id) for item in week.items)


def test_midweek_plan_only_uses_today_and_the_days_after(family):
    items, notes = plan(family)
    assert len(items) == 7
    assert {day for day, _slug, _id in items} <= {WEDNESDAY + timedelta(days=n) for n in range(5)}
    assert notes != NO_DAYS_LEFT


def test_a_week_not_yet_begun_and_a_past_week_use_every_free_day(family):
    next_week = MONDAY + timedelta(days=7)
    items, _notes = plan(family, week_start=next_week, seed=3)
    assert min(day for day, *_ in items) == next_week  # seven items spread over seven days
    past = MONDAY - timedelta(days=7)
    items, _notes = plan(family, week_start=past, seed=3)
    assert min(day for day, *_ in items) == past


def test_replanning_midweek_leaves_the_days_already_gone_as_they_were(family):
    items, _notes = plan(family, today=MONDAY, seed=5)
    gone = [(day, slug, item_id) for day, slug, item_id in items if day < WEDNESDAY]
    assert gone  # Monday's plan used Monday and Tuesday too
    replanned, _notes = plan(family, today=WEDNESDAY, seed=6)
    assert [entry for entry in replanned if entry[0] < WEDNESDAY] == gone
    new = [entry for entry in replanned if entry not in gone]
    assert new and all(day >= WEDNESDAY for day, *_ in new)
    assert len(replanned) == 7


def test_no_free_day_left_this_week_plans_nothing_changes_nothing_and_says_why(family):
    items, _notes = plan(family, today=MONDAY, seed=8)
    with family.app_context():
        household = household_of("sam@example.com")
        household.free_days = "0,1,2,3,4"  # weekdays only from now on
        db.session.commit()
    saturday = MONDAY + timedelta(days=5)
    assert any(day >= saturday for day, *_ in items)  # the weekend had unlocked items
    after, notes = plan(family, today=saturday)
    assert notes == NO_DAYS_LEFT
    assert after == items  # nothing removed that nothing could replace


def test_no_free_day_left_in_an_empty_week_adds_nothing(family):
    with family.app_context():
        household = household_of("sam@example.com")
        household.free_days = "0,1,2,3,4"
        db.session.commit()
    items, notes = plan(family, today=MONDAY + timedelta(days=6))
    assert items == [] and notes == NO_DAYS_LEFT
    with family.app_context():
        assert db.session.execute(db.select(PlanItem)).first() is None


def test_the_week_page_says_so_instead_of_claiming_a_plan(family, client):
    with family.app_context():
        household = household_of("sam@example.com")
        household.free_days = "0,1,2,3,4"
        db.session.commit()
    with clock.frozen(noon(MONDAY + timedelta(days=5))):
        response = client.post(f"/weeks/{MONDAY.isoformat()}/plan", follow_redirects=True)
    assert "free days of this week are behind you" in response.text
    assert "Your week is planned" not in response.text
