"""Issue 17 in the library: "suits my children" by default, grouped pages, and the card page's
place in the week (back link, "In this week", the add form's days and its default day)."""

import re
from datetime import date, datetime, timedelta

import pytest

from planner import clock
from planner.extensions import db
from planner.items import get_or_create_week
from planner.library.forms import CardForm, in_form_words
from planner.models import Activity, PlanItem
from tests.helpers import add_child_row, household_of

WEDNESDAY = datetime(2026, 12, 2, 12, 0)  # noon UTC, a Wednesday
MONDAY = date(2026, 11, 30)


def card(slug, title, ages=(3, 12), needs="", practice="teamwork", kind="activity"):
    return Activity(
        slug=slug,
        title=title,
        practice=practice,
        kind=kind,
        age_min=ages[0],
        age_max=ages[1],
        minutes=10,
        setting="home",
        who="whole-family",
        materials="None",
        steps_text="Do one thing.\nDo another.",
        say="Let's go.",
        why="It helps.",
        needs=needs,
    )


def slugs_in(html):
    return set(re.findall(r'href="/activities/([a-z0-9-]+)"', html)) - {"new", "own"}


@pytest.fixture
def frozen():
    with clock.frozen(WEDNESDAY):
        yield


@pytest.fixture
def family(app, client, auth, frozen):
    """Sam's family: Leo (10) and Mia (6); no car; a small library."""
    auth.register()
    with app.app_context():
        household = household_of("sam@example.com")
        household.has_car = False
        add_child_row(household, "Leo", 2016, 5)
        add_child_row(household, "Mia", 2020, 3)
        db.session.add_all(
            [
                card("for-both", "Build a den", (5, 12)),
                card("toddlers", "Stack the cups", (1, 3)),
                card("teens", "Plan a trip", (13, 17)),
                card("car-trip", "Sing in the car", (4, 12), needs="car"),
                card("pair", "Sibling relay", (5, 11), needs="siblings"),
                card("pair-teen", "Teen sibling chat", (9, 15), needs="siblings"),
                card("mia-only", "Puppet show", (4, 7), practice="connection"),
                card("asking", "Ask Leo for a hand", (8, 12), practice="ask-for-help"),
            ]
        )
        db.session.commit()
        client.household_id = household.id
    return client


def test_the_library_suits_my_children_by_default_with_a_toggle(family):
    page = family.get("/activities").text
    # Ages fit at least one child; no car; siblings need two children in the card's ages.
    assert slugs_in(page) == {"for-both", "pair", "mia-only", "asking"}
    assert re.search(r'<a href="/activities"\s+aria-current="page">Suits Leo, Mia</a>', page)
    assert '<a href="/activities?fit=all">All activities</a>' in page
    everything = family.get("/activities?fit=all").text
    assert slugs_in(everything) == {
        "for-both",
        "toddlers",
        "teens",
        "car-trip",
        "pair",
        "pair-teen",
        "mia-only",
        "asking",
    }
    assert '<a href="/activities?fit=all" aria-current="page">All activities</a>' in everything
    # Other filters keep the choice.
    assert '<input type="hidden" name="fit" value="all">' in everything
    assert slugs_in(family.get("/activities?fit=all&practice=connection").text) == {"mia-only"}


def test_a_family_with_no_children_or_a_visitor_sees_everything(app, client, auth, frozen):
    with app.app_context():
        db.session.add_all([card("a", "Build a den", (5, 12)), card("b", "Plan a trip", (13, 17))])
        db.session.commit()
    assert slugs_in(client.get("/activities").text) == {"a", "b"}
    auth.register()
    page = client.get("/activities").text
    assert slugs_in(page) == {"a", "b"} and "Suits" not in page


def test_an_unknown_fit_is_ignored_with_a_message(family):
    page = family.get("/activities?fit=everyone").text
    assert "Unknown fit ignored." in page
    assert slugs_in(page) == {"for-both", "pair", "mia-only", "asking"}


def test_cards_are_grouped_by_practice_then_kind(family):
    with family.application.app_context():
        db.session.add(card("ritual", "Sunday check-in", (3, 12), kind="ritual"))
        db.session.commit()
    page = family.get("/activities").text
    headings = re.findall(r'<h2 class="card-group-title"[^>]*>([^<]*)</h2>', page)
    assert headings == [
        "Asking for help · Activities",
        "Teamwork · Activities",
        "Teamwork · Rituals",
        "Connection · Activities",
    ]


def week_item(app, household_id, slug, day):
    with app.app_context():
        week = get_or_create_week(household_id, MONDAY)
        activity = db.session.execute(db.select(Activity).where(Activity.slug == slug)).scalar_one()
        item = PlanItem(household_id=household_id, week=week, activity=activity, day=day)
        db.session.add(item)
        db.session.commit()
        return item.id


