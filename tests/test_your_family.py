"""The "Your family" profile: optional answers, saved as unknown when not given, read by the
planner (a known lack rules cards out, unknown never does), and swaps remembered."""

from datetime import date

import pytest

from planner import planning_inputs
from planner.dates import week_start_for
from planner.extensions import db
from planner.models import Activity, CardSwap, Household, PlanItem, Week
from tests.helpers import add_child_row, household_of, make_activities

MONDAY = week_start_for(date.today(), 0)
NEXT_WEEK = MONDAY.fromordinal(MONDAY.toordinal() + 7)


@pytest.fixture
def family(app, client, auth):
    auth.register()
    with app.app_context():
        add_child_row(household_of("sam@example.com"), "Mia", date.today().year - 7)
    return client


def answers(**overrides):
    data = {
        "adults_at_home": "one",
        "raised_by_relative": "yes",
        "two_homes": "no",
        "other_adults_nearby": "",
        "has_car": "no",
        "has_garden": "yes",
        "has_pet": "no",
        "outing_money": "free",
        "school_days": ["0", "1", "2", "3"],
        "usual_breakfast": "07:15",
        "usual_after_school": "",
        "usual_dinner": "18:00",
        "usual_bedtime": "19:30",
        "grown_ups_per_week": "2",
    }
    data.update(overrides)
    return data


def household(app) -> Household:
    with app.app_context():
        found = household_of("sam@example.com")
        db.session.expunge(found)
        return found


def test_a_new_family_has_said_nothing_and_the_page_says_it_is_optional(family, app):
    page = family.get("/family/about")
    assert page.status_code == 200
    assert "Every answer is optional" in page.text
    assert '<input checked id="adults_at_home-0" name="adults_at_home" type="radio" value="">' in (
        page.text
    )
    saved = household(app)
    assert saved.adults_at_home is None and saved.has_car is None and saved.school_days is None
    assert saved.grown_ups_per_week == 1
    assert "/family/about" in family.get("/family").text


def test_answers_are_saved_and_rather_not_say_stays_unknown(family, app):
    response = family.post("/family/about", data=answers())
    assert response.status_code == 302 and response.headers["Location"].endswith("/family/about")
    saved = household(app)
    assert (saved.adults_at_home, saved.raised_by_relative, saved.two_homes) == ("one", True, False)
    assert saved.other_adults_nearby is None
    assert (saved.has_car, saved.has_garden, saved.has_pet) == (False, True, False)
    assert saved.outing_money == "free" and saved.school_days == "0,1,2,3"
    assert (saved.usual_breakfast, saved.usual_after_school) == ("07:15", None)
    assert (saved.usual_dinner, saved.usual_bedtime) == ("18:00", "19:30")
    assert saved.grown_ups_per_week == 2
    page = family.get("/family/about").text
    assert 'value="07:15"' in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("usual_bedtime", "7pm", "Enter a time like 07:30"),
        ("usual_dinner", "25:00", "Enter a time like 07:30"),
        ("has_car", "maybe", "Not a valid choice"),
        ("adults_at_home", "seven", "Not a valid choice"),
        ("school_days", ["9"], "not a valid choice"),
        ("grown_ups_per_week", "12", "Not a valid choice"),
    ],
)
def test_bad_answers_are_explained_and_nothing_is_saved(family, app, field, value, message):
    response = family.post("/family/about", data=answers(**{field: value}))
    assert response.status_code == 400
    assert message in response.text
    assert household(app).adults_at_home is None


def test_the_planner_reads_the_profile_and_unknown_never_filters(family, app):
    with app.app_context():
        found = household_of("sam@example.com")
        profile = planning_inputs.family_profile(found)
        assert profile.lacks("pet") is False and profile.lacks("car") is False
    family.post("/family/about", data=answers())
    with app.app_context():
        profile = planning_inputs.family_profile(household_of("sam@example.com"))
    assert profile.lacks("pet") and profile.lacks("car") and profile.lacks("money")
    assert profile.lacks("second-adult") and not profile.lacks("other-adult")
    assert profile.school_days == frozenset({0, 1, 2, 3}) and profile.grown_ups_per_week == 2


def test_a_family_without_a_pet_never_gets_a_pet_card(family, app):
    with app.app_context():
        for activity in make_activities(12, prefix="walk-the-dog"):
            activity.needs = "pet"
        db.session.commit()
    family.post(f"/weeks/{MONDAY.isoformat()}/plan")
    assert planned_slugs(app, MONDAY)  # unknown: pet cards are fine
    family.post("/family/about", data=answers(has_pet="no"))
    family.post(f"/weeks/{NEXT_WEEK.isoformat()}/plan")
    assert planned_slugs(app, NEXT_WEEK) == []


def planned_slugs(app, week_start):
    with app.app_context():
        return list(
            db.session.execute(
                db.select(Activity.slug)
                .join(PlanItem, PlanItem.activity_id == Activity.id)
                .join(Week, Week.id == PlanItem.week_id)
                .where(Week.week_start == week_start)
            ).scalars()
        )


def test_a_swapped_card_is_remembered_and_rests(family, app):
    with app.app_context():
        make_activities(3, minutes=10)
    family.post(f"/weeks/{MONDAY.isoformat()}/plan")
    with app.app_context():
        item = db.session.execute(db.select(PlanItem)).scalars().first()
        item_id, swapped = item.id, item.activity.slug
        extra = make_activities(3, prefix="spare")
    page = family.get(f"/items/{item_id}/swap").text
    choice = page.split('name="activity" value="')[1].split('"')[0]
    family.post(f"/items/{item_id}/swap", data={"activity": choice})
    with app.app_context():
        (row,) = db.session.execute(db.select(CardSwap)).scalars()
        assert row.week_start == MONDAY
        outcomes = planning_inputs.swaps(household_of("sam@example.com").id, NEXT_WEEK)
    assert [(o.slug, o.weeks_ago, o.result) for o in outcomes] == [(swapped, 1, "swapped")]
    assert extra
    family.post(f"/weeks/{NEXT_WEEK.isoformat()}/plan")
    assert swapped not in planned_slugs(app, NEXT_WEEK)
