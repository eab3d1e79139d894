"""Password reset and invites by e-mail, through a real SMTP server and the outbox sender."""

import re
from datetime import timedelta

import pytest

from planner import clock
from planner.extensions import db
from planner.models import User
from planner.reminders.sender import Sender
from tests.helpers import TEST_PASSWORD, AuthActions, make_app
from tests.reminders_support import SmtpServer

NEW_PASSWORD = "a brand new long passphrase"


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def mail_app(tmp_path, smtp):
    return make_app(tmp_path, MAIL_URL=smtp.url)


def reset_link(smtp) -> str:
    text = smtp.inbox.messages[-1].get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://localhost(/password/reset/\S+)", text).group(1)


def ask(client, email):
    return client.post("/password/forgot", data={"email": email})


def test_reset_by_email_works_once_and_ends_old_sessions(mail_app, smtp):
    client = mail_app.test_client()
    AuthActions(client).register()
    assert "Get a reset link by email" in mail_app.test_client().get("/login").text
    other = mail_app.test_client()
    known, unknown = ask(other, "sam@example.com"), ask(other, "nobody@example.com")
    assert known.status_code == unknown.status_code == 200
    assert known.text == unknown.text  # the same answer either way
    assert Sender(mail_app).pass_once().sent == 1
    (message,) = smtp.inbox.messages
    assert message["To"] == "sam@example.com" and "List-Unsubscribe" not in message
    link = reset_link(smtp)
    assert other.get(link).status_code == 200
    response = other.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/reminders/settings").status_code == 302  # the old session has ended
    assert (
        other.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 404
    )
    auth = AuthActions(mail_app.test_client())
    assert auth.login(password=TEST_PASSWORD).status_code == 401
    assert auth.login(password=NEW_PASSWORD).status_code == 302


def test_reset_link_expires_after_an_hour_and_weak_passwords_are_refused(mail_app, smtp):
    AuthActions(mail_app.test_client()).register()
    client = mail_app.test_client()
    ask(client, "sam@example.com")
    Sender(mail_app).pass_once()
    link = reset_link(smtp)
    response = client.post(link, data={"password": "short", "confirm": "short"})
    assert response.status_code == 200 and "Error:" in response.text
    with clock.frozen(clock.now_aware() + timedelta(hours=1, minutes=1)):
        assert client.get(link).status_code == 404
        assert (
            client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
            == 404
        )
    assert client.get("/password/reset/not-a-token").status_code == 404


def test_reset_requests_are_throttled_alike_for_known_and_unknown_addresses(mail_app, smtp):
    AuthActions(mail_app.test_client()).register()
    client = mail_app.test_client()
    for email in ("sam@example.com", "nobody@example.com"):
        statuses = [ask(client, email).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
    assert Sender(mail_app).pass_once().sent == 3
    with mail_app.app_context():
        assert db.session.execute(db.select(User)).scalar_one().email == "sam@example.com"


def test_without_mail_there_is_no_reset_page_and_login_says_ask_the_host(app, client):
    assert client.get("/password/forgot").status_code == 404
    assert "Ask the person who runs Together" in client.get("/login").text


def test_owner_sends_an_invite_by_email_and_the_link_joins_the_household(mail_app, smtp):
    owner = mail_app.test_client()
    AuthActions(owner).register()
    assert "Send an invite by email" in owner.get("/family/members").text
    response = owner.post("/family/members/invites/email", data={"email": "Kim@Example.com"})
    assert response.status_code == 302
    assert Sender(mail_app).pass_once().sent == 1
    (message,) = smtp.inbox.messages
    assert message["To"] == "kim@example.com"
    text = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://localhost(/join/\S+)", text).group(1)
    joiner = mail_app.test_client()
    joined = joiner.post(link, data={"email": "kim@example.com", "display_name": "Kim",
                                     "password": TEST_PASSWORD, "confirm": TEST_PASSWORD})  # fmt: skip
    assert joined.status_code == 302
    with mail_app.app_context():
        kim = db.session.execute(
            db.select(User).where(User.email == "kim@example.com")
        ).scalar_one()
        sam = db.session.execute(
            db.select(User).where(User.email == "sam@example.com")
        ).scalar_one()
        assert kim.household_id == sam.household_id


def test_invite_by_email_is_for_owners_and_checks_the_address(tmp_path, smtp):
    app = make_app(tmp_path, MAIL_URL=smtp.url)
    owner = app.test_client()
    AuthActions(owner).register()
    assert (
        "Enter a valid email."
        in owner.post("/family/members/invites/email", data={"email": "nope"}).text
    )


def test_a_reset_password_may_not_be_built_from_the_account(mail_app, smtp):
    """The reset form follows the same rule as the account page: not the email or the names."""
    AuthActions(mail_app.test_client()).register(email="ivy.marsh@example.com", name="Ivy Marsh")
    client = mail_app.test_client()
    ask(client, "ivy.marsh@example.com")
    Sender(mail_app).pass_once()
    link = reset_link(smtp)
    response = client.post(link, data={"password": "ivymarsh1990", "confirm": "ivymarsh1990"})
    assert "your own email or name" in response.text
    assert (
        client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 302
    )
