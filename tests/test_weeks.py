"""The week page and every action on it, with household scoping and CSRF."""

import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

import pytest

from planner import clock
from planner.dates import week_start_for
from planner.extensions import db
from planner.models import Activity, Child, PlanItem, Ritual, Week
from tests.helpers import (
    AuthActions,
    add_child_row,
    csrf_token_from,
    household_of,
    make_activities,
    register_with_csrf,
)

MONDAY = week_start_for(date.today(), 0)
FIXED_MONDAY = date(2026, 11, 30)


@pytest.fixture
def family(app, client, auth):
    """A logged-in household with two children, free every day, and 30 short activities."""
    auth.register()
    with app.app_context():
        household = household_of("sam@example.com")
        add_child_row(household, "Mia", date.today().year - 6)
        add_child_row(household, "Leo", date.today().year - 10)
        make_activities(30)
    return client


class Row(NamedTuple):
    """One stored item of a week, as the tests read it."""

    id: int
    slug: str
    day: date
    locked: bool
    done: bool


def week_items(app, week_start=MONDAY) -> list[Row]:
    with app.app_context():
        week = db.session.execute(db.select(Week).where(Week.week_start == week_start)).scalar_one()
        return [
            Row(item.id, item.activity.slug, item.day, item.locked, item.done_at is not None)
            for item in week.items
        ]


def plan(client, week_start=MONDAY):
    return client.post(f"/weeks/{week_start.isoformat()}/plan")


def first_item_id(app):
    return week_items(app)[0].id


def test_home_after_login_is_this_week(family):
    response = family.get("/")
    assert response.headers["Location"].endswith("/weeks")
    response = family.get("/weeks")
    assert response.headers["Location"].endswith(f"/weeks/{MONDAY.isoformat()}")


def test_any_date_shows_its_week(family):
    wednesday = MONDAY + timedelta(days=2)
    response = family.get(f"/weeks/{wednesday.isoformat()}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/weeks/{MONDAY.isoformat()}")
    page = family.get(f"/weeks/{MONDAY.isoformat()}")
    assert page.status_code == 200
    assert "Week of" in page.text and "Plan this week" in page.text


def test_week_starting_sunday(family, app):
    with app.app_context():
        household = household_of("sam@example.com")
        household.week_starts_on = 6
        db.session.commit()
    day = date(2026, 11, 25)  # a Wednesday
    response = family.get(f"/weeks/{day.isoformat()}")
    assert response.headers["Location"].endswith("/weeks/2026-11-22")
    page = family.get("/weeks/2026-11-22").text
    assert page.index("Sunday") < page.index("Monday")


@pytest.mark.parametrize(
    "bad", ["2026-02-30", "hello", "20261125", "2026-13-01", "0000-01-01", "2026-1-5"]
)
def test_bad_dates_are_friendly_404s(family, bad):
    response = family.get(f"/weeks/{bad}")
    assert response.status_code == 404
    assert "We couldn&#39;t find that page" in response.text
    assert family.post(f"/weeks/{bad}/plan").status_code == 404


def test_today_is_marked(family):
    wednesday = FIXED_MONDAY + timedelta(days=2)
    with clock.frozen(datetime.combine(wednesday, time(12))):
        page = family.get(f"/weeks/{FIXED_MONDAY.isoformat()}").text
    marked = f'<section class="day is-today" aria-labelledby="day-{wednesday.isoformat()}"'
    assert marked in page and page.count("today-badge") == 1


@pytest.mark.parametrize(
    ("today", "expected_days"),
    [
        (FIXED_MONDAY, 5),  # five items on five of the seven free days
        (FIXED_MONDAY + timedelta(days=5), 2),  # on Saturday only the weekend is left
    ],
)
def test_plan_this_week_fills_free_days_with_balance(family, app, today, expected_days):
    with clock.frozen(datetime.combine(today, time(12))):
        response = plan(family, FIXED_MONDAY)
    assert response.status_code == 302
    items = week_items(app, FIXED_MONDAY)
    assert len(items) == 5
    assert len({slug for _, slug, *_ in items}) == 5
    days = {day for _, _, day, *_ in items}
    assert len(days) == expected_days
    assert min(days) >= today
    with app.app_context():
        practices = Counter(
            db.session.get(PlanItem, item_id).activity.practice for item_id, *_ in items
        )
    assert set(practices) == {"ask-for-help", "teamwork", "connection"}
    assert max(practices.values()) - min(practices.values()) <= 1
    page = family.get(f"/weeks/{MONDAY.isoformat()}").text
    assert "Suggest new ideas for the rest" in page
    assert "Let&#39;s do number" in page  # the "say this" line is shown


