"""Random and hostile values at every route, form field and URL parameter, logged in and out.

Nothing may answer 500, nothing stored may render as markup, and the other household is untouched.
"""

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.extensions import db
from planner.models import Activity, Child, Household, Moment, PlanItem, User, Week
from tests.helpers import AuthActions, add_child_row, household_of, make_activities

HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "-999999999999999999999",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "true",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE household; --",
    "%00",
    "\x00",
    "../../etc/passwd",
    "2026-02-30",
    "9999-99-99",
    "0000-00-00",
    "😀" * 50,
    "ß" * 3000,
    "a" * 20000,
    "\u202e\u200b",
    "{{7*7}}",
    "${7*7}",
    "javascript:alert(1)",
    "//evil.example",
]
FIELDS = [
    "email",
    "password",
    "confirm",
    "display_name",
    "household_name",
    "name",
    "birth_month",
    "birth_year",
    "week_starts_on",
    "items_per_week",
    "free_days",
    "weekday_minutes",
    "weekend_minutes",
    "day",
    "activity",
    "locked",
    "done",
    "note",
    "rating",
    "participants",
    "participants-sent",
    "children",
    "whole_family",
    "surprise",
    "confirm",
    "history",
    "practice",
    "happened_on",
    "q",
    "age",
    "minutes",
    "setting",
    "who",
    "page",
    "range",
    "child",
    "next",
    "title",
    "steps",
    "say",
    "why",
    "materials",
    "age_min",
    "age_max",
    "stretch",
    "back",
    "current_password",
    "pw-current_password",
    "pw-new_password",
    "pw-confirm",
    "remember",
]
SCRIPT = re.compile(r"<script>alert|<img src=x onerror", re.I)

hostile_text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=300))
form_data = st.dictionaries(
    st.sampled_from(FIELDS), st.one_of(hostile_text, st.lists(hostile_text, max_size=3)), max_size=8
)


def routes(app):
    """Every rule with its methods (static files and the test-only routes left out)."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "auth.logout"):
            continue  # logging out is tested on its own; here it would only end the session
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}) + ["DELETE"]
        found.append((rule, methods))
    return found


def build_path(rule, values, numbers):
    path = rule.rule
    for argument in rule.arguments:
        converter = rule._converters[argument].__class__.__name__
        if converter == "IntegerConverter":
            value = str(numbers.pop() if numbers else 1)
        else:
            value = values.pop() if values else "x"
            value = re.sub(r"[/?#%]", "_", value)[:200] or "_"
        path = re.sub(rf"<(?:[^:<>]+:)?{argument}>", value, path)
    return path


def snapshot(app, household_id):
    """Everything the other household owns, to check it never changes."""
    with app.app_context():
        rows = []
        for model in (Household, User, Child, Activity, Week, PlanItem, Moment):
            column = model.id if model is Household else model.household_id
            for row in db.session.execute(db.select(model).where(column == household_id)).scalars():
                rows.append(
                    (
                        model.__name__,
                        tuple(
                            sorted(
                                (k, repr(v)) for k, v in vars(row).items() if not k.startswith("_")
                            )
                        ),
                    )
                )
        return sorted(rows)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from tests.helpers import APPS_TO_CLOSE, make_app

    app = make_app(tmp_path_factory.mktemp("hostile"))
    APPS_TO_CLOSE.remove(app)  # lives for the whole module
    attacker, victim = app.test_client(), app.test_client()
    AuthActions(attacker).register("a@example.com", "Attacker")
    AuthActions(victim).register("v@example.com", "Victim")
    with app.app_context():
        make_activities(12)
        add_child_row(household_of("a@example.com"), "Ann", date.today().year - 8)
        victim_household = household_of("v@example.com")
        add_child_row(victim_household, "Vic", date.today().year - 9)
        make_activities(2, household_id=victim_household.id, prefix="victim-own")
        victim_id = victim_household.id
    monday = date.today().isoformat()
    attacker.post(f"/weeks/{monday}/plan")
    victim.post(f"/weeks/{monday}/plan")
    victim.post("/moments/new", data={"practice": "teamwork", "happened_on": monday, "note": "hi"})
    with app.app_context():
        victim_ids = [
            i
            for (i,) in db.session.execute(
                db.select(PlanItem.id).where(PlanItem.household_id == victim_id)
            )
        ]
    yield app, attacker, victim_id, victim_ids
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@settings(
    max_examples=400, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
@given(data=st.data())
def test_hostile_requests_never_500_or_leak(world, data):
    app, attacker, victim_id, victim_ids = world
    rule, methods = data.draw(st.sampled_from(routes(app)))
    method = data.draw(st.sampled_from(methods))
    values = data.draw(st.lists(hostile_text, min_size=3, max_size=3))
    numbers = data.draw(
        st.lists(
            st.one_of(st.sampled_from(victim_ids or [1]), st.integers(0, 2**70)),
            min_size=2,
            max_size=2,
        )
    )
    path = build_path(rule, values, numbers)
    query = data.draw(form_data)
    body = data.draw(form_data)
    logged_in = data.draw(st.booleans())
    if logged_in and attacker.get("/account").status_code != 200:
        AuthActions(attacker).login("a@example.com")  # a hostile request may have ended it
    client = attacker if logged_in else app.test_client()
    response = client.open(path, method=method, query_string=query, data=body)
    assert response.status_code < 500, (method, path, query, body, response.status_code)
    if response.mimetype == "text/html":
        assert not SCRIPT.search(response.get_data(as_text=True)), (method, path)


def test_other_household_unchanged_by_all_of_it(world):
    app, attacker, victim_id, _ = world
    if attacker.get("/account").status_code != 200:
        AuthActions(attacker).login("a@example.com")
    before = snapshot(app, victim_id)
    for rule, methods in routes(app):
        for method in methods:
            for number in (1, 2, 3, 5, 8):
                path = build_path(rule, ["x"], [number])
                attacker.open(
                    path,
                    method=method,
                    data={
                        "done": "1",
                        "confirm": "yes",
                        "history": "delete",
                        "note": "<script>alert(1)</script>",
                    },
                )
    assert snapshot(app, victim_id) == before


def test_stored_markup_is_escaped_everywhere(world):
    app, attacker, *_ = world
    if attacker.get("/account").status_code != 200:
        AuthActions(attacker).login("a@example.com")
    with app.app_context():
        item_id = (
            db.session.execute(
                db.select(PlanItem.id)
                .join(User, User.household_id == PlanItem.household_id)
                .where(User.email == "a@example.com")
            )
            .scalars()
            .first()
        )
    attacker.post(
        f"/items/{item_id}/done",
        data={"done": "1", "note": "<script>alert(1)</script>", "participants-sent": "1"},
    )
    attacker.post(
        "/family/children",
        data={"name": "<img src=x onerror=alert(1)>", "birth_month": 1, "birth_year": 2015},
    )
    for path in (
        "/weeks",
        "/family",
        "/progress",
        "/progress/notes",
        "/moments",
        "/export/together.json",
    ):
        response = attacker.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        if response.mimetype == "text/html":
            assert not SCRIPT.search(response.text), path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in attacker.get("/progress/notes").text
