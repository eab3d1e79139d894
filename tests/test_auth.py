"""Registration, login, logout, the account page and the CLI, through the real forms."""

import pytest

from planner.extensions import db
from planner.models import Household, User, UserSession
from tests.helpers import TEST_PASSWORD, AuthActions


def test_register_creates_household_and_explains_next_steps(client, auth, app):
    response = auth.register(household="The Okafor-Lee family")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/welcome")
    page = client.get("/welcome")
    assert "Tell us about your family" in page.text
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        assert user.email == "sam@example.com"
        assert user.role == "owner"
        assert user.household.name == "The Okafor-Lee family"
        assert user.password_hash.startswith("pbkdf2:sha256:1000")
        assert TEST_PASSWORD not in user.password_hash


def test_register_default_household_name(auth, app):
    auth.register(name="Jo")
    with app.app_context():
        assert db.session.execute(db.select(Household.name)).scalar_one() == "Jo's family"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "", "Enter your email address."),
        ("email", "not-an-email", "Enter a valid email."),
        ("email", "a" * 250 + "@x.org", "Field cannot be longer than 254 characters."),
        ("display_name", "", "Enter a name."),
        ("display_name", "x" * 81, "Use at most 80 characters."),
        ("password", "short", "Use at least 8 characters."),
        ("password", "p" * 129, "Use at most 128 characters."),
        ("password", "password123", "most common"),
        ("password", "Sunshine1", "most common"),
    ],
)
def test_register_validation(client, field, value, message):
    data = {
        "email": "sam@example.com",
        "display_name": "Sam",
        "password": TEST_PASSWORD,
        "confirm": TEST_PASSWORD,
    }
    data[field] = value
    if field == "password":
        data["confirm"] = value
    response = client.post("/register", data=data)
    assert response.status_code == 200
    assert message in response.text


def test_register_accepts_long_passphrase(auth, client):
    passphrase = "a long family passphrase " * 3  # 75 characters
    assert auth.register(password=passphrase).status_code == 302


def test_register_password_mismatch(client):
    response = client.post(
        "/register",
        data={"email": "a@b.org", "display_name": "A", "password": TEST_PASSWORD, "confirm": "x"},
    )
    assert "The passwords differ." in response.text


def test_register_duplicate_email_case_insensitive(app, auth):
    auth.register()
    other = AuthActions(app.test_client())
    response = other.register(email="SAM@Example.com")
    assert response.status_code == 200
    assert "already exists" in response.text


def test_register_wrong_types_never_500(client):
    response = client.post("/register", data={"email": ["a", "b"], "remember": "maybe"})
    assert response.status_code == 200
    assert "Enter a name." in response.text


def test_login_and_logout(client, auth):
    auth.register()
    auth.logout()
    response = auth.login()
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/account").status_code == 302


def test_login_failure_does_not_reveal_whether_email_exists(client, auth):
    auth.register()
    auth.logout()
    wrong_password = auth.login(password="not the password")
    unknown_email = auth.login(email="nobody@example.com")
    assert wrong_password.status_code == unknown_email.status_code == 401
    message = "That email and password don&#39;t match an account."
    assert message in wrong_password.text
    assert message in unknown_email.text


def test_logout_kills_a_copied_session_cookie(app, client, auth):
    auth.register()
    cookie = client.get_cookie("together_session").value
    thief = app.test_client()
    thief.set_cookie("together_session", cookie)
    assert thief.get("/account").status_code == 200
    auth.logout()
    assert thief.get("/account").status_code == 302
    with app.app_context():
        assert db.session.execute(db.select(UserSession)).first() is None


def test_login_renews_the_session(app, client, auth):
    auth.register()
    before = client.get_cookie("together_session").value
    auth.logout()
    auth.login()
    after = client.get_cookie("together_session").value
    assert before != after
    stale = app.test_client()
    stale.set_cookie("together_session", before)
    assert stale.get("/account").status_code == 302


def test_remember_me_sets_a_cookie(client, auth):
    auth.register()
    auth.logout()
    auth.login(remember="y")
    assert client.get_cookie("remember_token") is not None


def test_password_change_ends_other_sessions(app, client, auth):
    auth.register()
    other_device = app.test_client()
    AuthActions(other_device).login()
    assert other_device.get("/account").status_code == 200
    response = client.post(
        "/account/password",
        data={
            "pw-current_password": TEST_PASSWORD,
            "pw-new_password": "a brand new passphrase",
            "pw-confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    auth.logout()
    assert auth.login(password="a brand new passphrase").status_code == 302


def test_password_change_needs_current_password(client, auth):
    auth.register()
    response = client.post(
        "/account/password",
        data={
            "pw-current_password": "wrong one",
            "pw-new_password": "a brand new passphrase",
            "pw-confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 400
    assert "That isn&#39;t your current password." in response.text


def test_account_details_change(client, auth, app):
    auth.register()
    response = client.post(
        "/account",
        data={
            "display_name": "Sam R.",
            "email": "SamR@example.com",
            "current_password": TEST_PASSWORD,
        },
    )
    assert response.status_code == 302
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        assert (user.display_name, user.email) == ("Sam R.", "samr@example.com")


def test_account_details_need_current_password(client, auth):
    auth.register()
    response = client.post(
        "/account", data={"display_name": "X", "email": "x@example.com", "current_password": "nope"}
    )
    assert "That isn&#39;t your current password." in response.text


def test_account_email_must_be_unique(app, client, auth):
    AuthActions(app.test_client()).register(email="taken@example.com")
    auth.register()
    response = client.post(
        "/account",
        data={
            "display_name": "Sam",
            "email": "taken@example.com",
            "current_password": TEST_PASSWORD,
        },
    )
    assert "Another account already uses this email." in response.text


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "/%0d%0aSet-Cookie:x",
    ],
)
def test_login_next_only_within_site(client, auth, target):
    auth.register()
    auth.logout()
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "sam@example.com", "password": TEST_PASSWORD},
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil" not in location and "javascript" not in location
    assert location.startswith("/")


def test_login_next_within_site_is_followed(client, auth):
    auth.register()
    auth.logout()
    response = client.post(
        "/login",
        query_string={"next": "/account"},
        data={"email": "sam@example.com", "password": TEST_PASSWORD},
    )
    assert response.headers["Location"] == "/account"


def test_cli_create_user_and_reset_password(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Host@Example.com",
            "--name",
            "Host",
            "--password",
            "hosting is fun",
        ]
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert (
        AuthActions(client).login(email="host@example.com", password="hosting is fun").status_code
        == 302
    )
    result = runner.invoke(
        args=[
            "users",
            "reset-password",
            "--email",
            "host@example.com",
            "--password",
            "a fresh start",
        ]
    )
    assert result.exit_code == 0, result.output
    assert client.get("/account").status_code == 302  # the reset ended the session
    assert (
        AuthActions(client).login(email="host@example.com", password="a fresh start").status_code
        == 302
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["users", "create", "--email", "bad", "--name", "X", "--password", "long enough pw"],
            "valid email",
        ),
        (
            ["users", "create", "--email", "a@b.org", "--name", "X", "--password", "short"],
            "at least 8",
        ),
        (
            ["users", "reset-password", "--email", "none@b.org", "--password", "long enough pw"],
            "No account",
        ),
    ],
)
def test_cli_errors(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output


def test_default_hash_is_scrypt(tmp_path):
    from tests.helpers import make_app

    app = make_app(tmp_path, PASSWORD_HASH_METHOD="scrypt")
    with app.test_request_context():
        from planner.auth.passwords import hash_password

        assert hash_password("anything at all").startswith("scrypt:32768:8:1$")
