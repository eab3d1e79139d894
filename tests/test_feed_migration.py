"""Upgrading to hashed feed tokens keeps every subscribed calendar's address working."""

import hashlib

from flask_migrate import upgrade
from sqlalchemy import text

from planner.extensions import db
from tests.test_backup import THROTTLE_SCOPE_REVISION, before_revision
from tests.test_migrations import fresh_app

TOKEN = "an-old-plain-feed-token-abcdefghijklmnop"


def test_feed_addresses_made_before_hashing_still_work(tmp_path):
    app = fresh_app(tmp_path)
    with app.app_context():
        upgrade(revision=before_revision(THROTTLE_SCOPE_REVISION))
        with db.engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO household (name, created_at, week_starts_on, items_per_week,"
                    " free_days, weekday_minutes, weekend_minutes, calendar_token, data_version)"
                    " VALUES ('Old', '2026-01-01', 0, 5, '0,1', 20, 60, :token, 0)"
                ),
                {"token": TOKEN},
            )
        upgrade()
        stored = db.session.execute(text("SELECT calendar_token FROM household")).scalar_one()
        assert stored == hashlib.sha256(TOKEN.encode()).hexdigest()
        db.session.remove()
    assert app.test_client().get(f"/calendar/{TOKEN}.ics").status_code == 200
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