def test_card_page_offers_the_days_left_and_the_next_free_day(family, app):
    week_item(app, family.household_id, "mia-only", MONDAY + timedelta(days=2))  # Wednesday
    week_item(app, family.household_id, "pair", MONDAY + timedelta(days=3))  # Thursday
    page = family.get("/activities/for-both").text
    assert '<a href="/weeks/2026-11-30">← Back to this week</a>' in page
    days = re.findall(r'name="day" value="([0-9-]+)"( checked)?', page)
    # Wednesday (today) to Sunday: no day already gone, and Friday (first empty) is chosen.
    assert [day for day, _ in days] == [
        (MONDAY + timedelta(days=n)).isoformat() for n in range(2, 7)
    ]
    assert [day for day, checked in days if checked] == ["2026-12-04"]
    assert "<option" not in page[page.index('class="add-to-week"') :].split("</form>")[0]
    assert "(today)" in page
    response = family.post(
        "/weeks/2026-11-30/add", data={"activity": "for-both", "day": "2026-12-04"}
    )
    assert response.status_code == 302
    with app.app_context():
        added = db.session.execute(
            db.select(PlanItem).join(Activity).where(Activity.slug == "for-both")
        ).scalar_one()
        assert added.day == date(2026, 12, 4)


def test_a_card_already_in_this_week_says_so_instead_of_offering_to_add(family, app):
    item_id = week_item(app, family.household_id, "pair", MONDAY + timedelta(days=4))
    page = family.get("/activities/pair").text
    assert "Add to this week" not in page
    assert "In this week, on Friday" in page
    assert f'href="/weeks/2026-11-30#item-{item_id}"' in page


def test_visitors_see_no_week_on_a_card(client, app):
    with app.app_context():
        db.session.add(card("open", "Build a den"))
        db.session.commit()
    page = client.get("/activities/open").text
    assert "Add to this week" not in page and "Back to this week" not in page
    assert "← All activities" in page


# --- the own-card form -------------------------------------------------------------------------


def test_a_card_needs_only_a_title_a_practice_and_steps(app, client, auth):
    auth.register()
    form = client.get("/activities/new").text
    up_front = form[: form.index('<details class="more-details"')]
    for name in ("title", "practice", "steps"):
        assert f'name="{name}"' in up_front
    for name in ("age_min", "materials", "say", "why", "minutes"):
        assert f'name="{name}"' not in up_front
    response = client.post(
        "/activities/new",
        data={
            "title": "Ask Nana about her garden",
            "practice": "ask-for-help",
            "steps": "Call Nana.\nAsk what to plant.",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        saved = db.session.execute(db.select(Activity)).scalar_one()
        assert (saved.age_min, saved.age_max, saved.minutes) == (0, 17, 15)
        assert (saved.setting, saved.who, saved.materials) == ("home", "whole-family", "None")
        assert saved.say == "Let's ask Nana about her garden."
        assert saved.why  # the practice's own reason


def test_every_problem_shows_at_once_with_a_summary_in_the_labels_words(app, client, auth):
    auth.register()
    response = client.post(
        "/activities/new",
        data={
            "title": "Ask",
            "practice": "ask-for-help",
            "steps": "Only one step.",
            "age_max": "x",
            "materials": "m" * 301,
            "minutes": "15",
        },
    )
    assert response.status_code == 400
    page = response.text
    summary = page[
        page.index('class="error-summary"') : page.index("</ul>", page.index("error-summary"))
    ]
    links = re.findall(r'<li><a href="#([a-z_]+)">([^<]+)</a></li>', summary)
    assert [field for field, _ in links] == ["title", "age_max", "materials", "steps"]
    assert "4 things to fix" in summary
    words = dict(links)
    assert words["materials"] == "What to have ready: use at most 300 characters."
    assert words["age_max"] == "Oldest age: Not a valid integer value."
    assert "Materials" not in page
    # A problem under "More details" opens it.
    assert '<details class="more-details" open>' in page
    with app.app_context():
        assert db.session.execute(db.select(Activity)).first() is None


def test_a_missing_detail_is_named_by_its_label(app, client):
    with app.test_request_context(
        method="POST", data={"title": "Ask a neighbour", "steps": "A\nB"}
    ):
        form = CardForm()
        form.practice.data = "ask-for-help"
        form.materials.data = ""
        fields = form.card_fields("own-x")
        assert fields["materials"] == "None"
        assert in_form_words("materials", "Materials is missing.", form.materials) == (
            "What to have ready is missing."
        )
        assert in_form_words("why", "Why is missing.", form.why) == "Why it matters is missing."
