"""The library pages and JSON API: every filter, paging, search, bad values, custom cards."""

import itertools
import re

import pytest

from planner.extensions import db
from planner.models import Activity
from tests.helpers import OWN_CARD_FORM, household_of

CARDS = [
    # slug, practice, ages, minutes, setting, who, title
    ("tidy-race", "teamwork", (3, 8), 10, "home", "whole-family", "Beat the tidy timer"),
    ("car-story", "teamwork", (5, 12), 15, "travel", "whole-family", "Tell a car story"),
    (
        "teen-advice",
        "ask-for-help",
        (13, 17),
        15,
        "travel",
        "parent-and-child",
        "Ask your teen's advice",
    ),
    ("jar-help", "ask-for-help", (2, 5), 5, "mealtime", "parent-and-child", "Ask for jar help"),
    ("check-in", "connection", (5, 17), 15, "home", "whole-family", "Hold a weekly check-in"),
    (
        "grandma-call",
        "connection",
        (4, 10),
        30,
        "home",
        "trusted-adult",
        "Call a grandparent together",
    ),
    ("garden", "teamwork", (3, 17), 60, "outdoors", "siblings", "Plant one patch 100% together"),
]


def add_card(slug, practice, ages, minutes, setting, who, title, household_id=None):
    db.session.add(
        Activity(
            slug=slug,
            household_id=household_id,
            title=title,
            practice=practice,
            age_min=ages[0],
            age_max=ages[1],
            minutes=minutes,
            setting=setting,
            who=who,
            materials="None",
            steps_text="First, do this.\nThen do that_thing.",
            say=f"Let's {title.lower()}.",
            why="It helps.",
        )
    )


@pytest.fixture
def library(app):
    with app.app_context():
        for card in CARDS:
            add_card(*card)
        db.session.commit()
    return {card[0]: card for card in CARDS}


def slugs_in(html):
    return set(re.findall(r'href="/activities/([a-z0-9-]+)"', html)) - {"new"}


def expected(library, practice=None, age=None, minutes=None, setting=None, who=None):
    found = set()
    for slug, (_, p, (low, high), mins, where, whom, _) in library.items():
        if practice and p != practice:
            continue
        if age is not None and not low <= age <= high:
            continue
        if minutes is not None and mins > minutes:
            continue
        if setting and where != setting:
            continue
        if who and whom != who:
            continue
        found.add(slug)
    return found


FILTER_VALUES = {
    "practice": ["teamwork", "connection"],
    "age": [4, 14],
    "minutes": [15],
    "setting": ["home", "travel"],
    "who": ["whole-family"],
}


@pytest.mark.parametrize(
    "combo",
    [
        dict(zip(names, values, strict=True))
        for size in (1, 2, 3)
        for names in itertools.combinations(FILTER_VALUES, size)
        for values in itertools.product(*(FILTER_VALUES[n] for n in names))
    ],
    ids=str,
)
def test_every_filter_and_combination(client, library, combo):
    response = client.get("/activities", query_string=combo)
    assert response.status_code == 200
    want = expected(library, **combo)
    assert slugs_in(response.text) == want
    noun = "activity" if len(want) == 1 else "activities"
    assert f"<strong>{len(want)}</strong> {noun}" in response.text
    api = client.get("/api/activities", query_string=combo).get_json()
    assert {item["slug"] for item in api["items"]} == want and api["count"] == len(want)


def test_all_filters_at_once(client, library):
    combo = {
        "practice": "teamwork",
        "age": 6,
        "minutes": 15,
        "setting": "travel",
        "who": "whole-family",
    }
    assert slugs_in(client.get("/activities", query_string=combo).text) == {"car-story"}


def test_text_search_is_case_insensitive_and_escapes_wildcards(client, library):
    assert slugs_in(client.get("/activities?q=GRANDPARENT").text) == {"grandma-call"}
    assert slugs_in(client.get("/activities?q=100%25").text) == {"garden"}
    # A literal %, not "anything" (and no word starts with it).
    assert slugs_in(client.get("/activities?q=%25").text) == set()
    assert slugs_in(client.get("/activities?q=that_thing").text) == set(library)
    assert slugs_in(client.get("/activities?q=that%thing").text) == set()
    assert slugs_in(client.get("/activities?q=tidy+timer").text) == {"tidy-race"}


