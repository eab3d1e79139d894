"""The stored summary of settled weeks: the progress page reads the same with it as without it, it
is written when a family's new week begins, and every write that could make it wrong forgets it."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import insert

from planner.auth.deletion import delete_household
from planner.extensions import db
from planner.models import (
    Activity,
    Child,
    Household,
    Moment,
    PlanItem,
    ProgressSummary,
    User,
    Week,
)
from planner.progress import summary
from tests import test_query_count
from tests.helpers import household_of, make_activities

MONDAY = test_query_count.MONDAY
short_and_long = test_query_count.short_and_long  # the fixture: one week and ten years of history

RANGES = ("/progress", "/progress?range=26", "/progress?range=52", "/progress?range=all")


def page(client, url: str) -> str:
    """The page without its per-request form tokens."""
    response = client.get(url)
    assert response.status_code == 200, url
    return re.sub(r"<input[^>]*csrf_token[^>]*>", "", response.text)


def summarise(app) -> int:
    with app.app_context():
        count = summary.refresh_all()
        db.session.commit()
        return count


def stored(app, email: str) -> ProgressSummary | None:
    with app.app_context():
        household_id = household_of(email).id
        return db.session.get(ProgressSummary, household_id)


def item_weeks_back(app, email: str, weeks: int, done: bool) -> int:
    with app.app_context():
        return item_id_weeks_back(email, weeks, done)


def item_id_weeks_back(email: str, weeks: int, done: bool) -> int:
    """A done (or not done) item of `email`'s family from `weeks` weeks ago (in an app context)."""
    household_id = household_of(email).id
    return db.session.execute(
        db.select(PlanItem.id)
        .join(Week, Week.id == PlanItem.week_id)
        .where(
            PlanItem.household_id == household_id,
            Week.week_start == MONDAY - timedelta(weeks=weeks),
            PlanItem.done_at.is_not(None) if done else PlanItem.done_at.is_(None),
        )
        .limit(1)
    ).scalar_one()


@pytest.mark.parametrize("url", RANGES)
def test_ten_years_read_the_same_from_the_summary_as_from_every_row(app, short_and_long, url):
    _ana, bo = short_and_long
    every_row = page(bo, url)
    assert summarise(app) == 2
    row = stored(app, "bo@example.com")
    assert row is not None and row.through == MONDAY - timedelta(weeks=summary.SETTLED_AFTER)
    with test_query_count.sent_to_database(app) as sent:
        from_summary = page(bo, url)
    assert from_summary == every_row
    # ...and it really read from the summary: the history asked only for the weeks since.
    through = (row.through, row.through.isoformat())
    assert any(
        value in through
        for _statement, params in sent
        for value in (params.values() if isinstance(params, dict) else params)
    )


def test_a_family_without_history_gets_an_empty_summary_and_the_same_page(app, short_and_long):
    ana, _bo = short_and_long
    before = page(ana, "/progress")
    summarise(app)
    row = stored(app, "ana@example.com")
    assert row is not None and '"first":null' in row.data
    assert page(ana, "/progress") == before


def test_planning_a_new_week_stores_the_summary_and_a_replan_does_not_rewrite_it(
    app, short_and_long
):
    _ana, bo = short_and_long
    next_monday = MONDAY + timedelta(weeks=1)
    assert stored(app, "bo@example.com") is None
    assert bo.post(f"/weeks/{next_monday.isoformat()}/plan").status_code == 302
    row = stored(app, "bo@example.com")
    assert row is not None
    assert row.through == MONDAY - timedelta(weeks=summary.SETTLED_AFTER)
    built_at = row.built_at
    assert bo.post(f"/weeks/{next_monday.isoformat()}/plan").status_code == 302
    assert stored(app, "bo@example.com").built_at == built_at


def test_a_change_to_a_settled_week_forgets_the_summary_and_the_page_shows_it(app, short_and_long):
    _ana, bo = short_and_long
    summarise(app)
    before = page(bo, "/progress?range=all")
    old_item = item_weeks_back(app, "bo@example.com", 30, done=True)
    response = bo.post(f"/items/{old_item}/done", data={"done": "0"})
    assert response.status_code in (200, 302)
    assert stored(app, "bo@example.com") is None
    assert stored(app, "ana@example.com") is not None  # another family's summary stays
    after = page(bo, "/progress?range=all")
    assert after != before
    summarise(app)
    assert page(bo, "/progress?range=all") == after


