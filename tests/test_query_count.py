"""The progress pages run a fixed number of SQL statements, however long a family's history is."""

from contextlib import contextmanager
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, insert

from planner.dates import week_start_for
from planner.extensions import db
from planner.models import Child, Moment, PlanItem, Week, moment_child, plan_item_participant
from tests.helpers import add_child_row, household_of, make_activities

MONDAY = week_start_for(date.today(), 0)
ITEMS_PER_WEEK = 5
PAGES = (
    "/weeks/{monday}",
    "/weeks/{last_monday}",
    "/weeks/{monday}/print",
    "/activities",
    "/activities?practice=teamwork",
    "/family",
    "/family/about",
    "/export",
    "/weeks/{monday}/calendar.ics",
    "/progress",
    "/progress?range=26",
    "/progress?range=52",
    "/progress?range=all",
    "/progress?range=nonsense",
    "/progress/notes",
    "/progress/notes?practice=teamwork",
    "/progress/notes?child={child_id}&page=2",
    "/moments",
)


def add_history(
    household_id: int, weeks: int, activity_ids: list[int], child_ids: list[int], base_id: int
):
    """`weeks` weeks ending last week: 5 items a week (3 done, rated, with notes) and a moment.

    Rows go in with bulk INSERTs and explicit ids, so five years take a moment to build.
    """
    week_rows, item_rows, participant_rows, moment_rows, moment_child_rows = [], [], [], [], []
    for index in range(weeks):
        week_id = base_id + index
        start = MONDAY - timedelta(weeks=weeks - index)
        week_rows.append({"id": week_id, "household_id": household_id, "week_start": start})
        for slot in range(ITEMS_PER_WEEK):
            item_id = base_id * 10 + index * ITEMS_PER_WEEK + slot
            done = slot < 3
            item_rows.append(
                {
                    "id": item_id,
                    "household_id": household_id,
                    "week_id": week_id,
                    "activity_id": activity_ids[(index + slot) % len(activity_ids)],
                    "day": start + timedelta(days=slot),
                    "done_at": datetime.combine(start, datetime.min.time()) if done else None,
                    "rating": 1 + (index + slot) % 3 if done else None,
                    "note": f"Week {index} note {slot}" if done else "",
                }
            )
            if done:
                participant_rows.append(
                    {"plan_item_id": item_id, "child_id": child_ids[slot % len(child_ids)]}
                )
        moment_id = base_id + index
        moment_rows.append(
            {
                "id": moment_id,
                "household_id": household_id,
                "practice": ("ask-for-help", "teamwork", "connection")[index % 3],
                "happened_on": start + timedelta(days=2),
                "note": f"Moment {index}",
            }
        )
        moment_child_rows.extend({"moment_id": moment_id, "child_id": c} for c in child_ids)
    db.session.execute(insert(Week), week_rows)
    db.session.execute(insert(PlanItem), item_rows)
    db.session.execute(insert(plan_item_participant), participant_rows)
    db.session.execute(insert(Moment), moment_rows)
    db.session.execute(insert(moment_child), moment_child_rows)
    db.session.commit()


@contextmanager
def sent_to_database(app):
    """Every (statement, parameters) sent to the database while the block runs."""
    sent = []

    def record(conn, cursor, statement, parameters, context, executemany):
        sent.append((statement, parameters))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def counting(app):
    """The SQL statements sent to the database while the block runs (read after it)."""
    statements = []
    with sent_to_database(app) as sent:
        yield statements
    statements.extend(statement for statement, _parameters in sent)