def test_search_matches_whole_words_not_the_inside_of_words(app, client, library):
    with app.app_context():
        add_card(
            "rain-walk", "connection", (3, 9), 20, "outdoors", "whole-family", "Walk in the rain"
        )
        add_card("train-game", "teamwork", (3, 9), 20, "home", "whole-family", "Play trains")
        add_card("rainy", "teamwork", (3, 9), 20, "home", "whole-family", "A rainy-day den")
        db.session.commit()
    assert slugs_in(client.get("/activities?q=rain").text) == {"rain-walk", "rainy"}
    assert slugs_in(client.get("/activities?q=train").text) == {"train-game"}
    assert slugs_in(client.get("/activities?q=ain").text) == set()
    # Punctuation is a word break; apostrophes are not ("Let's" is one word).
    assert slugs_in(client.get("/activities?q=day+den").text) == {"rainy"}
    assert slugs_in(client.get("/activities?q=lets+walk").text) == {"rain-walk"}
    assert slugs_in(client.get("/activities?q=rain.").text) == {"rain-walk", "rainy"}
    api = client.get("/api/activities?q=rain").get_json()
    assert {item["slug"] for item in api["items"]} == {"rain-walk", "rainy"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("age=abc", "age must be a whole number"),
        ("age=99", "age must be a whole number"),
        ("age=-3", "age must be a whole number"),
        ("minutes=-5", "Minutes must be"),
        ("practice=nope", "Unknown practice"),
        ("setting=moon", "Unknown setting"),
        ("who=cats", "Unknown who"),
        ("page=0", "doesn&#39;t exist"),
        ("page=99999999999", "doesn&#39;t exist"),
        ("page=50", "doesn&#39;t exist"),
    ],
)
def test_bad_filter_values_are_ignored_with_a_message(client, library, query, message):
    response = client.get(f"/activities?{query}")
    assert response.status_code == 200
    assert message in response.text
    assert slugs_in(response.text) == set(library)
    api = client.get(f"/api/activities?{query}")
    if "page=50" not in query:
        assert api.status_code == 400 and "error" in api.get_json()


def test_paging_keeps_filters(app, client):
    with app.app_context():
        for index in range(60):
            add_card(
                f"p-{index:02d}", "teamwork", (5, 9), 10, "home", "siblings", f"Paged card {index}"
            )
        db.session.commit()
    first = client.get("/activities?practice=teamwork&age=6")
    assert "page 1 of 2" in first.text and len(slugs_in(first.text)) == 48
    assert 'href="/activities?practice=teamwork&amp;age=6&amp;page=2"' in first.text
    second = client.get("/activities?practice=teamwork&age=6&page=2")
    assert len(slugs_in(second.text)) == 12
    assert '<a aria-current="page" href="/activities?practice=teamwork&amp;age=6&amp;page=2">' in (
        second.text
    )
    assert not slugs_in(first.text) & slugs_in(second.text)
    api = client.get("/api/activities?practice=teamwork&page=2").get_json()
    assert (api["page"], api["pages"], api["per_page"], len(api["items"])) == (2, 2, 48, 12)


def test_api_item_has_every_field(client, library):
    item = next(
        i for i in client.get("/api/activities").get_json()["items"] if i["slug"] == "tidy-race"
    )
    assert item == {
        "slug": "tidy-race",
        "title": "Beat the tidy timer",
        "practice": "teamwork",
        "practice_name": "Encourage teamwork over competition",
        "age_min": 3,
        "age_max": 8,
        "minutes": 10,
        "setting": "home",
        "who": "whole-family",
        "materials": "None",
        "steps": ["First, do this.", "Then do that_thing."],
        "say": "Let's beat the tidy timer.",
        "why": "It helps.",
        "stretch": None,
        "for_adults": False,
        "kind": "activity",
        "needs": [],
        "day": None,
        "time": None,
        "younger": None,
        "older": None,
        "custom": False,
        "url": "http://localhost/activities/tidy-race",
    }


def test_card_page_shows_every_field_and_links(client, library):
    page = client.get("/activities/check-in").text
    for text in (
        "Hold a weekly check-in",
        "5–17",
        "15 minutes",
        "Home",
        "Whole family",
        "None",
        "First, do this.",
        "Let&#39;s hold a weekly check-in.",
        "It helps.",
    ):
        assert text in page, text
    assert 'href="/practices/connection"' in page
    assert 'href="https://www.anewhopetc.org/"' in page


def test_retired_cards_leave_the_list_but_keep_their_page(app, client, library):
    with app.app_context():
        db.session.execute(
            db.update(Activity).where(Activity.slug == "garden").values(retired=True)
        )
        db.session.commit()
    assert "garden" not in slugs_in(client.get("/activities").text)
    assert "has left the library" in client.get("/activities/garden").text


def test_unknown_card_is_404(client, library):
    assert client.get("/activities/no-such-card").status_code == 404
    assert client.get("/activities/" + "x" * 300).status_code == 404


CUSTOM = OWN_CARD_FORM


def create_custom(client, **changes):
    return client.post("/activities/new", data={**CUSTOM, **changes})


