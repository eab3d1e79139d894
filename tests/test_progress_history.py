"""The progress page's fast history gives the same figures as the reference computation.

`score.bucket_by_week` + `score.strength_series` are the plain, readable definition of the
figures; `history.build` is what the page runs. On random histories (weeks planned on either start
day, moments on any day, weeks planned ahead, unknown practices, pauses) every figure the page
shows must be identical: first week, each week's tally, each period's tally and the strength at
the end of every week, compared exactly (the same float arithmetic in the same order).
"""

import random
from datetime import date, timedelta

import pytest

from planner.progress import history, periods, queries, score
from planner.progress.periods import Period
from tests.helpers import add_child_row, household_of
from tests.test_query_count import add_history, make_activities

PRACTICES = ["ask-for-help", "teamwork", "connection"]
WEEK = timedelta(days=7)


def random_history(rng: random.Random, current: date):
    """Plan rows (week_start, practice, planned, done) and moment rows (day, practice, count)."""
    span = rng.choice((1, 3, 20, 80, 300))
    plan_rows, moment_rows = {}, {}
    for _ in range(rng.randrange(0, span * 3 + 1)):
        week_start = current - WEEK * rng.randrange(-3, span) + timedelta(days=rng.choice((0, 6)))
        practice = rng.choice(PRACTICES + ["retired-practice"])
        planned = rng.randrange(1, 6)
        plan_rows[(week_start, practice)] = (planned, rng.randrange(0, planned + 1))
    for _ in range(rng.randrange(0, span + 1)):
        day = current - timedelta(days=rng.randrange(-10, span * 7))
        moment_rows[(day, rng.choice(PRACTICES))] = rng.randrange(1, 4)
    return (
        [(week, practice, *counts) for (week, practice), counts in plan_rows.items()],
        [(day, practice, count) for (day, practice), count in moment_rows.items()],
    )


def pivoted(plan_rows, moment_rows) -> list[tuple]:
    """The reference rows in `queries.history_rows`'s shape: per plan day and per moment day,
    (day, planned in any practice, then planned, done, moments for each practice)."""
    width = 1 + 3 * len(PRACTICES)
    plans, moments = {}, {}
    for day, practice, planned, done in plan_rows:
        row = plans.setdefault(day, [0] * width)
        row[0] += planned
        if practice in PRACTICES:
            position = 1 + 3 * PRACTICES.index(practice)
            row[position] += planned
            row[position + 1] += done
    for day, practice, count in moment_rows:
        row = moments.setdefault(day, [0] * width)
        if practice in PRACTICES:
            row[3 + 3 * PRACTICES.index(practice)] += count
    return [(day, *row) for day, row in [*plans.items(), *moments.items()]]


def reference_period_tally(period: Period, tallies, slug: str, current: date) -> score.Tally:
    """The period tally as the page computed it before `history` (from the week -> Tally dict)."""
    total = score.Tally()
    for week in period.weeks:
        tally = tallies.get(week, {}).get(slug, score.Tally())
        if week == current and len(period.weeks) > 1:
            tally = score.Tally(planned=tally.done, done=tally.done, moments=tally.moments)
        total = total + tally
    return total