def test_a_change_to_a_recent_week_keeps_the_summary(app, short_and_long):
    _ana, bo = short_and_long
    summarise(app)
    recent = item_weeks_back(app, "bo@example.com", 2, done=False)
    response = bo.post(f"/items/{recent}/done", data={"done": "1", "rating": "3"})
    assert response.status_code in (200, 302)
    assert stored(app, "bo@example.com") is not None
    with_summary = page(bo, "/progress?range=all")
    with app.app_context():
        db.session.execute(db.delete(ProgressSummary))
        db.session.commit()
    assert page(bo, "/progress?range=all") == with_summary


def test_a_note_on_a_settled_week_is_not_counted_so_the_summary_stays(app, short_and_long):
    _ana, bo = short_and_long
    summarise(app)
    with app.app_context():
        item = db.session.get(PlanItem, item_id_weeks_back("bo@example.com", 40, done=True))
        item.note = "Looking back, it went well."
        db.session.commit()
    assert stored(app, "bo@example.com") is not None


@pytest.mark.parametrize(
    "change",
    [
        "moment long ago",
        "item added to an old week (as an import adds them)",
        "moment moved back",
        "participants of an old item",
        "rating of an old item",
        "old item deleted",
        "old week deleted",
        "child deleted",
        "own card changes practice",
        "week start changes",
    ],
)
def test_every_kind_of_write_that_changes_a_settled_week_forgets_it(app, short_and_long, change):
    _ana, bo = short_and_long
    summarise(app)
    long_ago = MONDAY - timedelta(weeks=30)
    with app.app_context():
        household = household_of("bo@example.com")
        old = db.session.get(PlanItem, item_id_weeks_back("bo@example.com", 30, done=True))
        kids = list(
            db.session.execute(db.select(Child).where(Child.household_id == household.id)).scalars()
        )
        if change == "item added to an old week (as an import adds them)":
            (extra,) = make_activities(1, prefix="late")
            db.session.add(
                PlanItem(
                    household_id=household.id,
                    week_id=old.week_id,
                    activity_id=extra.id,
                    day=old.day,
                )
            )
        elif change == "moment long ago":
            db.session.add(
                Moment(household_id=household.id, practice="teamwork", happened_on=long_ago)
            )
        elif change == "moment moved back":
            moment = Moment(household_id=household.id, practice="teamwork", happened_on=MONDAY)
            db.session.add(moment)
            db.session.commit()
            assert db.session.get(ProgressSummary, household.id) is not None
            moment.happened_on = long_ago
        elif change == "participants of an old item":
            old.participants = [kid for kid in kids if kid not in old.participants]
        elif change == "rating of an old item":
            old.rating = 1 if old.rating != 1 else 2
        elif change == "old item deleted":
            db.session.delete(old)
        elif change == "old week deleted":
            week = old.week
            for item in list(week.items):
                db.session.delete(item)
            db.session.delete(week)
        elif change == "child deleted":
            db.session.delete(kids[0])
        elif change == "own card changes practice":
            (card,) = make_activities(1, household_id=household.id, prefix="own")
            db.session.commit()
            assert db.session.get(ProgressSummary, household.id) is not None
            card.practice = "connection"
        elif change == "week start changes":
            household.week_starts_on = 6
        db.session.commit()
        assert db.session.get(ProgressSummary, household.id) is None


def test_a_library_card_changing_practice_forgets_every_familys_summary(app, short_and_long):
    summarise(app)
    with app.app_context():
        card = db.session.execute(
            db.select(Activity).where(Activity.household_id.is_(None)).limit(1)
        ).scalar_one()
        card.practice = "connection" if card.practice != "connection" else "teamwork"
        db.session.commit()
        assert db.session.execute(db.select(ProgressSummary)).first() is None


def test_setting_a_value_to_what_it_was_is_no_change(app, short_and_long):
    summarise(app)
    with app.app_context():
        old = db.session.get(PlanItem, item_id_weeks_back("bo@example.com", 30, done=True))
        old.rating = old.rating
        card = db.session.execute(
            db.select(Activity).where(Activity.household_id.is_(None)).limit(1)
        ).scalar_one()
        card.practice = card.practice
        db.session.commit()
    assert stored(app, "bo@example.com") is not None