def test_custom_card_create_edit_archive(app, client, auth, library):
    auth.register()
    response = create_custom(client)
    assert response.status_code == 302
    slug = response.headers["Location"].rsplit("/", 1)[1]
    assert slug.startswith("own-")
    page = client.get(f"/activities/{slug}").text
    assert "Your own card" in page and "Plant it together." in page
    listing = client.get("/activities?practice=ask-for-help").text
    assert slug in slugs_in(listing) and "Your card" in listing
    edited = client.post(
        f"/activities/{slug}/edit", data={**CUSTOM, "title": "Ask Grandad about trees"}
    )
    assert edited.status_code == 302
    assert "Ask Grandad about trees" in client.get(f"/activities/{slug}").text
    client.post(f"/activities/{slug}/archive")
    assert slug not in slugs_in(client.get("/activities").text)
    assert "You archived this card" in client.get(f"/activities/{slug}").text
    client.post(f"/activities/{slug}/archive", data={"archived": "0"})
    assert slug in slugs_in(client.get("/activities").text)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "Ask"}, "2 to 7 words"),
        ({"title": ""}, "Title is missing."),
        ({"age_min": "-1"}, "between 0 and 17"),
        ({"age_min": "15", "age_max": "5"}, "youngest age is above"),
        ({"age_max": "x"}, "Not a valid integer value."),
        ({"steps": "Only one step."}, "between 2 and 5 steps"),
        ({"steps": "a\nb\nc\nd\ne\nf"}, "between 2 and 5 steps"),
        ({"materials": "m" * 301}, "What to have ready: use at most 300 characters"),
        ({"why": "w" * 301}, "at most 300 characters"),
        ({"practice": "sharing"}, "Not a valid choice"),
        ({"minutes": "7"}, "Not a valid choice"),
    ],
)
def test_custom_card_validation(app, client, auth, changes, message):
    auth.register()
    response = create_custom(client, **changes)
    assert response.status_code == 400
    assert message in response.text
    with app.app_context():
        assert db.session.execute(db.select(Activity)).first() is None


def test_custom_cards_are_isolated_between_households(app, two_households):
    ana, bo = two_households
    slug = create_custom(ana).headers["Location"].rsplit("/", 1)[1]
    assert bo.get(f"/activities/{slug}").status_code == 404
    assert bo.get(f"/activities/{slug}/edit").status_code == 404
    assert bo.post(f"/activities/{slug}/edit", data=CUSTOM).status_code == 404
    assert bo.post(f"/activities/{slug}/archive").status_code == 404
    assert slug not in slugs_in(bo.get("/activities").text)
    assert slug not in {i["slug"] for i in bo.get("/api/activities").get_json()["items"]}
    assert slug not in slugs_in(app.test_client().get("/activities").text)
    with app.app_context():
        card = db.session.execute(db.select(Activity).where(Activity.slug == slug)).scalar_one()
        assert card.archived is False and card.household_id == household_of("ana@example.com").id


def test_library_cards_cannot_be_edited_by_families(client, auth, library):
    auth.register()
    assert client.get("/activities/tidy-race/edit").status_code == 404
    assert client.post("/activities/tidy-race/archive").status_code == 404


def test_writing_cards_needs_login(client):
    assert client.get("/activities/new").status_code == 302


@pytest.mark.parametrize("slug", ["ask-for-help", "teamwork", "connection"])
def test_practice_pages(client, library, slug):
    page = client.get(f"/practices/{slug}").text
    assert 'href="https://www.anewhopetc.org/"' in page
    assert "People Need People" in page and "Maria Laquerre-Diego" in page
    assert "What it looks like at home" in page and "Common pitfalls" in page
    for band in ("Ages 2–4", "Ages 5–7", "Ages 8–12", "Ages 13–17"):
        assert band in page
    assert expected(library, practice=slug) <= slugs_in(page)
    assert "Reclaiming Connection" in page  # further reading


def test_codependence_is_explained(client):
    assert "codependence" in client.get("/practices/connection").text


def test_essay_url_is_configurable(app, client):
    app.config["ESSAY_URL"] = "https://example.org/people-need-people"
    assert 'href="https://example.org/people-need-people"' in client.get("/practices/teamwork").text


def test_unknown_practice_is_404(client):
    assert client.get("/practices/sharing").status_code == 404


def test_about_page_credits_all_four_essays(client):
    page = client.get("/about").text
    for title in (
        "People Need People",
        "Reclaiming Connection",
        "Embracing Interdependence",
        "Strength in Asking",
    ):
        assert title in page
    assert "not therapy" in page