@pytest.mark.parametrize("seed", range(60))
def test_the_fast_history_gives_the_reference_figures(seed):
    rng = random.Random(seed)
    starts_on = rng.choice((0, 6))
    current = date(2026, 11, 30) - timedelta(days=rng.randrange(0, 7))
    current -= timedelta(days=(current.weekday() - starts_on) % 7)
    plan_rows, moment_rows = random_history(rng, current)

    tallies = score.bucket_by_week(plan_rows, moment_rows, starts_on)
    expected = score.strength_series(tallies, PRACTICES, current)
    rows = pivoted(plan_rows, moment_rows)
    rng.shuffle(rows)
    past = history.build(rows, PRACTICES, starts_on, current)

    assert past.has_rows == bool(tallies)
    assert past.weeks == expected.weeks
    for practice in PRACTICES:
        assert past.strength[practice] == expected.scores[practice]
        assert past.latest(practice) == expected.latest(practice)
        for week in [expected.weeks[0] - WEEK, *expected.weeks, current + WEEK]:
            assert past.strength_at(practice, week) == expected.at(practice, week)
            assert past.tally(practice, week) == (
                tallies.get(week, {}).get(practice, score.Tally())
                if week <= current
                else score.Tally()
            )
    for kind in ("week", "month", "quarter"):
        for period in periods.group_weeks(expected.weeks, kind):
            for practice in PRACTICES:
                assert periods.period_tally(period, past, practice) == reference_period_tally(
                    period, tallies, practice, current
                )


def test_one_statement_reads_what_the_two_reference_queries_read(app, two_households):
    """`queries.history_rows` is `plan_rows` and `moment_rows` in one statement."""
    with app.app_context():
        activity_ids = [activity.id for activity in make_activities(12)]
        household = household_of("ana@example.com")
        child = add_child_row(household, "One", 2016)
        add_history(household.id, 30, activity_ids, [child.id], 1000)
        rows = sorted(tuple(row) for row in queries.history_rows(household.id, PRACTICES))
        expected = pivoted(queries.plan_rows(household.id), queries.moment_rows(household.id))
        assert rows == sorted(expected)
        assert len(rows) == 60  # 30 planned weeks and 30 days with a moment


@pytest.mark.parametrize("seed", range(60))
def test_settled_weeks_plus_the_weeks_since_give_the_whole_history(seed):
    """`build` from a stored `Settled` part and only the rows since gives the figures that all the
    rows give: the summary the page reads changes its cost, never a number."""
    rng = random.Random(1000 + seed)
    starts_on = rng.choice((0, 6))
    current = date(2026, 11, 30) - timedelta(days=rng.randrange(0, 7))
    current -= timedelta(days=(current.weekday() - starts_on) % 7)
    plan_rows, moment_rows = random_history(rng, current)
    rows = pivoted(plan_rows, moment_rows)
    through = current - WEEK * rng.choice((0, 1, 8, 30, 400))

    whole = history.build(rows, PRACTICES, starts_on, current)
    settled = history.settle(
        [row for row in rows if row[0] < through], PRACTICES, starts_on, through
    )
    since = [row for row in rows if row[0] >= through]
    rng.shuffle(since)
    joined = history.build(since, PRACTICES, starts_on, current, settled=settled)

    assert joined == whole


def test_settle_refuses_rows_from_after_its_end():
    with pytest.raises(ValueError):
        history.settle(
            [(date(2026, 11, 30), 1, 1, 0, 0, 0, 0, 0, 0, 0, 0)], PRACTICES, 0, date(2026, 11, 30)
        )


def reference_groups(weeks, kind):
    """Weeks grouped by walking them one by one (the definition `group_weeks` shortcuts)."""
    key_of = (
        (lambda day: (day.year, day.month))
        if kind == "month"
        else (lambda day: (day.year, (day.month - 1) // 3))
    )
    runs = []
    for week in weeks:
        if runs and key_of(runs[-1][0]) == key_of(week):
            runs[-1].append(week)
        else:
            runs.append([week])
    return [tuple(run) for run in runs]


@pytest.mark.parametrize("seed", range(40))
def test_months_and_quarters_hold_the_weeks_that_start_in_them(seed):
    rng = random.Random(seed)
    start = date(2015, 1, 1) + timedelta(days=rng.randrange(4000))
    weeks = [start + WEEK * index for index in range(rng.randrange(1, 600))]
    for kind in ("month", "quarter"):
        groups = periods.group_weeks(weeks, kind)
        assert [group.weeks for group in groups] == reference_groups(weeks, kind)
        assert {group.kind for group in groups} == {kind}
