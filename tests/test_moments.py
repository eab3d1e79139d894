"""Moments: log, list, edit and delete, with validation, CSRF and household scoping."""

import re
from datetime import date, timedelta

import pytest

from planner.dates import week_start_for
from planner.extensions import db
from planner.models import Child, Moment
from tests.helpers import (
    AuthActions,
    add_child_row,
    csrf_token_from,
    household_of,
    register_with_csrf,
)

TODAY = date.today()


@pytest.fixture
def family(app, client, auth):
    """A logged-in household with two children (one archived)."""
    auth.register()
    with app.app_context():
        household = household_of("sam@example.com")
        add_child_row(household, "Mia", TODAY.year - 6)
        add_child_row(household, "Leo", TODAY.year - 10)
        gone = add_child_row(household, "Ada", TODAY.year - 12)
        gone.archived = True
        db.session.commit()
    return client


def child_id(app, name):
    with app.app_context():
        return db.session.execute(db.select(Child.id).where(Child.name == name)).scalar_one()


def moments(app):
    with app.app_context():
        return [
            (m.practice, m.happened_on, m.note, [c.name for c in m.children])
            for m in db.session.execute(db.select(Moment).order_by(Moment.id)).scalars()
        ]


def log(client, **fields):
    data = {"practice": "teamwork", "happened_on": TODAY.isoformat(), "note": ""}
    data.update(fields)
    return client.post("/moments/new", data=data)


def test_new_moment_form_defaults_to_today_and_offers_active_children(family):
    page = family.get("/moments/new")
    assert page.status_code == 200
    assert f'value="{TODAY.isoformat()}"' in page.text
    assert f'max="{TODAY.isoformat()}"' in page.text
    assert "Mia" in page.text and "Leo" in page.text
    assert "Ada" not in page.text  # archived children are not offered for new moments
    for practice in ("ask-for-help", "teamwork", "connection"):
        assert f'value="{practice}"' in page.text


def test_practice_can_be_preselected(family):
    page = family.get("/moments/new?practice=connection").text
    assert re.search(r'<input[^>]* checked[^>]* value="connection"', page)
    assert not re.search(r'<input[^>]* checked[^>]* value="teamwork"', page)


def test_log_a_moment_and_go_back_to_its_week(family, app):
    yesterday = TODAY - timedelta(days=1)
    response = log(
        family,
        practice="ask-for-help",
        happened_on=yesterday.isoformat(),
        note="  Mia asked Leo to help with her shoes.  ",
        children=[str(child_id(app, "Mia")), str(child_id(app, "Leo"))],
    )
    assert response.status_code == 302
    week_start = week_start_for(yesterday, 0)
    assert response.headers["Location"].endswith(f"/weeks/{week_start.isoformat()}")
    assert moments(app) == [
        ("ask-for-help", yesterday, "Mia asked Leo to help with her shoes.", ["Mia", "Leo"])
    ]
    with app.app_context():
        moment = db.session.execute(db.select(Moment)).scalar_one()
        assert moment.created_by_id is not None


def test_a_safe_next_is_followed(family):
    response = log(family, next="/progress")
    assert response.headers["Location"].endswith("/progress")


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_an_unsafe_next_is_ignored(family, target):
    response = log(family, next=target)
    assert "evil" not in response.headers["Location"]
    assert "/weeks/" in response.headers["Location"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"practice": ""}, "Choose the practice it belongs to."),
        ({"practice": "competition"}, "Not a valid choice"),
        ({"happened_on": ""}, "Enter the day it happened."),
        ({"happened_on": "2026-02-30"}, "Enter a real date"),
        ({"happened_on": "yesterday"}, "Enter a real date"),
        ({"happened_on": (TODAY + timedelta(days=1)).isoformat()}, "still to come"),
        ({"note": "x" * 1001}, "Keep the note under 1000 characters."),
        ({"children": ["999999"]}, "not a valid choice"),
    ],
)
def test_validation(family, app, fields, message):
    response = log(family, **fields)
    assert response.status_code == 400
    assert message in response.text
    assert moments(app) == []


def test_archived_child_cannot_be_tagged_on_a_new_moment(family, app):
    response = log(family, children=[str(child_id(app, "Ada"))])
    assert response.status_code == 400
    assert moments(app) == []


def test_a_note_of_exactly_1000_characters_is_fine(family, app):
    assert log(family, note="y" * 1000).status_code == 302
    assert len(moments(app)[0][2]) == 1000


