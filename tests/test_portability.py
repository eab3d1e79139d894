"""Export (JSON and CSV) and import into an empty household: round trip, bad files, isolation."""

import copy
import csv
import io
import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import planning, planning_inputs
from planner.extensions import db
from planner.models import (
    Activity,
    CardSwap,
    Child,
    Household,
    Moment,
    PlanItem,
    Ritual,
    User,
    Week,
)
from planner.portability import importer
from planner.portability.exporter import safe_cell
from tests.helpers import csrf_token_from, household_of, make_activities, register_with_csrf

SUNDAY = date(2026, 3, 1)  # Ana's weeks start on Sunday
SWAPPED_WEEK = SUNDAY + timedelta(weeks=2)


def build_rich_household(app, email="ana@example.com"):
    """Settings, two children (one archived), custom cards, rituals, three weeks and moments."""
    with app.app_context():
        household = household_of(email)
        household.name = "Ana's family"
        household.week_starts_on = 6
        household.items_per_week = 7
        household.free_days = "0,2,5,6"
        household.weekday_minutes = 30
        household.weekend_minutes = 90
        household.adults_at_home = "two"
        household.has_car = False
        household.school_days = "0,1,2,3,4"
        household.usual_bedtime = "19:30"
        hid = household.id
        kid = Child(household_id=hid, name="Kid", birth_year=2016, birth_month=4)
        ex = Child(household_id=hid, name="-Older", birth_year=2010, birth_month=12, archived=True)
        db.session.add_all([kid, ex])
        library = make_activities(6)
        own = make_activities(2, household_id=hid, prefix=f"own-{hid}")
        own[0].title = "+1 pancake flip"
        own[0].stretch = "Let them crack the eggs."
        own[1].archived = True
        own[0].kind, own[0].needs, own[0].day = "ritual", "garden,money", "sunday"
        own[1].for_adults, own[1].kind, own[1].time_of_day = True, "grown-ups", "bedtime"
        db.session.flush()
        ritual = Ritual(household_id=hid, activity_id=library[1].id, weekday=6)
        own_ritual = Ritual(household_id=hid, activity_id=own[0].id, weekday=2)
        db.session.add_all([ritual, own_ritual])
        db.session.flush()
        for number in range(3):
            start = SUNDAY + timedelta(weeks=number)
            week = Week(
                household_id=hid,
                week_start=start,
                planned_at=datetime(2026, 3, 1, 9, 30) + timedelta(weeks=number),
                reflection=f"Week {number}: calmer mornings." if number else "",
            )
            db.session.add(week)
            db.session.add_all(
                [
                    PlanItem(
                        household_id=hid,
                        week=week,
                        activity=library[1],
                        day=start,
                        locked=True,
                        ritual_id=ritual.id,
                        done_at=datetime(2026, 3, 1, 18, 0) + timedelta(weeks=number),
                        rating=3,
                        note='=HYPERLINK("http://evil.example")' if number == 0 else "Lovely ✨",
                        participants=[kid, ex],
                        children=[kid],
                    ),
                    PlanItem(
                        household_id=hid,
                        week=week,
                        activity=own[0],
                        day=start + timedelta(days=3),
                        ritual_id=own_ritual.id if number == 2 else None,
                        done_at=datetime(2026, 3, 4, 19, 15) if number == 1 else None,
                        rating=1 if number == 1 else None,
                        note="",
                    ),
                    PlanItem(
                        household_id=hid,
                        week=week,
                        activity=library[number + 2],
                        day=start + timedelta(days=5),
                    ),
                ]
            )
        # Cards swapped away (the planner rests them): a library card and an own card.
        db.session.add_all(
            [
                CardSwap(household_id=hid, activity_id=library[5].id, week_start=SWAPPED_WEEK),
                CardSwap(household_id=hid, activity_id=own[1].id, week_start=SUNDAY),
            ]
        )
        db.session.add_all(
            [
                Moment(
                    household_id=hid,
                    practice="ask-for-help",
                    happened_on=date(2026, 3, 3),
                    note="@Kid asked me to help — then helped back",
                    children=[kid],
                ),
                Moment(
                    household_id=hid,
                    practice="connection",
                    happened_on=date(2026, 3, 10),
                    note="",
                    children=[],
                ),
            ]
        )
        db.session.commit()
        return hid


