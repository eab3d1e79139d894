"""Invites, joining, member removal and household scoping."""

import re
from datetime import timedelta

from planner.extensions import db
from planner.models import Invite, User, now_utc
from tests.helpers import TEST_PASSWORD, AuthActions


def make_invite(client) -> str:
    client.post("/family/members/invites")
    page = client.get("/family/members").text
    match = re.search(r'value="(http://localhost/join/[^"]+)"', page)
    assert match, "invite link not shown"
    return match.group(1).replace("http://localhost", "")


def join(client, path, email="kai@example.com", name="Kai"):
    return client.post(
        path,
        data={
            "email": email,
            "display_name": name,
            "password": TEST_PASSWORD,
            "confirm": TEST_PASSWORD,
        },
    )


def test_invite_and_join_shares_the_household(app, client, auth):
    auth.register(household="The Rivera family")
    path = make_invite(client)
    partner = app.test_client()
    page = partner.get(path)
    assert "Join The Rivera family" in page.text
    response = join(partner, path)
    assert response.status_code == 302
    with app.app_context():
        users = db.session.execute(db.select(User).order_by(User.id)).scalars().all()
        assert [u.household_id for u in users] == [users[0].household_id] * 2
        assert users[1].role == "member"
    members = client.get("/family/members").text
    assert "Kai" in members and "kai@example.com" in members


def test_invite_link_is_shown_once(client, auth):
    auth.register()
    make_invite(client)
    assert "/join/" not in client.get("/family/members").text


def test_invite_works_only_once(app, client, auth):
    auth.register()
    path = make_invite(client)
    assert join(app.test_client(), path).status_code == 302
    second = app.test_client()
    assert second.get(path).status_code == 404
    assert join(second, path, email="other@example.com").status_code == 404


def test_invite_expires_after_seven_days(app, client, auth):
    auth.register()
    path = make_invite(client)
    with app.app_context():
        invite = db.session.execute(db.select(Invite)).scalar_one()
        assert timedelta(days=6, hours=23) < invite.expires_at - now_utc() <= timedelta(days=7)
        invite.expires_at = now_utc() - timedelta(seconds=1)
        db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_cancelled_invite_stops_working(app, client, auth):
    auth.register()
    path = make_invite(client)
    with app.app_context():
        invite_id = db.session.execute(db.select(Invite.id)).scalar_one()
    assert client.post(f"/family/members/invites/{invite_id}/cancel").status_code == 302
    assert app.test_client().get(path).status_code == 404


def test_join_form_errors(app, client, auth):
    auth.register()
    path = make_invite(client)
    response = join(app.test_client(), path, email="sam@example.com")
    assert response.status_code == 200
    assert "already exists" in response.text


def test_logged_in_user_is_told_how_to_join(app, client, auth):
    auth.register()
    path = make_invite(client)
    other = app.test_client()
    AuthActions(other).register(email="x@example.com", name="Xi")
    response = other.get(path)
    assert "log out" in response.text


def test_owner_removes_member_and_their_sessions_end(app, client, auth):
    auth.register()
    path = make_invite(client)
    partner = app.test_client()
    join(partner, path)
    with app.app_context():
        kai = db.session.execute(
            db.select(User).where(User.email == "kai@example.com")
        ).scalar_one()
        owner_household = db.session.execute(
            db.select(User.household_id).where(User.email == "sam@example.com")
        ).scalar_one()
    assert client.post(f"/family/members/{kai.id}/remove").status_code == 302
    assert partner.get("/account").status_code == 302
    AuthActions(partner).login(email="kai@example.com")
    assert "kai@example.com" not in client.get("/family/members").text
    with app.app_context():
        kai = db.session.get(User, kai.id)
        assert kai.household_id != owner_household


def test_owner_cannot_remove_self(app, client, auth):
    auth.register()
    with app.app_context():
        me = db.session.execute(db.select(User)).scalar_one()
    response = client.post(f"/family/members/{me.id}/remove", follow_redirects=True)
    assert "can&#39;t remove yourself" in response.text


def test_member_cannot_remove_or_invite(app, client, auth):
    auth.register()
    path = make_invite(client)
    partner = app.test_client()
    join(partner, path)
    with app.app_context():
        owner = db.session.execute(db.select(User).where(User.role == "owner")).scalar_one()
    assert partner.post(f"/family/members/{owner.id}/remove").status_code == 403
    assert partner.post("/family/members/invites").status_code == 403


def test_other_households_members_and_invites_are_404(app, two_households):
    ana, bo = two_households
    make_invite(ana)
    with app.app_context():
        ana_user = db.session.execute(
            db.select(User).where(User.email == "ana@example.com")
        ).scalar_one()
        invite_id = db.session.execute(db.select(Invite.id)).scalar_one()
    assert bo.post(f"/family/members/{ana_user.id}/remove").status_code == 404
    assert bo.post(f"/family/members/invites/{invite_id}/cancel").status_code == 404
    assert "ana@example.com" not in bo.get("/family/members").text


def test_the_old_household_address_leads_to_the_grown_ups_page(client, auth):
    """The members page moved beside the family page; a bookmark of /household still finds it."""
    auth.register()
    response = client.get("/household")
    assert response.status_code == 301
    assert response.headers["Location"] == "/family/members"
    assert "Adults in this household" in client.get("/family/members").text
