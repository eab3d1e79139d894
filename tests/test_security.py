"""CSRF, security headers, throttling, error pages and logging."""

import json
import logging
import os
import subprocess
import sys
import textwrap

import pytest

from planner.extensions import db
from planner.models import LoginAttempt, User
from tests.helpers import TEST_PASSWORD, AuthActions, csrf_token_from


def test_csrf_rejects_a_post_without_token(csrf_app):
    client = csrf_app.test_client()
    response = client.post(
        "/register",
        data={
            "email": "a@b.org",
            "display_name": "A",
            "password": TEST_PASSWORD,
            "confirm": TEST_PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "reload the page" in response.text
    with csrf_app.app_context():
        assert db.session.execute(db.select(User)).first() is None


def test_csrf_accepts_the_forms_token(csrf_app):
    client = csrf_app.test_client()
    token = csrf_token_from(client.get("/register").text)
    response = client.post(
        "/register",
        data={
            "csrf_token": token,
            "email": "a@b.org",
            "display_name": "A",
            "password": TEST_PASSWORD,
            "confirm": TEST_PASSWORD,
        },
    )
    assert response.status_code == 302
    # Logout is a POST with CSRF too: without the token the session survives.
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200
    token = csrf_token_from(client.get("/account").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 302
    assert client.get("/account").status_code == 302


def test_logout_by_get_is_not_allowed(client, auth):
    auth.register()
    response = client.get("/logout")
    assert response.status_code == 405
    assert "isn&#39;t allowed" in response.text
    assert client.get("/account").status_code == 200


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers


def test_hsts_and_secure_cookies_when_https_configured(tmp_path, monkeypatch):
    from tests.helpers import make_app

    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    app = make_app(tmp_path)
    client = app.test_client()
    assert "max-age=" in client.get("/").headers["Strict-Transport-Security"]
    response = AuthActions(client).register()
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_cookie_flags_by_default(auth):
    cookie = auth.register().headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "We couldn&#39;t find that page" in response.text
    assert 'id="main"' in response.text  # rendered inside the layout


def test_500_is_friendly_logged_and_has_no_traceback(app, caplog):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert any("unhandled error" in r.message for r in caplog.records)


def test_owner_only_action_is_403_for_members(app, client, auth):
    auth.register()
    # A member (not the owner) cannot create invites.
    with app.app_context():
        user = db.session.execute(db.select(User)).scalar_one()
        user.role = "member"
        db.session.commit()
    response = client.post("/family/members/invites")
    assert response.status_code == 403
    assert "owner" in response.text


def test_login_is_throttled_after_too_many_failures(app, client, auth):
    auth.register()
    auth.logout()
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert auth.login(password="wrong password").status_code == 401
    response = auth.login()  # even the right password is refused while throttled
    assert response.status_code == 429
    assert "Too many login attempts" in response.text
    assert client.get("/account").status_code == 302


def test_successful_logins_do_not_count(app, client, auth):
    auth.register()
    for _ in range(app.config["LOGIN_MAX_FAILURES"] + 2):
        auth.logout()
        assert auth.login().status_code == 302
    with app.app_context():
        logins = db.select(LoginAttempt).where(LoginAttempt.scope == "login")
        assert db.session.execute(logins).first() is None


def test_login_logging_never_contains_passwords(client, auth, caplog):
    auth.register()
    auth.logout()
    with caplog.at_level(logging.INFO, logger="planner.security"):
        auth.login(password="my wrong secret")
        auth.login()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "login failed" in text and "login user=" in text
    assert "my wrong secret" not in text and TEST_PASSWORD not in text


FAIL_SCRIPT = textwrap.dedent(
    """
    import json, os, sys
    from planner import create_app
    app = create_app(json.loads(sys.argv[1]))
    client = app.test_client()
    codes = []
    for password in sys.argv[3:]:
        r = client.post("/login", data={"email": sys.argv[2], "password": password})
        codes.append(r.status_code)
    print(json.dumps(codes))
    """
)


def run_in_other_process(app, email, *passwords):
    config = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": "test-secret-key",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "TESTING": True,
    }
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-c", FAIL_SCRIPT, json.dumps(config), email, *passwords],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_throttle_holds_across_processes(app, auth):
    auth.register()
    auth.logout()
    limit = app.config["LOGIN_MAX_FAILURES"]
    first = limit // 2 + 1
    second = limit - first
    assert run_in_other_process(app, "sam@example.com", *["wrong"] * first) == [401] * first
    assert run_in_other_process(app, "sam@example.com", *["wrong"] * second) == [401] * second
    # Each process saw fewer failures than the limit; together they reached it.
    assert run_in_other_process(app, "sam@example.com", TEST_PASSWORD) == [429]


@pytest.mark.parametrize("path", ["/join/not-a-token", "/join/" + "x" * 300])
def test_malformed_invite_token_is_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