@pytest.fixture
def short_and_long(app, two_households):
    """Ana has one week of history, Bo ten years (520 weeks); otherwise alike. Pages are built
    every time (no page cache), so the statements counted are the page's own."""
    app.config["PAGE_CACHE"] = False
    ana, bo = two_households
    with app.app_context():
        activities = make_activities(12)
        activity_ids = [activity.id for activity in activities]
        children = {}
        for email, weeks, base_id in (("ana@example.com", 1, 1000), ("bo@example.com", 520, 5000)):
            household = household_of(email)
            kids = [add_child_row(household, name, 2015) for name in ("One", "Two")]
            add_history(household.id, weeks, activity_ids, [kid.id for kid in kids], base_id)
            children[email] = kids[0].id
    ana.child_id, bo.child_id = children["ana@example.com"], children["bo@example.com"]
    return ana, bo


def statements_for(app, client, url: str) -> int:
    url = url.format(
        child_id=client.child_id,
        monday=MONDAY.isoformat(),
        last_monday=(MONDAY - timedelta(weeks=1)).isoformat(),
    )
    client.get(url)  # warm up: first-request work isn't counted
    with counting(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


@pytest.mark.parametrize("url", PAGES)
def test_one_week_and_ten_years_cost_the_same_queries(app, short_and_long, url):
    ana, bo = short_and_long
    short, long = statements_for(app, ana, url), statements_for(app, bo, url)
    assert short == long, f"{url}: {short} statements for 1 week, {long} for 520 weeks"
    assert long <= 12, f"{url}: {long} statements"


def test_the_long_history_is_really_there(app, short_and_long):
    _, bo = short_and_long
    page = bo.get("/progress?range=all").text
    # 520 weeks and this one, summed three months at a time (issue 17: readable on a phone).
    assert 40 <= page.count('<th scope="row">') <= 43
    assert "three months at a time" in page
    assert "Week 519 note 0" in bo.get("/progress/notes").text


@pytest.fixture
def planned_week(app, client, auth):
    """A family with two children and this week planned; returns the client and two item ids."""
    auth.register()
    with app.app_context():
        household = household_of("sam@example.com")
        for name in ("One", "Two"):
            add_child_row(household, name, 2016)
        make_activities(30)
    client.post(f"/weeks/{MONDAY.isoformat()}/plan")
    with app.app_context():
        week = db.session.execute(db.select(Week).where(Week.week_start == MONDAY)).scalar_one()
        ids = [item.id for item in week.items]
    return client, ids


TICKS = {
    "the form tick (redirects back)": {"Accept": "text/html"},
    "the script's tick (answers JSON)": {"Accept": "application/json"},
}


@pytest.mark.parametrize("headers", TICKS.values(), ids=TICKS.keys())
def test_ticking_an_item_off_costs_at_most_seven_statements(app, planned_week, headers):
    client, (warm_up, item_id, *_) = planned_week
    client.post(f"/items/{warm_up}/done", data={"done": "1"}, headers=headers)
    with counting(app) as statements:
        response = client.post(f"/items/{item_id}/done", data={"done": "1"}, headers=headers)
    assert response.status_code in (200, 302)
    with app.app_context():
        assert db.session.get(PlanItem, item_id).done_at is not None
    assert len(statements) <= 7, "\n".join(statements)


@pytest.mark.parametrize("headers", TICKS.values(), ids=TICKS.keys())
def test_a_tick_that_saves_who_took_part_a_rating_and_a_note_costs_at_most_seven(
    app, planned_week, headers
):
    client, (warm_up, item_id, *_) = planned_week
    with app.app_context():
        kids = [child.id for child in db.session.execute(db.select(Child)).scalars()]
    client.post(f"/items/{warm_up}/done", data={"done": "1"}, headers=headers)
    saved = {"done": "1", "participants-sent": "y", "participants": kids[:1], "rating": "3"}
    with counting(app) as statements:
        response = client.post(
            f"/items/{item_id}/done", data={**saved, "note": "We laughed."}, headers=headers
        )
    assert response.status_code in (200, 302)
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        assert (item.note, item.rating) == ("We laughed.", 3)
        assert [child.id for child in item.participants] == kids[:1]
    assert len(statements) <= 7, "\n".join(statements)