def normalised(export: dict) -> dict:
    """An export without its timestamp, with custom card slugs replaced by their position."""
    data = copy.deepcopy(export)
    data.pop("exported_at")
    names = {card["slug"]: f"custom#{i}" for i, card in enumerate(data["custom_cards"])}
    for card in data["custom_cards"]:
        card["slug"] = names[card["slug"]]
    for ritual in data["rituals"]:
        ritual["activity"] = names.get(ritual["activity"], ritual["activity"])
    for week in data["weeks"]:
        for item in week["items"]:
            item["activity"] = names.get(item["activity"], item["activity"])
    for swap in data.get("swaps", []):
        swap["activity"] = names.get(swap["activity"], swap["activity"])
    return data


def export_of(client) -> dict:
    response = client.get("/export/together.json")
    assert response.status_code == 200
    return response.get_json()


def upload(client, content: bytes | str, name="together.json"):
    if isinstance(content, str):
        content = content.encode()
    return client.post(
        "/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def household_rows(app, email) -> dict[str, int]:
    with app.app_context():
        hid = household_of(email).id
        counts = {}
        for model in (Child, Week, PlanItem, Ritual, Moment, Activity, CardSwap):
            counts[model.__name__] = db.session.execute(
                db.select(db.func.count()).select_from(model).where(model.household_id == hid)
            ).scalar_one()
        return counts


@pytest.fixture
def ana_and_bo(app, two_households):
    ana, bo = two_households
    build_rich_household(app)
    return ana, bo


# --- export --------------------------------------------------------------------------------


def test_export_pages_need_login(client):
    for url in ("/export", "/export/together.json", "/export/completions.csv", "/import"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_export_page_explains_and_links(ana_and_bo):
    ana, bo = ana_and_bo
    page = ana.get("/export").text
    assert "/export/together.json" in page and "/export/completions.csv" in page
    assert 'href="/import"' not in page  # Ana's household isn't empty
    assert 'href="/import"' in bo.get("/export").text


def test_json_export_is_versioned_and_complete(ana_and_bo):
    ana, _ = ana_and_bo
    response = ana.get("/export/together.json")
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    assert response.headers["Cache-Control"] == "no-store"
    data = response.get_json()
    assert (data["format"], data["version"]) == ("together-export", 1)
    assert data["household"] == {
        "name": "Ana's family",
        "week_starts_on": 6,
        "items_per_week": 7,
        "free_days": [0, 2, 5, 6],
        "weekday_minutes": 30,
        "weekend_minutes": 90,
        "profile": {
            "adults_at_home": "two",
            "raised_by_relative": None,
            "two_homes": None,
            "other_adults_nearby": None,
            "has_car": False,
            "has_garden": None,
            "has_pet": None,
            "outing_money": None,
            "school_days": [0, 1, 2, 3, 4],
            "usual_breakfast": None,
            "usual_after_school": None,
            "usual_dinner": None,
            "usual_bedtime": "19:30",
            "grown_ups_per_week": 1,
        },
    }
    own = data["custom_cards"]
    assert [(c["kind"], c["needs"], c["day"], c["time"]) for c in own] == [
        ("ritual", ["garden", "money"], "sunday", ""),
        ("grown-ups", [], "", "bedtime"),
    ]
    assert [c["name"] for c in data["children"]] == ["Kid", "-Older"]
    assert data["children"][1]["archived"] is True
    assert [c["title"] for c in data["custom_cards"]] == ["+1 pancake flip", "Activity number 1"]
    assert data["custom_cards"][0]["steps"] == ["Do the first thing.", "Do the second thing."]
    assert {r["weekday"] for r in data["rituals"]} == {6, 2}
    assert [w["week_start"] for w in data["weeks"]] == ["2026-03-01", "2026-03-08", "2026-03-15"]
    first = data["weeks"][0]["items"][0]
    assert first == {
        "activity": "card-1",
        "day": "2026-03-01",
        "locked": True,
        "ritual": True,
        "done_at": "2026-03-01T18:00:00",
        "rating": 3,
        "note": '=HYPERLINK("http://evil.example")',
        "children": ["child-1"],
        "participants": ["child-1", "child-2"],
    }
    assert data["weeks"][0]["items"][2]["done_at"] is None
    assert data["moments"][0]["children"] == ["child-1"]
    assert data["swaps"] == [
        {"activity": own[1]["slug"], "week_start": "2026-03-01"},
        {"activity": "card-5", "week_start": "2026-03-15"},
    ]
    body = response.text
    for secret in ("ana@example.com", "password", "calendar_token", "bo@example.com"):
        assert secret not in body


def test_json_export_holds_only_this_household(ana_and_bo):
    _, bo = ana_and_bo
    data = export_of(bo)
    assert data["children"] == data["custom_cards"] == data["weeks"] == data["moments"] == []
    assert data["rituals"] == data["swaps"] == []
    assert data["household"]["name"] == "Bo's family"


def test_csv_has_a_row_per_done_item_and_moment_and_is_injection_safe(ana_and_bo):
    ana, bo = ana_and_bo
    response = ana.get("/export/completions.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["date", "type", "practice", "activity", "children", "rating", "note"]
    body = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    # 3 done ritual items + 1 done custom card item + 2 moments; planned-only items are left out.
    assert len(body) == 6
    assert [row["date"] for row in body] == sorted(row["date"] for row in body)
    first = body[0]
    assert (first["date"], first["type"]) == ("2026-03-01", "activity")
    assert first["activity"] == "Activity number 1"
    assert first["children"] == "Kid, -Older"  # only the first name leads the cell
    assert first["rating"] == "3"
    assert first["note"] == '\'=HYPERLINK("http://evil.example")'
    custom = next(row for row in body if row["activity"].endswith("pancake flip"))
    assert custom["activity"] == "'+1 pancake flip"
    assert custom["rating"] == "1"
    moment = next(row for row in body if row["type"] == "moment" and row["note"])
    assert moment["note"] == "'@Kid asked me to help — then helped back"
    assert moment["activity"] == "" and moment["rating"] == ""
    bo_rows = list(csv.reader(io.StringIO(bo.get("/export/completions.csv").text.lstrip("\ufeff"))))
    assert bo_rows == [rows[0]]  # only the header: nothing of Ana's


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 123", "'+44 123"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t'=1"),  # split on the tab, the second piece starts a formula too
        ("plain = fine", "plain = fine"),
        (None, ""),
        (3, "3"),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


# --- import: the round trip ----------------------------------------------------------------


def test_round_trip_into_a_new_household(app, ana_and_bo):
    ana, bo = ana_and_bo
    original = export_of(ana)
    page = bo.get("/import")
    assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.text
    response = upload(bo, json.dumps(original))
    assert response.status_code == 302, response.text
    assert response.headers["Location"].endswith("/progress")
    copied = export_of(bo)
    assert normalised(copied) == normalised(original)
    assert household_rows(app, "bo@example.com") == household_rows(app, "ana@example.com")
    with app.app_context():
        bo_cards = (
            db.session.execute(
                db.select(Activity.slug).where(
                    Activity.household_id == household_of("bo@example.com").id
                )
            )
            .scalars()
            .all()
        )
        assert not set(bo_cards) & {card["slug"] for card in original["custom_cards"]}
    # Bo's progress now shows the imported history; Ana's household is untouched.
    assert "Lovely ✨" in bo.get("/progress/notes").text
    assert normalised(export_of(ana)) == normalised(original)
    # The household is no longer empty, so a second import is refused and changes nothing.
    before = household_rows(app, "bo@example.com")
    again = upload(bo, json.dumps(original))
    assert again.status_code == 400 and "already has children" in again.text
    assert household_rows(app, "bo@example.com") == before


def test_a_file_from_before_the_family_profile_and_card_kinds_still_imports(app, ana_and_bo):
    """No "profile", no kind/needs/day/time on cards: the profile stays unknown, cards become
    activities, and the old `for_adults` flag means the grown-ups' kind."""
    ana, bo = ana_and_bo
    old = export_of(ana)
    del old["household"]["profile"]
    del old["swaps"]
    for card in old["custom_cards"]:
        for key in ("kind", "needs", "day", "time"):
            del card[key]
    old["custom_cards"][0]["for_adults"] = False
    old["custom_cards"][1]["for_adults"] = True
    response = upload(bo, json.dumps(old))
    assert response.status_code == 302, response.text
    copied = export_of(bo)
    assert set(copied["household"]["profile"].values()) == {None, 1}
    assert [(c["kind"], c["needs"], c["day"], c["time"]) for c in copied["custom_cards"]] == [
        ("activity", [], "", ""),
        ("grown-ups", [], "", ""),
    ]
    assert len(copied["weeks"]) == len(old["weeks"])
    assert copied["swaps"] == []


def test_a_swapped_card_still_rests_after_export_and_import(app, ana_and_bo):
    """Swaps travel with the family: the planner keeps resting a card swapped away before the
    move (8 weeks), and lets it back once the rest is over."""
    ana, bo = ana_and_bo
    assert upload(bo, json.dumps(export_of(ana))).status_code == 302

    def resting(email: str, week_start: date) -> bool:
        with app.app_context():
            household = household_of(email)
            feedback = planning_inputs.learning_inputs(household, week_start)["feedback"]
            record = planning.records_of(feedback).get("card-5")
            return record is not None and record.resting()

    for email in ("ana@example.com", "bo@example.com"):
        assert resting(email, SWAPPED_WEEK + timedelta(weeks=1))
        assert resting(email, SWAPPED_WEEK + timedelta(weeks=planning.REST_WEEKS - 1))
        assert not resting(email, SWAPPED_WEEK + timedelta(weeks=planning.REST_WEEKS))


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (("household", "profile", "has_car"), "yes", "household.profile.has_car"),
        (("household", "profile", "usual_bedtime"), "7pm", "household.profile.usual_bedtime"),
        (("household", "profile", "school_days"), [9], "household.profile.school_days"),
        (("household", "profile", "adults_at_home"), "seven", "household.profile.adults_at_home"),
        (("custom_cards", 0, "kind"), "chore", "custom_cards[0].kind"),
        (("custom_cards", 0, "needs"), ["yacht"], "custom_cards[0].needs"),
        (("custom_cards", 0, "day"), "someday", "custom_cards[0].day"),
    ],
)
def test_bad_profile_or_card_fields_are_named_and_change_nothing(
    app, ana_and_bo, where, value, message
):
    ana, bo = ana_and_bo
    document = export_of(ana)
    target = document
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    before = household_rows(app, "bo@example.com")
    response = upload(bo, json.dumps(document))
    assert response.status_code == 400
    assert message in response.text
    assert household_rows(app, "bo@example.com") == before


def test_an_export_of_an_empty_household_round_trips(app, two_households):
    ana, bo = two_households
    original = export_of(ana)
    assert upload(bo, json.dumps(original)).status_code == 302
    assert normalised(export_of(bo)) == normalised(original)


# --- import: bad files ---------------------------------------------------------------------


@pytest.fixture
def good_export(app, ana_and_bo):
    ana, _ = ana_and_bo
    return export_of(ana)


def mutate(data, change):
    data = copy.deepcopy(data)
    change(data)
    return json.dumps(data)


def set_in(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def delete(path):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


BAD_FILES = {
    "not json": (lambda data: "this is not JSON {", "not readable JSON"),
    "binary": (lambda data: b"\xff\xfe\x00\x81", "not readable JSON"),
    "deep nesting": (lambda data: "[" * 100_000 + "]" * 100_000, "not readable JSON"),
    "a list": (lambda data: "[]", "isn&#39;t a Together export"),
    "wrong format": (
        lambda data: mutate(data, set_in(["format"], "other-app")),
        "isn&#39;t a Together export",
    ),
    "newer version": (lambda data: mutate(data, set_in(["version"], 2)), "newer Together"),
    "version as text": (lambda data: mutate(data, set_in(["version"], "1")), "should be 1"),
    "missing key": (lambda data: mutate(data, delete(["moments"])), "missing “moments”"),
    "missing item key": (
        lambda data: mutate(data, delete(["weeks", 0, "items", 0, "done_at"])),
        "weeks[0].items[0]: is missing “done_at”",
    ),
    "children not a list": (
        lambda data: mutate(data, set_in(["children"], {})),
        "children: should be a list",
    ),
    "month as text": (
        lambda data: mutate(data, set_in(["children", 0, "birth_month"], "4")),
        "children[0].birth_month: should be a whole number",
    ),
    "bool as number": (
        lambda data: mutate(data, set_in(["household", "items_per_week"], True)),
        "household.items_per_week: should be a whole number",
    ),
    "rating out of range": (
        lambda data: mutate(data, set_in(["weeks", 0, "items", 0, "rating"], 5)),
        "between 1 and 3",
    ),
    "locked as text": (
        lambda data: mutate(data, set_in(["weeks", 0, "items", 0, "locked"], "yes")),
        "should be true or false",
    ),
    "unknown activity": (
        lambda data: mutate(data, set_in(["weeks", 0, "items", 2, "activity"], "no-such-card")),
        "doesn&#39;t have: “no-such-card”",
    ),
    "unknown practice": (
        lambda data: mutate(data, set_in(["moments", 0, "practice"], "competition")),
        "moments[0].practice: should be one of",
    ),
    "overlong note": (
        lambda data: mutate(data, set_in(["weeks", 0, "items", 0, "note"], "x" * 1001)),
        "is too long (1001 characters; at most 1000)",
    ),
    "overlong child name": (
        lambda data: mutate(data, set_in(["children", 0, "name"], "K" * 41)),
        "children[0].name: is too long",
    ),
    "overlong household name": (
        lambda data: mutate(data, set_in(["household", "name"], "N" * 81)),
        "household.name: is too long",
    ),
    "NUL in a note": (
        lambda data: mutate(data, set_in(["moments", 0, "note"], "a\x00b")),
        "contains a NUL character",
    ),
    "bad date": (
        lambda data: mutate(data, set_in(["moments", 0, "happened_on"], "2026-02-30")),
        "should be a date like",
    ),
    "day outside its week": (
        lambda data: mutate(data, set_in(["weeks", 0, "items", 0, "day"], "2026-04-01")),
        "isn&#39;t in its week",
    ),
    "unknown child": (
        lambda data: mutate(data, set_in(["weeks", 0, "items", 0, "participants"], ["child-9"])),
        "refers to a child the file doesn&#39;t have",
    ),
    "same week twice": (
        lambda data: mutate(data, lambda d: d["weeks"].append(copy.deepcopy(d["weeks"][0]))),
        "the same week appears twice",
    ),
    "ritual without ritual": (
        lambda data: mutate(data, set_in(["rituals"], [])),
        "no weekly ritual for that activity",
    ),
    "ages upside down": (
        lambda data: mutate(data, set_in(["custom_cards", 0, "age_max"], 1)),
        "custom_cards[0].age_max: The youngest age is above the oldest age.",
    ),
    "a card the library rules refuse": (
        lambda data: mutate(data, set_in(["custom_cards", 0, "setting"], "garage")),
        "custom_cards[0].setting: Setting must be one of",
    ),
    "a card of 7 minutes": (
        lambda data: mutate(data, set_in(["custom_cards", 0, "minutes"], 7)),
        "custom_cards[0].minutes:",
    ),
    "a card with one step": (
        lambda data: mutate(data, set_in(["custom_cards", 0, "steps"], ["Just this."])),
        "custom_cards[0].steps:",
    ),
    "a one-word card title": (
        lambda data: mutate(data, set_in(["custom_cards", 0, "title"], "Pancakes")),
        "custom_cards[0].title:",
    ),
    "a control character in a card title": (
        lambda data: mutate(data, set_in(["custom_cards", 0, "title"], "Flip\x1b pancakes")),
        "custom_cards[0].title: contains control characters",
    ),
    "a child born in the future": (
        lambda data: mutate(data, set_in(["children", 0, "birth_year"], 2999)),
        "children[0].birth_year: is in the future.",
    ),
    "a child born 60 years ago": (
        lambda data: mutate(data, set_in(["children", 0, "birth_year"], date.today().year - 60)),
        "children[0].birth_year: is more than 40 years ago.",
    ),
    "a tab in a child name": (
        lambda data: mutate(data, set_in(["children", 0, "name"], "Ki\td")),
        "children[0].name: contains control characters",
    ),
    "a line separator in the household name": (
        lambda data: mutate(data, set_in(["household", "name"], "Ivy\u2028fam")),
        "household.name: contains control characters",
    ),
    "a paragraph separator in a child name": (
        lambda data: mutate(data, set_in(["children", 0, "name"], "Mia\u2029Lou")),
        "children[0].name: contains control characters",
    ),
    "a line separator in a card title": (
        lambda data: mutate(data, set_in(["custom_cards", 0, "title"], "Flip\u2028pancakes")),
        "custom_cards[0].title: contains control characters",
    ),
    "a week starting on the wrong day": (
        lambda data: mutate(data, set_in(["household", "week_starts_on"], 0)),
        "weeks[0].week_start: should be a Monday, the day the family",
    ),
    "a moment far in the future": (
        lambda data: mutate(data, set_in(["moments", 0, "happened_on"], "2999-01-01")),
        "moments[0].happened_on: is in the future.",
    ),
    "more children than a family can keep": (
        lambda data: mutate(
            data,
            set_in(
                ["children"],
                [
                    {
                        "key": f"k{n}",
                        "name": f"Kid {n}",
                        "birth_year": 2016,
                        "birth_month": 1,
                        "archived": False,
                    }
                    for n in range(31)
                ],
            ),
        ),
        "children: has 31 children. A family can keep at most 30 children in Together.",
    ),
    "sunday-ish week start": (
        lambda data: mutate(data, set_in(["household", "week_starts_on"], 3)),
        "should be 0 (Monday) or 6 (Sunday)",
    ),
    "swaps not a list": (
        lambda data: mutate(data, set_in(["swaps"], {})),
        "swaps: should be a list",
    ),
    "a swap without its week": (
        lambda data: mutate(data, delete(["swaps", 0, "week_start"])),
        "swaps[0]: is missing “week_start”",
    ),
    "a swap of an unknown card": (
        lambda data: mutate(data, set_in(["swaps", 1, "activity"], "no-such-card")),
        "doesn&#39;t have: “no-such-card”",
    ),
    "a swap on a bad date": (
        lambda data: mutate(data, set_in(["swaps", 1, "week_start"], "soon")),
        "swaps[1].week_start: should be a date like",
    ),
    "bad timestamp": (
        lambda data: mutate(data, set_in(["weeks", 0, "items", 0, "done_at"], "yesterday")),
        "should be a date and time",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_change_nothing(app, good_export, ana_and_bo, case):
    _, bo = ana_and_bo
    make, message = BAD_FILES[case]
    before = household_rows(app, "bo@example.com")
    response = upload(bo, make(good_export))
    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    assert message in response.text
    assert household_rows(app, "bo@example.com") == before
    with app.app_context():
        household = household_of("bo@example.com")
        assert (household.name, household.week_starts_on) == ("Bo's family", 0)


def test_many_errors_are_capped(app, good_export, ana_and_bo):
    _, bo = ana_and_bo
    bad = copy.deepcopy(good_export)
    bad["children"] = [{"key": 1}] * 40
    response = upload(bo, json.dumps(bad))
    assert response.status_code == 400
    assert "possibly more" in response.text
    errors = response.text[response.text.index('class="form-errors"') :]
    assert errors[: errors.index("</div>")].count("<li>") == 13


def test_a_late_error_in_a_valid_looking_file_still_changes_nothing(app, good_export, ana_and_bo):
    """Everything before the unknown slug is valid: the import must not be half done."""
    _, bo = ana_and_bo
    bad = copy.deepcopy(good_export)
    bad["weeks"][-1]["items"][-1]["activity"] = "retired-long-ago"
    assert upload(bo, json.dumps(bad)).status_code == 400
    assert household_rows(app, "bo@example.com") == dict.fromkeys(
        ("Child", "Week", "PlanItem", "Ritual", "Moment", "Activity", "CardSwap"), 0
    )


def test_another_households_custom_card_slug_is_unknown(app, good_export, ana_and_bo):
    """A file can't point at a card of some other household on this server."""
    _, bo = ana_and_bo
    bad = copy.deepcopy(good_export)
    ana_slug = bad["custom_cards"][0]["slug"]
    bad["custom_cards"] = bad["custom_cards"][1:]
    bad["rituals"] = [r for r in bad["rituals"] if r["activity"] != ana_slug]
    for week in bad["weeks"]:
        for item in week["items"]:
            if item["activity"] == ana_slug:
                item["ritual"] = False
    response = upload(bo, json.dumps(bad))
    assert response.status_code == 400
    assert ana_slug in response.text
    assert household_rows(app, "bo@example.com")["PlanItem"] == 0


def test_missing_file_is_a_form_error(ana_and_bo):
    _, bo = ana_and_bo
    response = bo.post("/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose the .json file" in response.text


def test_a_file_over_5_mb_is_refused(app, ana_and_bo):
    _, bo = ana_and_bo
    # A raw body (not the test client's temp-file multipart encoder, which leaks a file on 413).
    response = bo.post(
        "/import",
        data=b"-" * (5 * 1024 * 1024 + 10),
        content_type="multipart/form-data; boundary=xyz",
    )
    assert response.status_code == 413
    assert household_rows(app, "bo@example.com")["Child"] == 0


def test_a_non_empty_household_cannot_import(app, good_export, ana_and_bo):
    ana, _ = ana_and_bo
    before = household_rows(app, "ana@example.com")
    page = ana.get("/import")
    assert page.status_code == 200 and "already has children" in page.text
    assert 'type="file"' not in page.text
    response = upload(ana, json.dumps(good_export))
    assert response.status_code == 400
    assert household_rows(app, "ana@example.com") == before


def test_only_the_owner_can_import(app, good_export, ana_and_bo):
    _, bo = ana_and_bo
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == "bo@example.com")
        ).scalar_one()
        user.role = "member"
        db.session.commit()
    assert bo.get("/import").status_code == 403
    assert upload(bo, json.dumps(good_export)).status_code == 403
    assert household_rows(app, "bo@example.com")["Child"] == 0
    assert 'href="/import"' not in bo.get("/export").text


def test_import_needs_csrf(csrf_app):
    client = csrf_app.test_client()
    register_with_csrf(client)
    export = client.get("/export/together.json").get_json()
    export["household"]["name"] = "Imported family"
    content = json.dumps(export).encode()
    assert upload(client, content).status_code == 400
    with csrf_app.app_context():
        assert household_of("c@example.com").name != "Imported family"
    token = csrf_token_from(client.get("/import").text)
    response = client.post(
        "/import",
        data={"csrf_token": token, "file": (io.BytesIO(content), "together.json")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with csrf_app.app_context():
        assert household_of("c@example.com").name == "Imported family"
        assert (
            db.session.execute(db.select(db.func.count()).select_from(Household)).scalar_one() == 1
        )


# --- the parser never fails in any other way (pure, no app) --------------------------------

VALID = {
    "format": "together-export",
    "version": 1,
    "exported_at": "2026-03-20T10:00:00",
    "household": {
        "name": "Fuzz family",
        "week_starts_on": 0,
        "items_per_week": 5,
        "free_days": [0, 5, 6],
        "weekday_minutes": 20,
        "weekend_minutes": 60,
    },
    "children": [
        {"key": "child-1", "name": "A", "birth_year": 2016, "birth_month": 2, "archived": False}
    ],
    "custom_cards": [
        {
            "slug": "own-card",
            "title": "Own card",
            "practice": "teamwork",
            "age_min": 2,
            "age_max": 17,
            "minutes": 10,
            "setting": "home",
            "who": "whole-family",
            "materials": "None",
            "steps": ["One.", "Two."],
            "say": "Let's do this one together.",
            "why": "Doing it together helps.",
            "stretch": "",
            "for_adults": False,
            "archived": False,
        }
    ],
    "rituals": [{"activity": "own-card", "weekday": 2}],
    "weeks": [
        {
            "week_start": "2026-03-02",
            "planned_at": None,
            "reflection": "",
            "items": [
                {
                    "activity": "own-card",
                    "day": "2026-03-04",
                    "locked": True,
                    "ritual": True,
                    "done_at": "2026-03-04T18:00:00",
                    "rating": 2,
                    "note": "ok",
                    "children": [],
                    "participants": ["child-1"],
                }
            ],
        }
    ],
    "moments": [
        {"practice": "connection", "happened_on": "2026-03-05", "note": "", "children": ["child-1"]}
    ],
}


def paths(value, prefix=()):
    """Every path to a value inside a JSON document."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, (*prefix, index))


ALL_PATHS = [path for path in paths(VALID) if path]
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


def test_the_fuzz_base_document_is_valid():
    parsed = importer.parse(json.dumps(VALID).encode())
    assert parsed["weeks"][0]["items"][0]["participants"] == ["child-1"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALL_PATHS), json_values)
def test_any_value_anywhere_is_accepted_or_explained(path, value):
    document = copy.deepcopy(VALID)
    set_in(list(path), value)(document)
    try:
        importer.parse(json.dumps(document).encode())
    except importer.ImportProblem as problem:
        assert problem.messages and all(isinstance(m, str) for m in problem.messages)


@given(json_values)
def test_any_json_at_all_is_explained(value):
    with pytest.raises(importer.ImportProblem):
        importer.parse(json.dumps(value).encode())
