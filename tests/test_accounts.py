"""Accounts: self-service deletion, password rules, session lifetimes and cookies, the login page."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from planner import clock
from planner.auth.deletion import household_tables
from planner.extensions import db
from planner.models import Household, Invite, User, UserSession
from tests.helpers import (
    TEST_PASSWORD,
    AuthActions,
    add_child_row,
    household_of,
    make_activities,
    make_app,
)
from tests.test_calendar import feed_address

MEMBER_PASSWORD = "a long member passphrase"


def join_as_member(app, owner_client, email="kim@example.com", name="Kim", language=None):
    """A new adult joins through an invite (their browser asking for `language`, if given)."""
    owner_client.post("/family/members/invites")
    link = re.search(r"/join/[\w-]+", owner_client.get("/family/members").text).group(0)
    member = app.test_client()
    if language:
        member.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    member.post(
        link,
        data={
            "email": email,
            "display_name": name,
            "password": MEMBER_PASSWORD,
            "confirm": MEMBER_PASSWORD,
        },
    )
    return member


def fill_household(app, client, email="sam@example.com"):
    """Children, own card, a planned week, a moment, an open invite and a feed."""
    with app.app_context():
        household = household_of(email)
        add_child_row(household)
        make_activities(6)
        make_activities(1, household_id=household.id, prefix="own")
    client.post("/weeks/2026-11-30/plan")
    client.post(
        "/moments/new",
        data={"practice": "connection", "happened_on": "2026-11-30", "note": "hello"},
    )
    client.post("/family/members/invites")
    return feed_address(client)


def rows_of(household_id: int) -> dict[str, int]:
    counts = {}
    for table in household_tables():
        counts[table.name] = db.session.execute(
            select(func.count()).select_from(table).where(table.c.household_id == household_id)
        ).scalar_one()
    return counts


def test_account_page_links_to_deletion_which_lists_what_goes(client, auth):
    auth.register()
    assert "/account/delete" in client.get("/account").text
    page = client.get("/account/delete").text
    assert "download your family" in page and "/export" in page
    assert "every child, planned week" in page
    assert "cannot be undone" in page


def test_the_last_adult_deleting_their_account_takes_everything(app, client, auth):
    auth.register()
    feed = fill_household(app, client)
    with app.app_context():
        household_id = household_of("sam@example.com").id
        assert sum(rows_of(household_id).values()) > 5
    response = client.post(
        "/account/delete", data={"what": "account", "current_password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    with app.app_context():
        assert set(rows_of(household_id).values()) == {0}
        assert db.session.get(Household, household_id) is None
        assert db.session.execute(select(func.count(User.id))).scalar_one() == 0
        assert db.session.execute(select(func.count(UserSession.id))).scalar_one() == 0
        assert db.session.execute(select(func.count(Invite.id))).scalar_one() == 0
    assert app.test_client().get(feed).status_code == 404
    assert client.get("/account").status_code == 302
    assert AuthActions(app.test_client()).login().status_code == 401


def test_a_wrong_password_deletes_nothing(app, client, auth):
    auth.register()
    response = client.post("/account/delete", data={"what": "account", "current_password": "no"})
    assert response.status_code == 400
    assert "isn&#39;t your current password" in response.text
    with app.app_context():
        assert db.session.execute(select(func.count(User.id))).scalar_one() == 1


def test_an_owner_with_members_hands_over_or_deletes_the_household(app, client, auth):
    auth.register()
    member = join_as_member(app, client)
    fill_household(app, client)
    refused = client.post(
        "/account/delete", data={"what": "account", "current_password": TEST_PASSWORD}
    )
    assert refused.status_code == 400
    assert "Choose who takes over" in refused.text
    with app.app_context():
        kim = db.session.execute(select(User).where(User.email == "kim@example.com")).scalar_one()
        household_id = kim.household_id
    handed = client.post(
        "/account/delete",
        data={"what": "account", "successor": kim.id, "current_password": TEST_PASSWORD},
    )
    assert handed.status_code == 302
    with app.app_context():
        kim = db.session.get(User, kim.id)
        assert kim.role == "owner" and kim.household_id == household_id
        assert rows_of(household_id)["child"] == 1  # the household and its data stay
        assert (
            db.session.execute(select(User).where(User.email == "sam@example.com")).first() is None
        )
    assert member.get("/account").status_code == 200


def test_an_owner_deletes_the_household_and_members_keep_a_fresh_one(app, client, auth):
    auth.register()
    member = join_as_member(app, client)
    feed = fill_household(app, client)
    with app.app_context():
        household_id = household_of("sam@example.com").id
    response = client.post(
        "/account/delete", data={"what": "household", "current_password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    with app.app_context():
        assert set(rows_of(household_id).values()) == {0}
        assert db.session.get(Household, household_id) is None
        kim = db.session.execute(select(User).where(User.email == "kim@example.com")).scalar_one()
        assert kim.household_id != household_id and kim.role == "owner"
        assert db.session.execute(select(func.count(User.id))).scalar_one() == 1
    assert app.test_client().get(feed).status_code == 404
    assert member.get("/account").status_code == 302  # logged out
    assert (
        AuthActions(app.test_client()).login("kim@example.com", MEMBER_PASSWORD).status_code == 302
    )


def test_a_member_can_only_delete_their_own_account(app, client, auth):
    auth.register()
    member = join_as_member(app, client)
    response = member.post(
        "/account/delete", data={"what": "household", "current_password": MEMBER_PASSWORD}
    )
    assert response.status_code == 400  # not a choice for a member
    response = member.post(
        "/account/delete", data={"what": "account", "current_password": MEMBER_PASSWORD}
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.execute(select(func.count(User.id))).scalar_one() == 1
        assert household_of("sam@example.com") is not None


@pytest.mark.parametrize(
    "password, message",
    [
        ("iloveyou12", "most common"),
        ("sam.okafor2026", "your own email or name"),
        ("okaforokafor", "your own email or name"),
        ("qwertyuiop1", "common"),
        # zxcvbn scores these 2 or more; the family's own words still make up most of each.
        ("Okafor2026!", "your own email or name"),
        ("Samokafor#2024", "your own email or name"),
        ("lee.okafor.26", "your own email or name"),
        ("TheOkaforLee", "your own email or name"),
        ("0kaf0r-Lee-2026", "your own email or name"),
    ],
)
def test_passwords_common_or_built_from_your_own_details_are_refused(client, password, message):
    response = client.post("/register", data=okafor_lee_registration(password))
    assert response.status_code == 200
    assert message in response.text
    assert client.get("/account").status_code == 302  # nobody was registered


def okafor_lee_registration(password: str) -> dict:
    return {
        "email": "sam.okafor@example.com",
        "display_name": "Sam Okafor",
        "household_name": "The Okafor-Lee family",
        "password": password,
        "confirm": password,
    }


@pytest.mark.parametrize("password", ["Lemon kite over Leeds", "Samuel paints the harbour"])
def test_a_good_password_that_touches_a_name_is_accepted(client, password):
    response = client.post("/register", data=okafor_lee_registration(password))
    assert response.status_code == 302


def test_a_new_password_may_not_be_built_from_the_account(client, auth):
    auth.register(email="ivy.marsh@example.com", name="Ivy Marsh")
    response = client.post(
        "/account/password",
        data={
            "pw-current_password": TEST_PASSWORD,
            "pw-new_password": "ivymarsh1990",
            "pw-confirm": "ivymarsh1990",
        },
    )
    assert "your own email or name" in response.text


@pytest.mark.parametrize("remember, days", [(False, 14), (True, 30)])
def test_session_lifetimes_on_the_server(app, client, auth, remember, days):
    auth.register()
    auth.logout()
    auth.login(**({"remember": "y"} if remember else {}))
    with app.app_context():
        row = db.session.execute(select(UserSession)).scalar_one()
        assert abs(row.expires_at - row.created_at - timedelta(days=days)) < timedelta(minutes=1)


def test_an_idle_session_ends(tmp_path):
    idle = 3 * 24 * 60  # the default
    app = make_app(tmp_path, SESSION_IDLE_MINUTES=idle)
    client = app.test_client()
    AuthActions(client).register()
    now = clock.now_utc()
    with clock.frozen(now + timedelta(minutes=idle - 5)):
        assert client.get("/account").status_code == 200  # activity renews the stamp
    with clock.frozen(now + timedelta(minutes=2 * idle - 10)):
        assert client.get("/account").status_code == 200
    with clock.frozen(now + timedelta(minutes=3 * idle)):
        response = client.get("/account")
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def test_secure_cookies_use_the_host_prefix(tmp_path, monkeypatch):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = make_app(tmp_path)
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-together_session"
    response = AuthActions(app.test_client()).register()
    header = next(
        value
        for value in response.headers.getlist("Set-Cookie")
        if value.startswith("__Host-together_session=")
    )
    assert "Secure" in header and "Path=/" in header and "Domain" not in header


def test_the_login_page_says_what_to_ask_the_host_for(client):
    page = client.get("/login").text
    assert "Forgot your password?" in page
    assert "flask --app app users reset-password --email" in page


def test_members_fresh_households_are_named_in_their_own_language(app, client, auth):
    """Deleting the household (or removing a member) names each member's new one their way."""
    auth.register()
    join_as_member(app, client, "kim@example.com", "Kim", language="es")
    join_as_member(app, client, "lee@example.com", "Lee", language="fr")
    with app.app_context():
        lee = db.session.execute(select(User).where(User.email == "lee@example.com")).scalar_one()
    assert client.post(f"/family/members/{lee.id}/remove").status_code == 302
    response = client.post(
        "/account/delete", data={"what": "household", "current_password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    with app.app_context():
        assert household_of("kim@example.com").name == "Familia de Kim"
        assert household_of("lee@example.com").name == "Famille de Lee"