def test_plan_without_children_explains(app, client, auth):
    auth.register()
    with app.app_context():
        make_activities(9)
    response = plan(client)
    page = client.get(response.headers["Location"]).text
    assert "Note:" in page


def test_replan_keeps_done_locked_and_replaces_the_rest(family, app):
    plan(family)
    items = week_items(app)
    done_id, locked_id = items[0].id, items[1].id
    family.post(f"/items/{done_id}/done", data={"done": "1"})
    family.post(f"/items/{locked_id}/lock", data={"locked": "1"})
    before = {item_id: (slug, day) for item_id, slug, day, *_ in items}
    for _seed_try in range(5):
        plan(family)
        after = {item_id: (slug, day) for item_id, slug, day, *_ in week_items(app)}
        assert after[done_id] == before[done_id]
        assert after[locked_id] == before[locked_id]
        assert len(after) == 5
        if set(after.values()) != set(before.values()):
            break
    assert set(after.values()) != set(before.values()), "re-plan never replaced the unlocked items"


def test_lock_and_unlock_are_idempotent(family, app):
    plan(family)
    item_id = first_item_id(app)
    for _ in range(2):
        assert family.post(f"/items/{item_id}/lock", data={"locked": "1"}).status_code == 302
        with app.app_context():
            assert db.session.get(PlanItem, item_id).locked is True
    family.post(f"/items/{item_id}/lock", data={"locked": "0"})
    with app.app_context():
        assert db.session.get(PlanItem, item_id).locked is False
    assert family.post(f"/items/{item_id}/lock", data={"locked": "maybe"}).status_code == 400


def test_swap_shows_choices_and_swaps(family, app):
    plan(family)
    item_id, slug, *_ = week_items(app)[0]
    page = family.get(f"/items/{item_id}/swap")
    assert page.status_code == 200
    assert "Surprise me" in page.text
    in_week = {s for _, s, *_ in week_items(app)}
    with app.app_context():
        from planner.models import Activity

        other = (
            db.session.execute(db.select(Activity.slug).where(Activity.slug.not_in(in_week)))
            .scalars()
            .first()
        )
    assert f'value="{other}"' in page.text or "Use this one" in page.text
    choice = page.text.split('name="activity" value="')[1].split('"')[0]
    assert choice not in in_week
    response = family.post(f"/items/{item_id}/swap", data={"activity": choice})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(PlanItem, item_id).activity.slug == choice


