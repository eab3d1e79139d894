"""Fixtures: an app per test through the factory, on a temporary SQLite file or on PostgreSQL.

Set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run the whole suite
against PostgreSQL; each test then starts from freshly created tables.
"""

import os
import re

import pytest

from planner import create_app, pagecache
from planner.extensions import db

TEST_PASSWORD = "correct horse battery"


def database_url(tmp_path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'test.sqlite3'}"


def make_app(tmp_path, **overrides):
    """Build an app on a clean database (tables created from the models)."""
    os.environ["INSTANCE_PATH"] = str(tmp_path / "instance")
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
        "WTF_CSRF_ENABLED": False,
        # Fast hashing in tests; production uses scrypt (see test_default_hash_is_scrypt).
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    }
    config.update(overrides)
    app = create_app(config)
    with app.app_context():
        db.drop_all()
        db.create_all()
    _apps_made.append(app)
    return app


_apps_made = []


@pytest.fixture(autouse=True)
def _close_connections():
    """Close every pooled connection after each test (PostgreSQL warns about leaked ones)."""
    pagecache.clear()  # the page cache lives in the process; each test starts empty
    yield
    while _apps_made:
        app = _apps_made.pop()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    return make_app(tmp_path)


@pytest.fixture
def csrf_app(tmp_path):
    """An app with CSRF protection switched on, as in production."""
    return make_app(tmp_path, WTF_CSRF_ENABLED=True)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token_from(html: str) -> str:
    """Read the CSRF token out of a rendered form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no csrf token in page"
    return match.group(1)


def register_with_csrf(client, email="c@example.com", name="C"):
    """Register through the real form with CSRF protection on, as a browser would."""
    token = csrf_token_from(client.get("/register").text)
    return client.post(
        "/register",
        data={
            "csrf_token": token,
            "email": email,
            "display_name": name,
            "password": TEST_PASSWORD,
            "confirm": TEST_PASSWORD,
        },
    )


class AuthActions:
    """Register / log in / log out through the real forms."""

    def __init__(self, client):
        self.client = client

    def register(self, email="sam@example.com", name="Sam", password=TEST_PASSWORD, household=""):
        return self.client.post(
            "/register",
            data={
                "email": email,
                "display_name": name,
                "household_name": household,
                "password": password,
                "confirm": password,
            },
        )

    def login(self, email="sam@example.com", password=TEST_PASSWORD, **extra):
        return self.client.post("/login", data={"email": email, "password": password, **extra})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def two_households(app):
    """Two logged-in clients, each in a household of its own."""
    first, second = app.test_client(), app.test_client()
    AuthActions(first).register("ana@example.com", "Ana", household="Ana's family")
    AuthActions(second).register("bo@example.com", "Bo", household="Bo's family")
    return first, second