def test_list_shows_moments_newest_first_with_notes_escaped(family, app):
    log(family, happened_on=(TODAY - timedelta(days=3)).isoformat(), note="older one")
    log(family, note="<script>alert('x')</script>")
    page = family.get("/moments")
    assert page.status_code == 200
    assert "<script>alert" not in page.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page.text
    assert page.text.index("&lt;script&gt;") < page.text.index("older one")


def test_edit_keeps_an_archived_child_already_on_the_moment(family, app):
    with app.app_context():
        household = household_of("sam@example.com")
        ada = db.session.execute(db.select(Child).where(Child.name == "Ada")).scalar_one()
        moment = Moment(
            household_id=household.id, practice="teamwork", happened_on=TODAY, children=[ada]
        )
        db.session.add(moment)
        db.session.commit()
        moment_id, ada_id = moment.id, ada.id
    page = family.get(f"/moments/{moment_id}/edit")
    assert page.status_code == 200
    assert "Ada" in page.text
    response = family.post(
        f"/moments/{moment_id}/edit",
        data={
            "practice": "connection",
            "happened_on": (TODAY - timedelta(days=2)).isoformat(),
            "note": "changed",
            "children": [str(ada_id)],
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/moments")
    assert moments(app) == [("connection", TODAY - timedelta(days=2), "changed", ["Ada"])]


def test_edit_validates(family, app):
    log(family)
    with app.app_context():
        moment_id = db.session.execute(db.select(Moment.id)).scalar_one()
    response = family.post(
        f"/moments/{moment_id}/edit", data={"practice": "teamwork", "happened_on": "2999-01-01"}
    )
    assert response.status_code == 400
    assert moments(app)[0][1] == TODAY


def test_delete_asks_first(family, app):
    log(family, note="keep me safe")
    with app.app_context():
        moment_id = db.session.execute(db.select(Moment.id)).scalar_one()
    page = family.get(f"/moments/{moment_id}/delete")
    assert page.status_code == 200
    assert "Delete this moment?" in page.text and "keep me safe" in page.text
    response = family.post(f"/moments/{moment_id}/delete")
    assert response.headers["Location"].endswith(f"/moments/{moment_id}/delete")
    assert len(moments(app)) == 1
    response = family.post(f"/moments/{moment_id}/delete", data={"confirm": "yes"})
    assert response.headers["Location"].endswith("/moments")
    assert moments(app) == []


def test_moments_need_login(client):
    for url in ("/moments", "/moments/new", "/moments/1/edit", "/moments/1/delete"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_other_household_gets_404_and_never_sees_a_moment(app, two_households):
    ana, bo = two_households
    log(ana, note="Ana's private moment")
    with app.app_context():
        moment_id = db.session.execute(db.select(Moment.id)).scalar_one()
    assert bo.get(f"/moments/{moment_id}/edit").status_code == 404
    assert bo.get(f"/moments/{moment_id}/delete").status_code == 404
    edit = {"practice": "connection", "happened_on": TODAY.isoformat(), "note": "hacked"}
    assert bo.post(f"/moments/{moment_id}/edit", data=edit).status_code == 404
    assert bo.post(f"/moments/{moment_id}/delete", data={"confirm": "yes"}).status_code == 404
    assert "Ana&#39;s private moment" not in bo.get("/moments").text
    assert moments(app) == [("teamwork", TODAY, "Ana's private moment", [])]


def test_another_households_child_cannot_be_tagged(app, two_households):
    ana, bo = two_households
    with app.app_context():
        kid = add_child_row(household_of("ana@example.com"), "Kid", 2016)
        kid_id = kid.id
    response = log(bo, children=[str(kid_id)])
    assert response.status_code == 400
    assert moments(app) == []


def test_moment_forms_need_csrf(csrf_app):
    client = csrf_app.test_client()
    AuthActions(client).register()  # without a token: refused
    register_with_csrf(client)
    data = {"practice": "teamwork", "happened_on": TODAY.isoformat()}
    assert client.post("/moments/new", data=data).status_code == 400
    with csrf_app.app_context():
        assert db.session.execute(db.select(Moment)).first() is None
    token = csrf_token_from(client.get("/moments/new").text)
    assert client.post("/moments/new", data={**data, "csrf_token": token}).status_code == 302
    with csrf_app.app_context():
        moment_id = db.session.execute(db.select(Moment.id)).scalar_one()
    assert client.post(f"/moments/{moment_id}/delete", data={"confirm": "yes"}).status_code == 400
    with csrf_app.app_context():
        assert db.session.get(Moment, moment_id) is not None
