"""Several gunicorn workers, one database, 200 concurrent writes: nothing fails, nothing is lost."""

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from planner.dates import week_start_for
from planner.extensions import db
from planner.models import PlanItem, Week
from tests.helpers import (
    TEST_PASSWORD,
    AuthActions,
    add_child_row,
    household_of,
    make_activities,
    make_app,
)
from tests.servers import Browser, gunicorn

MONDAY = week_start_for(date.today(), 0)
CLIENTS = 6
REQUESTS_PER_CLIENT = 34  # 6 x 34 = 204 requests


@pytest.fixture
def seeded(tmp_path):
    """A household with a planned week of 8 items, 6 of them locked (one per client)."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    client = app.test_client()
    AuthActions(client).register()
    AuthActions(app.test_client()).register(email="other@example.com", name="Other")
    with app.app_context():
        household = household_of("sam@example.com")
        household.items_per_week = 8
        db.session.commit()
        add_child_row(household, "Mia", date.today().year - 7)
        make_activities(40)
    client.post(f"/weeks/{MONDAY.isoformat()}/plan")
    with app.app_context():
        items = (
            db.session.execute(
                db.select(PlanItem)
                .join(Week)
                .where(Week.week_start == MONDAY)
                .order_by(PlanItem.id)
            )
            .scalars()
            .all()
        )
        assert len(items) == 8
        targets = [item.id for item in items[:CLIENTS]]
        for item in items[:CLIENTS]:
            item.locked = True
        db.session.commit()
        locked_before = {item.id: (item.activity_id, item.day) for item in items[:CLIENTS]}
        db.session.remove()
        db.engine.dispose()
    return app, url, targets, locked_before


def logged_in(base) -> Browser:
    browser = Browser(base)
    status, _ = browser.login("sam@example.com", TEST_PASSWORD)
    assert status == 302, status
    return browser


def client_run(browser, item_id, index):
    """One parent's session: tick, untick, write notes and re-plan, in order; returns what it did."""
    browser.get(f"/weeks/{MONDAY.isoformat()}")
    statuses = []
    last_done, last_note = None, None
    for step in range(REQUESTS_PER_CLIENT):
        kind = step % 4
        if kind == 0:
            status, _ = browser.post(f"/items/{item_id}/done", {"done": "1"})
            last_done = True
        elif kind == 1:
            note = f"client {index} step {step}"
            status, _ = browser.post(
                f"/items/{item_id}/done",
                {"done": "1", "note": note},
                {"Accept": "application/json"},
            )
            last_done, last_note = True, note
        elif kind == 2:
            status, _ = browser.post(f"/weeks/{MONDAY.isoformat()}/plan")
        else:
            done = "0" if step % 8 == 3 else "1"
            status, _ = browser.post(f"/items/{item_id}/done", {"done": done})
            last_done = done == "1"
        statuses.append(status)
    return statuses, last_done, last_note


def test_concurrent_ticks_notes_and_replans_lose_nothing(seeded, tmp_path):
    app, url, targets, locked_before = seeded
    with (
        gunicorn(url, tmp_path / "instance", workers=3) as base,
        ThreadPoolExecutor(CLIENTS) as pool,
    ):
        # The devices log in one after another: six logins to one account from one address at
        # the same instant look like guessing to the throttle (in-flight attempts count).
        browsers = [logged_in(base) for _ in range(CLIENTS)]
        results = list(pool.map(client_run, browsers, targets, range(CLIENTS)))
    statuses = Counter(code for codes, _, _ in results for code in codes)
    assert sum(statuses.values()) >= 200
    assert set(statuses) <= {200, 302}, statuses
    with app.app_context():
        week = db.session.execute(db.select(Week).where(Week.week_start == MONDAY)).scalar_one()
        items = week.items
        assert len(items) == 8, "re-planning added or lost items"
        assert len({item.activity_id for item in items}) == 8, "duplicate activity in the week"
        by_id = {item.id: item for item in items}
        for item_id, (_codes, last_done, last_note) in zip(targets, results, strict=True):
            item = by_id[item_id]
            assert (item.activity_id, item.day) == locked_before[item_id]
            assert (item.done_at is not None) == last_done
            assert item.note == last_note
        weeks = db.session.execute(db.select(db.func.count(Week.id))).scalar_one()
        assert weeks == 1
        db.session.remove()
        db.engine.dispose()


def test_login_throttle_holds_across_workers(seeded, tmp_path):
    app, url, *_ = seeded
    limit = app.config["LOGIN_MAX_FAILURES"]

    def wrong_login(_):
        return Browser(base).login("other@example.com", "not the password")[0]

    with gunicorn(url, tmp_path / "instance", workers=3) as base:
        with ThreadPoolExecutor(8) as pool:
            codes = Counter(pool.map(wrong_login, range(4 * limit)))
        assert codes[401] <= limit, codes
        assert codes[429] >= 3 * limit, codes
        assert set(codes) <= {401, 429}
        assert Browser(base).login("other@example.com", TEST_PASSWORD)[0] == 429
