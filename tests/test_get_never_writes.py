"""A GET never writes: looking at any week (planned, with rituals due, past or ahead) sends no
INSERT, UPDATE or DELETE to the database."""

from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from planner.dates import week_start_for
from planner.extensions import db
from planner.models import Ritual
from tests.helpers import add_child_row, household_of, make_activities

WRITES = ("INSERT", "UPDATE", "DELETE")


@contextmanager
def writes_sent(app):
    """Collect the write statements sent to the database while the block runs."""
    sent = []

    def collect(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(WRITES):
            sent.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", collect)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", collect)


@pytest.fixture
def family_with_a_ritual(app, client, auth):
    """This week and next week planned; then one item made a weekly ritual, due on next week."""
    auth.register()
    with app.app_context():
        household = household_of("sam@example.com")
        add_child_row(household, "Mia", 2018)
        make_activities(30)
    this_week = week_start_for(date.today(), 0)
    next_week = this_week + timedelta(days=7)
    client.post(f"/weeks/{this_week.isoformat()}/plan")
    client.post(f"/weeks/{next_week.isoformat()}/plan")
    with app.app_context():
        household = household_of("sam@example.com")
        item = next(iter(sorted(household_items(household.id), key=lambda i: i.id)))
        item_id = item.id
    client.post(f"/items/{item_id}/ritual")
    with app.app_context():
        assert db.session.execute(db.select(Ritual)).scalar_one()
    return client, this_week, next_week


def household_items(household_id):
    from planner.models import PlanItem, Week

    this_week = week_start_for(date.today(), 0)
    return db.session.execute(
        db.select(PlanItem)
        .join(Week, Week.id == PlanItem.week_id)
        .where(PlanItem.household_id == household_id, Week.week_start == this_week)
    ).scalars()


def test_viewing_weeks_writes_nothing_even_with_a_ritual_due(app, family_with_a_ritual):
    client, this_week, next_week = family_with_a_ritual
    pages = [
        "/weeks",
        f"/weeks/{this_week.isoformat()}",
        f"/weeks/{next_week.isoformat()}",
        f"/weeks/{(next_week + timedelta(days=7)).isoformat()}",
        f"/weeks/{(this_week - timedelta(days=70)).isoformat()}",
        f"/weeks/{next_week.isoformat()}/print",
        f"/weeks/{next_week.isoformat()}/calendar.ics",
        "/progress",
    ]
    for url in pages:
        with writes_sent(app) as sent:
            response = client.get(url)
        assert response.status_code in (200, 302), url
        assert sent == [], url
    assert "Weekly ritual" in client.get(f"/weeks/{next_week.isoformat()}").text