def test_your_cards_lists_active_and_archived_cards_and_brings_one_back(app, client, auth, library):
    auth.register()
    kept = create_custom(client, title="Ask Grandad about trees").headers["Location"]
    kept = kept.rsplit("/", 1)[1]
    hidden = create_custom(client, title="Ask Gran about birds").headers["Location"]
    hidden = hidden.rsplit("/", 1)[1]
    client.post(f"/activities/{hidden}/archive", data={"next": "own"})
    page = client.get("/activities/own")
    assert page.status_code == 200
    active_part, archived_part = page.text.split('id="own-archived"')
    assert kept in active_part and hidden not in active_part
    assert hidden in archived_part and "Bring back" in archived_part
    assert "In your library (1)" in page.text and "Archived (1)" in page.text
    assert "Not planned yet." in page.text
    assert "tidy-race" not in page.text  # library cards are not "yours"
    back = client.post(f"/activities/{hidden}/archive", data={"archived": "0", "next": "own"})
    assert back.status_code == 302 and back.headers["Location"].endswith("/activities/own")
    assert "Archived (0)" in client.get("/activities/own").text
    assert hidden in slugs_in(client.get("/activities").text)


def test_your_cards_count_how_often_each_was_planned_and_done(app, client, auth, library):
    from datetime import date, datetime

    from planner.models import PlanItem, Week

    auth.register()
    slug = create_custom(client).headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        household = household_of("sam@example.com")
        card = db.session.execute(db.select(Activity).where(Activity.slug == slug)).scalar_one()
        for offset, done in ((0, True), (7, False)):
            start = date(2026, 1, 5 + offset)
            week = Week(household_id=household.id, week_start=start)
            db.session.add(week)
            db.session.flush()
            db.session.add(
                PlanItem(
                    household_id=household.id,
                    week_id=week.id,
                    activity_id=card.id,
                    day=start,
                    done_at=datetime(2026, 1, 5) if done else None,
                )
            )
        db.session.commit()
    assert "Planned 2 times, done 1." in client.get("/activities/own").text


def test_your_cards_belong_to_one_household(app, two_households):
    ana, bo = two_households
    slug = create_custom(ana).headers["Location"].rsplit("/", 1)[1]
    assert slug in ana.get("/activities/own").text
    page = bo.get("/activities/own")
    assert page.status_code == 200 and slug not in page.text and "In your library (0)" in page.text
    assert app.test_client().get("/activities/own").status_code == 302  # log in first


def test_cards_show_and_filter_by_kind_and_needs(app, client, library):
    """The second edition's fields reach the page and the API, and both filter by them."""
    with app.app_context():
        rows = db.session.execute(
            db.select(Activity).where(Activity.household_id.is_(None))
        ).scalars()
        first, second, third = list(rows)[:3]
        first.kind, first.needs, first.day = "ritual", "car,pet", "sunday"
        second.kind, second.needs = "watch-for", ""
        third.kind, third.needs = "activity", "pet"
        slugs = (first.slug, second.slug, third.slug)
        db.session.commit()
    api = client.get("/api/activities?kind=ritual").get_json()
    assert slugs[0] in {item["slug"] for item in api["items"]}
    assert {item["kind"] for item in api["items"]} == {"ritual"}
    entry = next(item for item in api["items"] if item["slug"] == slugs[0])
    assert entry["needs"] == ["car", "pet"] and entry["day"] == "sunday"
    needing_pets = {
        item["slug"] for item in client.get("/api/activities?needs=pet").get_json()["items"]
    }
    assert {slugs[0], slugs[2]} <= needing_pets and slugs[1] not in needing_pets
    needing_nothing = client.get("/api/activities?needs=none&kind=watch-for").get_json()["items"]
    assert slugs[1] in {item["slug"] for item in needing_nothing}
    assert all(item["needs"] == [] for item in needing_nothing)
    assert client.get("/api/activities?kind=chore").status_code == 400
    page = client.get(f"/activities/{slugs[0]}").text
    assert "Ritual" in page and "A car, A pet" in page and "Sunday" in page
    listing = client.get("/activities?kind=watch-for").text
    assert slugs[1] in listing and slugs[0] not in listing


def test_own_cards_take_kind_needs_and_timing_like_the_library(app, client, auth, library):
    """The own-card form asks for the second edition's fields and keeps them through an edit."""
    auth.register()
    form = client.get("/activities/new").text
    assert 'name="kind"' in form and 'name="needs" type="checkbox" value="car"' in form
    response = create_custom(
        client, kind="ritual", needs=["garden", "other-adult"], day="sunday", time_of_day="morning"
    )
    slug = response.headers["Location"].rsplit("/", 1)[1]
    with app.app_context():
        card = db.session.execute(db.select(Activity).where(Activity.slug == slug)).scalar_one()
        assert (card.kind, card.needs, card.day, card.time_of_day) == (
            "ritual",
            "other-adult,garden",  # kept in the vocabulary's order
            "sunday",
            "morning",
        )
    edit_page = client.get(f"/activities/{slug}/edit").text
    assert re.search(r'<input checked[^>]*value="garden"|value="garden"[^>]*checked', edit_page)
    refused = create_custom(client, kind="chore", needs=["a pony"])
    assert refused.status_code == 400 and "Not a valid choice" in refused.text