def test_swap_surprise_and_bad_choice(family, app):
    plan(family)
    item_id, slug, *_ = week_items(app)[0]
    family.post(f"/items/{item_id}/swap", data={"surprise": "1"})
    with app.app_context():
        assert db.session.get(PlanItem, item_id).activity.slug != slug
    response = family.post(f"/items/{item_id}/swap", data={"activity": "no-such-card"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/swap")


def test_done_item_cannot_be_swapped(family, app):
    plan(family)
    item_id, slug, *_ = week_items(app)[0]
    family.post(f"/items/{item_id}/done", data={"done": "1"})
    family.post(f"/items/{item_id}/swap", data={"surprise": "1"})
    with app.app_context():
        assert db.session.get(PlanItem, item_id).activity.slug == slug


def test_item_page_offers_every_change(family, app):
    plan(family)
    item_id = first_item_id(app)
    page = family.get(f"/items/{item_id}")
    assert page.status_code == 200
    for text in (
        "Move to",
        "Who is it for?",
        "Do this every",
        "Remove from the week",
        "How did it go?",
    ):
        assert text in page.text, text
    assert family.get("/items/999999").status_code == 404


def test_move_to_another_day(family, app):
    plan(family)
    item_id = first_item_id(app)
    target = MONDAY + timedelta(days=6)
    assert (
        family.post(f"/items/{item_id}/move", data={"day": target.isoformat()}).status_code == 302
    )
    with app.app_context():
        assert db.session.get(PlanItem, item_id).day == target
    outside = MONDAY + timedelta(days=7)
    assert (
        family.post(f"/items/{item_id}/move", data={"day": outside.isoformat()}).status_code == 400
    )
    assert family.post(f"/items/{item_id}/move", data={"day": "junk"}).status_code == 400
    with app.app_context():
        assert db.session.get(PlanItem, item_id).day == target


def test_remove_item_and_confirmation_for_done_items(family, app):
    plan(family)
    first, second = week_items(app)[0].id, week_items(app)[1].id
    assert family.post(f"/items/{first}/remove").status_code == 302
    with app.app_context():
        assert db.session.get(PlanItem, first) is None
    family.post(
        f"/items/{second}/done", data={"done": "1", "note": "We loved it", "participants-sent": "1"}
    )
    response = family.post(f"/items/{second}/remove")
    assert response.headers["Location"].endswith(f"/items/{second}/remove")
    with app.app_context():
        assert db.session.get(PlanItem, second) is not None
    page = family.get(f"/items/{second}/remove").text
    assert "We loved it" in page and "Yes, remove it" in page
    family.post(f"/items/{second}/remove", data={"confirm": "yes"})
    with app.app_context():
        assert db.session.get(PlanItem, second) is None


def test_add_from_library_to_a_chosen_day(family, app):
    day = MONDAY + timedelta(days=3)
    form = family.get(f"/weeks/{MONDAY.isoformat()}/add?activity=card-7")
    assert '<option selected value="card-7">' in form.text
    response = family.post(
        f"/weeks/{MONDAY.isoformat()}/add", data={"activity": "card-7", "day": day.isoformat()}
    )
    assert response.status_code == 302
    items = week_items(app)
    assert [(slug, d) for _, slug, d, *_ in items] == [("card-7", day)]
    again = family.post(
        f"/weeks/{MONDAY.isoformat()}/add", data={"activity": "card-7", "day": day.isoformat()}
    )
    assert again.status_code == 400 and "already in this week" in again.text
    bad = family.post(f"/weeks/{MONDAY.isoformat()}/add", data={"activity": "nope", "day": "x"})
    assert bad.status_code == 400 and "Not a valid choice" in bad.text


def test_add_a_custom_card_of_this_household_only(family, app):
    with app.app_context():
        mine = household_of("sam@example.com")
        make_activities(1, household_id=mine.id, prefix="mine")
    other = app.test_client()
    AuthActions(other).register("zed@example.com", "Zed")
    with app.app_context():
        theirs = household_of("zed@example.com")
        make_activities(1, household_id=theirs.id, prefix="theirs")
    ok = family.post(
        f"/weeks/{MONDAY.isoformat()}/add", data={"activity": "mine-0", "day": MONDAY.isoformat()}
    )
    assert ok.status_code == 302
    refused = family.post(
        f"/weeks/{MONDAY.isoformat()}/add", data={"activity": "theirs-0", "day": MONDAY.isoformat()}
    )
    assert refused.status_code == 400


def test_choose_children_for_an_item(family, app):
    plan(family)
    item_id = first_item_id(app)
    with app.app_context():
        mia = db.session.execute(db.select(Child).where(Child.name == "Mia")).scalar_one()
    family.post(f"/items/{item_id}/children", data={"children": [mia.id]})
    with app.app_context():
        assert [c.name for c in db.session.get(PlanItem, item_id).children] == ["Mia"]
    assert "For Mia" in family.get(f"/weeks/{MONDAY.isoformat()}").text
    family.post(f"/items/{item_id}/children", data={"whole_family": "y"})
    with app.app_context():
        assert db.session.get(PlanItem, item_id).children == []
    assert family.post(f"/items/{item_id}/children", data={"children": [99999]}).status_code == 400


def test_weekly_ritual_appears_every_week_and_is_planned_around(family, app):
    plan(family)
    item_id, slug, day, *_ = week_items(app)[0]
    family.post(f"/items/{item_id}/ritual")
    next_week = MONDAY + timedelta(days=7)
    page = family.get(f"/weeks/{next_week.isoformat()}")
    assert page.status_code == 200
    plan(family, next_week)
    items = week_items(app, next_week)
    assert (slug, day + timedelta(days=7)) in [(s, d) for _, s, d, *_ in items]
    assert len(items) == 5
    # Re-planning keeps it, and it is only there once.
    plan(family, next_week)
    assert [s for _, s, *_ in week_items(app, next_week)].count(slug) == 1
    with app.app_context():
        ritual_id = db.session.execute(db.select(Ritual.id)).scalar_one()
    family.post(f"/rituals/{ritual_id}/stop")
    with app.app_context():
        assert db.session.execute(db.select(Ritual)).first() is None


def test_ritual_is_shown_in_an_already_planned_week(family, app):
    plan(family)
    next_week = MONDAY + timedelta(days=7)
    plan(family, next_week)
    item_id, slug, *_ = week_items(app)[0]
    family.post(f"/items/{item_id}/ritual")
    with app.app_context():
        ritual_id, title = db.session.execute(
            db.select(Ritual.id, Activity.title).join(Activity, Activity.id == Ritual.activity_id)
        ).one()
    page = family.get(f"/weeks/{next_week.isoformat()}").text
    assert f'id="ritual-{ritual_id}"' in page and title in page
    # Shown, not stored: a GET never writes. Ticking it off stores the week's rituals.
    assert slug not in [s for _, s, *_ in week_items(app, next_week)]
    family.post(f"/weeks/{next_week.isoformat()}/rituals/{ritual_id}/done")
    stored = {s: done for _, s, _, _, done in week_items(app, next_week)}
    assert stored[slug] is True
    assert f'id="ritual-{ritual_id}"' not in family.get(f"/weeks/{next_week.isoformat()}").text


def test_editing_the_profile_never_changes_planned_weeks(family, app):
    plan(family)
    before = week_items(app)
    family.post(
        "/family/settings",
        data={
            "household_name": "X",
            "week_starts_on": 6,
            "items_per_week": 3,
            "free_days": [0],
            "weekday_minutes": 5,
            "weekend_minutes": 5,
        },
    )
    assert week_items(app) == before


def test_week_actions_need_csrf(csrf_app):
    client = csrf_app.test_client()
    register_with_csrf(client)
    with csrf_app.app_context():
        make_activities(9)
        add_child_row(household_of("c@example.com"), "Kid", 2016)
    assert client.post(f"/weeks/{MONDAY.isoformat()}/plan").status_code == 400
    with csrf_app.app_context():
        assert db.session.execute(db.select(PlanItem)).first() is None
    token = csrf_token_from(client.get(f"/weeks/{MONDAY.isoformat()}").text)
    assert (
        client.post(f"/weeks/{MONDAY.isoformat()}/plan", data={"csrf_token": token}).status_code
        == 302
    )
    with csrf_app.app_context():
        item = db.session.execute(db.select(PlanItem)).scalars().first()
    assert client.post(f"/items/{item.id}/done", data={"done": "1"}).status_code in (302, 400)
    with csrf_app.app_context():
        assert db.session.get(PlanItem, item.id).done_at is None


def test_other_household_gets_404_on_every_item_route(app, two_households):
    ana, bo = two_households
    with app.app_context():
        add_child_row(household_of("ana@example.com"), "Kid", 2016)
        make_activities(9)
    plan(ana)
    with app.app_context():
        item = db.session.execute(db.select(PlanItem)).scalars().first()
        item_id, before = item.id, (item.activity_id, item.day, item.locked, item.done_at)
    ana.post(f"/items/{item_id}/ritual")
    with app.app_context():
        ritual_id = db.session.execute(db.select(Ritual.id)).scalar_one()
    posts = {
        f"/items/{item_id}/lock": {"locked": "1"},
        f"/items/{item_id}/swap": {"surprise": "1"},
        f"/items/{item_id}/move": {"day": MONDAY.isoformat()},
        f"/items/{item_id}/children": {"whole_family": "y"},
        f"/items/{item_id}/remove": {"confirm": "yes"},
        f"/items/{item_id}/ritual": {},
        f"/items/{item_id}/done": {"done": "1"},
        f"/rituals/{ritual_id}/stop": {},
    }
    for url, data in posts.items():
        assert bo.post(url, data=data).status_code == 404, url
    for url in (f"/items/{item_id}", f"/items/{item_id}/swap", f"/items/{item_id}/remove"):
        assert bo.get(url).status_code == 404, url
    assert "Let&#39;s do number" not in bo.get(f"/weeks/{MONDAY.isoformat()}").text
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        assert item is not None
        assert (item.activity_id, item.day, item.done_at) == (before[0], before[1], before[3])
        assert db.session.get(Ritual, ritual_id) is not None


def page_counts(page: str) -> dict[str, dict[str, int]]:
    """The week page's "done of planned" per practice."""
    found = re.findall(
        r'data-practice="([a-z-]+)">.*?<strong data-done>(\d+)</strong> of <span data-planned>(\d+)',
        page,
    )
    return {slug: {"done": int(done), "planned": int(planned)} for slug, done, planned in found}


def test_the_scripts_tick_answers_the_same_tallies_the_page_shows(family, app):
    plan(family)
    next_week = MONDAY + timedelta(days=7)
    plan(family, next_week)
    first = week_items(app)[0].id
    family.post(f"/items/{first}/ritual")  # now due, not yet stored, on next week
    ticked = week_items(app, next_week)[1].id
    answer = family.post(
        f"/items/{ticked}/done", data={"done": "1"}, headers={"Accept": "application/json"}
    ).get_json()
    assert answer["ok"] and answer["item"]["done"] is True
    page = family.get(f"/weeks/{next_week.isoformat()}").text
    assert answer["item"]["counts"] == page_counts(page)
    assert sum(c["planned"] for c in answer["item"]["counts"].values()) == 6  # 5 and the ritual
