"""Swap suggestions follow the planner's hard rules: the family has what the card needs, the card
may go on the item's day, it fits the minutes left that day, it is not resting after a hard run
or a swap, and it is the same kind of card."""

from datetime import date, datetime, time, timedelta

import pytest

from planner import clock
from planner.extensions import db
from planner.models import Activity, CardSwap, PlanItem, Week
from tests.helpers import add_child_row, household_of

MONDAY = date(2026, 11, 30)
TUESDAY = MONDAY + timedelta(days=1)
LAST_MONDAY = MONDAY - timedelta(days=7)


def card(slug, minutes=10, kind="activity", **extra) -> Activity:
    activity = Activity(
        slug=slug,
        title=f"Card {slug}",
        practice="teamwork",
        age_min=2,
        age_max=17,
        minutes=minutes,
        setting="home",
        who="whole-family",
        materials="None",
        steps_text="One.\nTwo.",
        say="Let's.",
        why="Because.",
        kind=kind,
        **extra,
    )
    db.session.add(activity)
    return activity


@pytest.fixture
def swapping(app, client, auth):
    """One child, no car, 20 minutes on weekdays; Tuesday holds the item to swap and another
    10-minute item, so a replacement has 10 minutes."""
    auth.register()
    with app.app_context():
        household = household_of("sam@example.com")
        household.has_car = False
        household.weekday_minutes = 20
        add_child_row(household, "Ivy", 2018)
        cards = {
            slug: card(slug, **extra)
            for slug, extra in {
                "swap-me": {},
                "also-tuesday": {},
                "fits": {},
                "needs-car": {"needs": "car"},
                "needs-siblings": {"needs": "siblings"},
                "sunday-only": {"day": "sunday"},
                "too-long-for-what-is-left": {"minutes": 15},
                "went-hard": {},
                "swapped-away": {},
                "watch-card": {"kind": "watch-for"},
            }.items()
        }
        db.session.flush()
        last = Week(household_id=household.id, week_start=LAST_MONDAY)
        week = Week(household_id=household.id, week_start=MONDAY)
        db.session.add_all([last, week])
        db.session.flush()
        db.session.add(
            PlanItem(
                household_id=household.id,
                week_id=last.id,
                activity_id=cards["went-hard"].id,
                day=LAST_MONDAY,
                done_at=datetime(2026, 11, 23, 18),
                rating=1,
            )
        )
        db.session.add(
            CardSwap(
                household_id=household.id,
                activity_id=cards["swapped-away"].id,
                week_start=LAST_MONDAY,
            )
        )
        item = PlanItem(
            household_id=household.id, week_id=week.id, activity_id=cards["swap-me"].id, day=TUESDAY
        )
        db.session.add(item)
        db.session.add(
            PlanItem(
                household_id=household.id,
                week_id=week.id,
                activity_id=cards["also-tuesday"].id,
                day=TUESDAY,
            )
        )
        db.session.commit()
        item_id = item.id
    return client, item_id


def test_swap_choices_keep_the_planners_hard_rules(swapping):
    client, item_id = swapping
    with clock.frozen(datetime.combine(MONDAY, time(12))):
        page = client.get(f"/items/{item_id}/swap").text
    assert "Card fits" in page
    for left_out in (
        "needs-car",  # the family has no car
        "needs-siblings",  # one child
        "sunday-only",  # the item is on Tuesday
        "too-long-for-what-is-left",  # 15 minutes, 10 left on Tuesday
        "went-hard",  # rests eight weeks after a hard run
        "swapped-away",  # rests eight weeks after a swap
        "watch-card",  # a watch-for card is never a day's activity
        "also-tuesday",  # already in the week
    ):
        assert f"Card {left_out}<" not in page, left_out


def test_a_swap_to_a_card_that_breaks_a_rule_is_refused(swapping, app):
    client, item_id = swapping
    with clock.frozen(datetime.combine(MONDAY, time(12))):
        response = client.post(f"/items/{item_id}/swap", data={"activity": "needs-car"})
        assert response.status_code == 302 and response.headers["Location"].endswith("/swap")
        client.post(f"/items/{item_id}/swap", data={"activity": "fits"})
    with app.app_context():
        assert db.session.get(PlanItem, item_id).activity.slug == "fits"
