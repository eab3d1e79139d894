"""The habit-strength score (pure: no app, no database)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.progress.score import (
    ALPHA,
    EXPLANATION,
    Tally,
    bucket_by_week,
    completion,
    label,
    last_weeks,
    percent,
    step,
    strength_series,
    week_result,
    weeks_between,
)

PRACTICES = ("ask-for-help", "teamwork", "connection")
MONDAY = date(2026, 11, 16)
WEEK = timedelta(days=7)


def full_week(planned=2):
    """Every practice planned `planned` times and all of it done."""
    return {practice: Tally(planned=planned, done=planned) for practice in PRACTICES}


def empty_plan(planned=2):
    return {practice: Tally(planned=planned) for practice in PRACTICES}


@pytest.mark.parametrize(
    ("tally", "expected"),
    [
        (Tally(planned=4, done=1), 0.25),
        (Tally(planned=2, done=2), 1.0),
        (Tally(planned=2, done=1, moments=1), 1.0),
        (Tally(planned=1, done=1, moments=5), 1.0),  # capped
        (Tally(planned=0, moments=1), 1.0),  # a moment counts like a done activity
        (Tally(planned=3), 0.0),
        (Tally(), 0.0),
    ],
)
def test_week_result(tally, expected):
    assert week_result(tally) == pytest.approx(expected)


def test_completion_is_a_gap_when_nothing_was_planned_or_logged():
    assert completion(Tally()) is None
    assert completion(Tally(planned=2, done=1)) == pytest.approx(0.5)


def test_no_history_is_one_week_at_zero():
    strength = strength_series({}, PRACTICES, MONDAY)
    assert strength.weeks == [MONDAY]
    assert all(strength.latest(practice) == 0 for practice in PRACTICES)


def test_a_good_first_week_reads_as_a_good_week():
    strength = strength_series({MONDAY - WEEK: full_week()}, PRACTICES, MONDAY)
    assert strength.weeks == [MONDAY - WEEK, MONDAY]
    assert strength.latest("teamwork") == pytest.approx(1.0)
    assert label(strength.latest("teamwork")) == "strong"


def test_the_first_week_from_the_issue_is_not_just_beginning():
    # Teamwork 1 of 2, connection 1 of 1, asking 0 of 1 plus a moment: once 8%, 15%, 15%.
    tallies = {
        MONDAY - WEEK: {
            "teamwork": Tally(planned=2, done=1),
            "connection": Tally(planned=1, done=1),
            "ask-for-help": Tally(planned=1, moments=1),
        }
    }
    strength = strength_series(tallies, PRACTICES, MONDAY)
    assert percent(strength.latest("teamwork")) == 50
    assert label(strength.latest("teamwork")) == "going well"
    assert percent(strength.latest("connection")) == 100
    assert percent(strength.latest("ask-for-help")) == 100


@pytest.mark.parametrize(("done", "word"), [(3, "strong"), (2, "going well"), (1, "growing")])
def test_a_week_with_most_items_done_reads_well(done, word):
    tallies = {MONDAY - WEEK: {"teamwork": Tally(planned=4, done=done)}}
    assert label(strength_series(tallies, PRACTICES, MONDAY).latest("teamwork")) == word


def test_partly_done_week_moves_towards_its_fraction():
    tallies = {MONDAY - WEEK: {"teamwork": Tally(planned=4, done=1)}}
    strength = strength_series(tallies, PRACTICES, MONDAY)
    assert strength.latest("teamwork") == pytest.approx(0.25)


def test_early_weeks_are_the_plain_average_then_it_moves_alpha_of_the_way():
    results = [1, 0, 1, 1, 0, 1]  # six weeks of teamwork, 1 of 1 done or not
    tallies = {
        MONDAY - WEEK * (7 - index): {"teamwork": Tally(planned=1, done=done)}
        for index, done in enumerate(results)
    }
    tallies[MONDAY - WEEK] = {"teamwork": Tally(planned=1)}  # the seventh week is missed
    strength = strength_series(tallies, PRACTICES, MONDAY)
    after_six = strength.at("teamwork", MONDAY - 2 * WEEK)
    assert after_six == pytest.approx(4 / 6)
    assert strength.latest("teamwork") == pytest.approx(after_six * (1 - ALPHA))


def test_a_missed_planned_week_lowers_a_little_but_never_wipes_it_out():
    tallies = {MONDAY - WEEK * n: full_week() for n in range(11, 41)}
    tallies.update({MONDAY - WEEK * n: empty_plan() for n in range(1, 11)})
    strength = strength_series(tallies, PRACTICES, MONDAY)
    before = strength.at("connection", MONDAY - WEEK * 11)
    after_one_miss = strength.at("connection", MONDAY - WEEK * 10)
    assert before > 0.98
    assert after_one_miss == pytest.approx(before * (1 - ALPHA))
    assert 0 < strength.latest("connection") < after_one_miss


def test_a_practice_left_out_of_a_planned_week_decays():
    tallies = {
        MONDAY - 2 * WEEK: empty_plan() | {"teamwork": Tally(2, 1), "connection": Tally(1, 1)}
    }
    tallies[MONDAY - WEEK] = {"teamwork": Tally(2, 2)}
    strength = strength_series(tallies, PRACTICES, MONDAY)
    assert strength.latest("teamwork") > strength.at("teamwork", MONDAY - 2 * WEEK)
    assert strength.latest("connection") < strength.at("connection", MONDAY - 2 * WEEK)


def test_weeks_with_no_plan_are_a_pause():
    tallies = {MONDAY - WEEK * 60: full_week(), MONDAY - WEEK * 59: empty_plan()}
    strength = strength_series(tallies, PRACTICES, MONDAY)
    assert len(strength.weeks) == 61
    held = strength.at("teamwork", MONDAY - WEEK * 59)
    assert held == pytest.approx(0.5)
    assert strength.latest("teamwork") == pytest.approx(held)


def test_a_moment_in_an_unplanned_week_raises_only_its_practice():
    tallies = {
        MONDAY - 3 * WEEK: empty_plan(),
        MONDAY - 2 * WEEK: {"ask-for-help": Tally(moments=1)},
    }
    strength = strength_series(tallies, PRACTICES, MONDAY)
    assert strength.at("ask-for-help", MONDAY - 3 * WEEK) == 0
    assert strength.latest("ask-for-help") == pytest.approx(0.5)  # the average of 0 and 1
    assert strength.latest("teamwork") == 0


def test_the_current_week_can_only_raise():
    past = {MONDAY - WEEK: {slug: Tally(planned=2, done=1) for slug in PRACTICES}}
    untouched = strength_series({**past, MONDAY: empty_plan()}, PRACTICES, MONDAY)
    assert untouched.latest("teamwork") == pytest.approx(0.5)
    done = strength_series(
        {**past, MONDAY: {"teamwork": Tally(planned=1, done=1)}}, PRACTICES, MONDAY
    )
    assert done.latest("teamwork") == pytest.approx(0.75)  # the average of 0.5 and 1
    assert done.latest("connection") == pytest.approx(0.5)


def test_weeks_planned_ahead_are_ignored():
    strength = strength_series({MONDAY + 3 * WEEK: full_week()}, PRACTICES, MONDAY)
    assert strength.weeks == [MONDAY]
    assert strength.latest("teamwork") == 0


def test_many_good_weeks_approach_but_never_reach_one():
    tallies = {MONDAY - WEEK * n: full_week() for n in range(1, 200)}
    assert 0.99 < strength_series(tallies, PRACTICES, MONDAY).latest("teamwork") <= 1


def test_moments_bucket_into_monday_weeks():
    sunday, monday = date(2026, 11, 22), date(2026, 11, 23)
    weeks = bucket_by_week([], [(sunday, "teamwork", 1), (monday, "teamwork", 2)], starts_on=0)
    assert weeks == {
        date(2026, 11, 16): {"teamwork": Tally(moments=1)},
        date(2026, 11, 23): {"teamwork": Tally(moments=2)},
    }


def test_moments_bucket_into_sunday_weeks():
    saturday, sunday = date(2026, 11, 21), date(2026, 11, 22)
    weeks = bucket_by_week([], [(saturday, "teamwork", 1), (sunday, "teamwork", 2)], starts_on=6)
    assert weeks == {
        date(2026, 11, 15): {"teamwork": Tally(moments=1)},
        date(2026, 11, 22): {"teamwork": Tally(moments=2)},
    }


def test_plans_and_moments_of_one_week_merge():
    weeks = bucket_by_week(
        [(date(2026, 11, 22), "teamwork", 3, 1)],
        [(date(2026, 11, 25), "teamwork", 1), (date(2026, 11, 24), "teamwork", 2)],
        starts_on=6,
    )
    assert weeks == {date(2026, 11, 22): {"teamwork": Tally(planned=3, done=1, moments=3)}}


def test_weeks_planned_before_switching_to_sunday_still_count():
    # Monday-keyed weeks from before the switch land in the Sunday week that holds their Monday.
    plan_rows = [(date(2026, 11, 2), "teamwork", 1, 1), (date(2026, 11, 9), "teamwork", 1, 0)]
    plan_rows.append((date(2026, 11, 15), "teamwork", 1, 1))  # first Sunday week
    tallies = bucket_by_week(plan_rows, [], starts_on=6)
    assert sorted(tallies) == [date(2026, 11, 1), date(2026, 11, 8), date(2026, 11, 15)]
    strength = strength_series(tallies, PRACTICES, date(2026, 11, 22))
    assert strength.weeks == weeks_between(date(2026, 11, 1), date(2026, 11, 22))
    assert strength.latest("teamwork") == pytest.approx(2 / 3)


def test_sunday_and_monday_households_score_the_same_history_alike():
    done_days = [date(2026, 10, 7) + WEEK * n for n in range(6)]  # Wednesdays
    results = []
    for starts_on in (0, 6):
        tallies = bucket_by_week(
            [
                (day - timedelta(days=(day.weekday() - starts_on) % 7), "teamwork", 1, 1)
                for day in done_days
            ],
            [],
            starts_on,
        )
        current = date(2026, 11, 23) - timedelta(
            days=(date(2026, 11, 23).weekday() - starts_on) % 7
        )
        results.append(strength_series(tallies, PRACTICES, current).latest("teamwork"))
    assert results[0] == pytest.approx(results[1])


def test_last_weeks_and_weeks_between():
    assert last_weeks(MONDAY, 3) == [MONDAY - 2 * WEEK, MONDAY - WEEK, MONDAY]
    assert weeks_between(MONDAY, MONDAY) == [MONDAY]
    assert weeks_between(MONDAY, MONDAY - WEEK) == []


def test_strength_before_the_history_is_zero():
    strength = strength_series({MONDAY - WEEK: full_week()}, PRACTICES, MONDAY)
    assert strength.at("teamwork", MONDAY - 10 * WEEK) == 0


@pytest.mark.parametrize(
    ("value", "word"),
    [
        (0, "ready to start"),
        (0.1, "started"),
        (0.3, "growing"),
        (0.5, "going well"),
        (0.75, "strong"),
        (0.95, "strong"),
    ],
)
def test_labels(value, word):
    assert label(value) == word


def test_percent_rounds_half_up():
    assert (percent(0.125), percent(0.29), percent(1.0), percent(0)) == (13, 29, 100, 0)


def test_the_explanation_names_the_rate():
    assert f"{round(ALPHA * 100)}%" in EXPLANATION
    assert "average" in EXPLANATION


weekly_tallies = st.dictionaries(
    st.sampled_from(PRACTICES),
    st.builds(
        Tally,
        planned=st.integers(0, 5),
        done=st.integers(0, 5),
        moments=st.integers(0, 3),
    ),
    max_size=3,
)


@given(st.lists(st.one_of(st.none(), weekly_tallies), min_size=1, max_size=60))
def test_strength_stays_between_zero_and_one_and_one_week_never_halves_it(history):
    tallies = {
        MONDAY - WEEK * (len(history) - index): week
        for index, week in enumerate(history)
        if week is not None
    }
    strength = strength_series(tallies, PRACTICES, MONDAY)
    for practice in PRACTICES:
        scores = strength.scores[practice]
        assert all(0 <= score <= 1 for score in scores)
        # The second week counted weighs a half, later ones less: one week never halves it.
        for before, after in zip(scores, scores[1:], strict=False):
            assert after >= before * 0.5 - 1e-12


@given(st.floats(0, 1), st.floats(0, 1))
def test_step_without_lowering_never_lowers(strength, result):
    assert step(strength, result, can_lower=False) >= strength