def test_a_bulk_insert_forgets_every_summary(app, short_and_long):
    summarise(app)
    with app.app_context():
        household_id = household_of("bo@example.com").id
        db.session.execute(
            insert(Moment),
            [{"household_id": household_id, "practice": "teamwork", "happened_on": MONDAY}],
        )
        db.session.commit()
        assert db.session.execute(db.select(ProgressSummary)).first() is None


def test_deleting_a_household_keeps_the_other_familys_summary(app, short_and_long):
    summarise(app)
    with app.app_context():
        user = db.session.execute(
            db.select(User).where(User.email == "ana@example.com")
        ).scalar_one()
        delete_household(user)
        db.session.commit()
        assert db.session.execute(db.select(ProgressSummary.household_id)).scalars().all() == [
            household_of("bo@example.com").id
        ]


def test_a_summary_made_for_another_week_start_or_format_is_not_used(app, short_and_long):
    _ana, bo = short_and_long
    every_row = page(bo, "/progress?range=all")
    summarise(app)
    with app.app_context():
        household = household_of("bo@example.com")
        row = db.session.get(ProgressSummary, household.id)
        # Wrong figures under another week start or format: the page must not trust them.
        row.data = row.data.replace('"starts_on":0', '"starts_on":6').replace(
            '"planned":{', '"planned":{"x":[],'
        )
        db.session.commit()
        assert summary.load(household, MONDAY) is None
    assert page(bo, "/progress?range=all") == every_row


def test_the_command_sums_the_families_that_are_due(app, short_and_long):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["progress", "summarise"])
    assert result.exit_code == 0, result.output
    assert "Summed the settled weeks of 2 families." in result.output
    again = runner.invoke(args=["progress", "summarise"])
    assert "of 0 families" in again.output
    every = runner.invoke(args=["progress", "summarise", "--all"])
    assert "of 2 families" in every.output


def test_a_summary_a_week_behind_is_due_again(app, short_and_long):
    summarise(app)
    with app.app_context():
        household = household_of("bo@example.com")
        row = db.session.get(ProgressSummary, household.id)
        row.through -= timedelta(weeks=1)
        db.session.commit()
        assert summary.refresh_if_due(household, MONDAY) is True
        db.session.commit()
        assert db.session.get(ProgressSummary, household.id).through == summary.through_for(MONDAY)
        assert summary.refresh_if_due(db.session.get(Household, household.id), MONDAY) is False


@pytest.mark.parametrize("url", RANGES)
def test_with_summaries_one_week_and_ten_years_still_cost_the_same_statements(
    app, short_and_long, url
):
    ana, bo = short_and_long
    summarise(app)
    short = test_query_count.statements_for(app, ana, url)
    long = test_query_count.statements_for(app, bo, url)
    assert short == long, f"{url}: {short} statements for 1 week, {long} for 520 weeks"


def test_the_summary_migration_keeps_history_and_the_command_fills_it(tmp_path):
    """Upgrade a database with a family's history: nothing saved changes, the command sums the
    settled weeks, and the migration runs back and forth."""
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect

    from tests.test_migrations import fresh_app, schema_differences
    from tests.test_perf_schema import add_history_at, drop_everything, kept

    app = fresh_app(tmp_path)
    with app.app_context():
        before = add_history_at("e5b8c1d2f3a4")
        upgrade()
        assert schema_differences() == []
        assert kept() == before
        result = app.test_cli_runner().invoke(args=["progress", "summarise"])
        assert "of 1 families" in result.output, result.output
        household = db.session.get(Household, 1)
        stored_summary = summary.load(household, summary.through_for(MONDAY) + timedelta(weeks=8))
        assert stored_summary is not None
        assert stored_summary.settled.first.isoformat() == "2025-01-06"
        assert stored_summary.favourites == {1: (3, 1, 1)}
        assert stored_summary.children == {1: {"teamwork": (1, 0), "ask-for-help": (0, 1)}}
        db.session.remove()
        downgrade(revision="e5b8c1d2f3a4")
        assert "progress_summary" not in inspect(db.engine).get_table_names()
        assert kept() == before
        upgrade()
        assert schema_differences() == []
        drop_everything()
