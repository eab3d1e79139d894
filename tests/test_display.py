"""The family display: a read-only link to this week in big type, made and revoked by the owner,
stored only as a hash; the page has no controls and no notes, and refreshes itself."""

import hashlib
import re
from datetime import date, datetime, timedelta

from flask import render_template_string

from planner import clock, items
from planner.display.models import DisplayLink
from planner.extensions import db
from tests.helpers import TEST_PASSWORD, AuthActions, household_of, make_activities
from tests.test_get_never_writes import writes_sent

MONDAY = date(2026, 11, 30)
WEDNESDAY_NOON = datetime(2026, 12, 2, 12)


def plan_with_a_note(app):
    with app.app_context():
        household = household_of("sam@example.com")
        cards = make_activities(3)
        week = items.get_or_create_week(household.id, MONDAY)
        done = items.add(week, cards[0], MONDAY + timedelta(days=1))
        items.add(week, cards[1], MONDAY + timedelta(days=2))
        done.done_at = datetime(2026, 12, 1, 19)
        done.note = "Mia giggled the whole time, a private note"
        db.session.commit()


def make_link(client) -> str:
    response = client.post("/family/display")
    assert response.status_code == 302
    assert response.headers["Location"] == "/family#display-heading"
    with client.session_transaction() as session:
        address = session["display_link"]
    return address.replace("http://localhost", "")


def test_the_owner_makes_a_link_that_shows_this_week_without_controls_or_notes(app, client, auth):
    auth.register()
    plan_with_a_note(app)
    path = make_link(client)
    viewer = app.test_client()  # a tablet: nobody logged in
    with clock.frozen(WEDNESDAY_NOON):
        response = viewer.get(path)
    assert response.status_code == 200
    page = response.text
    assert "Activity number 0" in page and "Activity number 1" in page
    assert "private note" not in page
    assert "<form" not in page and "<button" not in page and "<input" not in page
    # It refreshes itself: a script, and a meta refresh for browsers without JavaScript.
    assert re.search(r'<noscript><meta http-equiv="refresh" content="\d+"></noscript>', page)
    assert re.search(r'<body class="display" data-refresh="\d+">', page)
    assert re.search(r'<script src="/static/js/display\.js\?v=\w+" defer>', page)
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response.headers["X-Robots-Tag"]
    assert page.count("is-done") == 1
    assert '<li class="display-day is-today">' in page


def test_only_a_hash_of_the_token_is_stored(app, client, auth):
    auth.register()
    token = make_link(client).rsplit("/", 1)[1]
    with app.app_context():
        stored = db.session.execute(db.select(DisplayLink)).scalar_one()
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash


def test_a_new_link_retires_the_old_one_and_revoking_ends_it(app, client, auth):
    auth.register()
    first = make_link(client)
    second = make_link(client)
    viewer = app.test_client()
    assert viewer.get(first).status_code == 404
    assert viewer.get(second).status_code == 200
    assert client.post("/family/display/revoke").status_code == 302
    assert viewer.get(second).status_code == 404
    with app.app_context():
        assert db.session.execute(db.select(DisplayLink)).first() is None


def test_unknown_or_malformed_tokens_are_404_in_the_layout(client):
    for token in ("x", "A" * 43, "é" * 30, "a" * 500):
        response = client.get(f"/display/{token}")
        assert response.status_code == 404
        assert "We couldn" in response.text


def test_only_the_owner_makes_or_revokes_the_link(app, client, auth):
    auth.register()
    client.post("/family/members/invites")
    invite = re.search(r"http://localhost(/join/[^\"]+)", client.get("/family/members").text)[1]
    partner = app.test_client()
    partner.post(
        invite,
        data={
            "email": "kai@example.com",
            "display_name": "Kai",
            "password": TEST_PASSWORD,
            "confirm": TEST_PASSWORD,
        },
    )
    assert partner.post("/family/display").status_code == 403
    make_link(client)
    assert partner.post("/family/display/revoke").status_code == 403
    with app.app_context():
        assert db.session.execute(db.select(DisplayLink)).scalar_one()


def test_each_family_sees_only_its_own_week(app, client, auth):
    auth.register()
    plan_with_a_note(app)
    other = app.test_client()
    AuthActions(other).register("bo@example.com", "Bo")
    path = make_link(other)
    with clock.frozen(WEDNESDAY_NOON):
        page = app.test_client().get(path).text
    assert "Activity number 0" not in page


def test_looking_at_the_display_writes_nothing(app, client, auth):
    auth.register()
    plan_with_a_note(app)
    path = make_link(client)
    viewer = app.test_client()
    with writes_sent(app) as sent, clock.frozen(WEDNESDAY_NOON):
        assert viewer.get(path).status_code == 200
    assert sent == []


def test_the_family_page_panel_offers_create_then_revoke(app, client, auth):
    auth.register()

    def panel() -> str:
        with app.test_request_context():
            from flask_login import login_user

            from planner.models import User

            login_user(db.session.execute(db.select(User)).scalar_one())
            return render_template_string('{% include "display/_manage.html" %}')

    assert 'action="/family/display"' in panel()
    assert "/family/display/revoke" not in panel()
    make_link(client)
    assert "/family/display/revoke" in panel()


def test_deleting_the_household_ends_its_display(app, client, auth):
    auth.register()
    path = make_link(client)
    response = client.post(
        "/account/delete", data={"what": "household", "current_password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(DisplayLink)).first() is None
    assert app.test_client().get(path).status_code == 404


def test_the_family_page_offers_the_display_link(client, auth):
    auth.register()
    page = client.get("/family").text
    assert 'id="display-heading"' in page
    assert 'action="/family/display"' in page
