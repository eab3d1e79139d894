"""Fixtures: an app per test through the factory, on a temporary SQLite file or on PostgreSQL.

Set TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run the whole suite
against PostgreSQL; each test then starts from freshly created tables.
"""

import pytest

from planner import pagecache
from planner.extensions import db
from tests.helpers import APPS_TO_CLOSE, AuthActions, make_app


@pytest.fixture(autouse=True)
def _close_connections():
    """Close every pooled connection after each test (PostgreSQL warns about leaked ones)."""
    pagecache.clear()  # the page cache lives in the process; each test starts empty
    yield
    while APPS_TO_CLOSE:
        app = APPS_TO_CLOSE.pop()
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
