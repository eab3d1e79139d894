"""Habit strength per practice (pure): a weekly moving average in the spirit of Loop Habit Tracker.

No Flask, no database: the views hand in per-week tallies from aggregate SQL and get numbers back.

The formula, once a week for each practice::

    result   = min(1, (done + moments) / planned)   # 1 if nothing planned but a moment logged
    weight   = max(ALPHA, 1 / weeks_counted)        # the plain average while history is short
    strength = strength * (1 - weight) + weight * result

- Strength starts in the household's first week with anything planned or logged. For its first
  weeks it is simply the average of the weeks so far, so a first good week reads as a good week
  (a bare moving average starting from 0 showed 15% after a perfect first week). Once there are
  more than 1/ALPHA weeks, each week moves it ALPHA of the way, like a habit tracker.
- A *planned* week (anything on the plan, in any practice) that is over moves every practice
  towards its result, so a week where a practice got nothing lowers its strength by ALPHA of
  itself: a little, and never to zero.
- A week with *no plan at all* (a holiday, a week the app was not opened) is a pause: it never
  lowers the strength. Moments logged in it still count, so it can only raise it.
- The week we are in is still happening, so it too can only raise the strength (Monday's empty
  plan should not read as a failure).
- Long gaps are a run of paused weeks: the strength waits where it was.
- Weeks are keyed by their first day in the household's current week start (Monday or Sunday), so
  weeks planned before the family switched start day are counted in the week they fall in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..dates import week_start_for

ALPHA = 0.15
WEEK = timedelta(days=7)


def N_(text: str) -> str:
    """Mark `text` for the catalogue; the page translates it (`|translate`)."""
    return text


EXPLANATION = N_(
    "Strength shows how each practice is going: the share of its planned activities you did, with "
    "moments counting like done activities. In your first weeks it is the average of the weeks so "
    "far, so a good first week shows as good. After that it moves like a habit tracker: each week "
    "moves it 15% towards how that week went, so a missed week lowers it a little but "
    "never wipes it out. Weeks with nothing planned, and the week you are in, can only raise it."
)

# Kind words for a share of activities done: most of a week done (over half) already reads well.
LABELS = (
    (0.75, N_("strong")),
    (0.5, N_("going well")),
    (0.25, N_("growing")),
    (0.005, N_("started")),
    (0.0, N_("ready to start")),
)


@dataclass(frozen=True)
class Tally:
    """One practice in one week: activities planned, of those done, and moments logged."""

    planned: int = 0
    done: int = 0
    moments: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.planned + other.planned, self.done + other.done, self.moments + other.moments
        )

    @property
    def is_empty(self) -> bool:
        return self.planned == 0 and self.moments == 0


@dataclass(frozen=True)
class Strength:
    """Strength per practice for every week from `weeks[0]` to the current week (aligned lists)."""

    weeks: list[date]
    scores: dict[str, list[float]]

    def latest(self, practice: str) -> float:
        return self.scores[practice][-1]

    def at(self, practice: str, week_start: date) -> float:
        """The strength at the end of `week_start` (0 before the history began)."""
        if not self.weeks or week_start < self.weeks[0]:
            return 0.0
        index = min((week_start - self.weeks[0]).days // 7, len(self.weeks) - 1)
        return self.scores[practice][index]


EMPTY = Tally()


def week_result(tally: Tally) -> float:
    """How a practice went in one week, 0..1: done items plus moments over planned items, capped."""
    if tally.planned == 0:
        return 1.0 if tally.moments else 0.0
    return min(1.0, (tally.done + tally.moments) / tally.planned)


def completion(tally: Tally) -> float | None:
    """The week's completion for the chart, 0..1; None when nothing was planned or logged."""
    if tally.is_empty:
        return None
    return week_result(tally)


def step(
    strength: float, result: float, can_lower: bool = True, counted: int | None = None
) -> float:
    """One week of the moving average; with `can_lower` False the strength only goes up.

    `counted` is how many weeks have counted for this practice before this one: while it is short
    the week weighs 1 / (counted + 1), the plain average, so early weeks are not dragged towards
    0; None means a long history (the week weighs ALPHA).
    """
    weight = ALPHA if counted is None else max(ALPHA, 1 / (counted + 1))
    moved = strength + weight * (result - strength)
    return moved if can_lower else max(strength, moved)


def bucket_by_week(
    plan_rows: Iterable[tuple[date, str, int, int]],
    moment_rows: Iterable[tuple[date, str, int]],
    starts_on: int,
) -> dict[date, dict[str, Tally]]:
    """Merge aggregate rows into week -> practice -> Tally, keyed by the household's week start.

    `plan_rows` are (week_start, practice, planned, done); `moment_rows` are (day, practice, count).
    Sums go into plain lists first and each Tally is made once: the rows are many for a long
    history, and this runs on every progress page that is built.
    """
    sums: dict[tuple[date, str], list[int]] = {}
    week_of: dict[date, date] = {}  # several rows share a day; compute its week once

    def add(day: date, practice: str, planned: int, done: int, moments: int) -> None:
        week = week_of.get(day)
        if week is None:
            week = week_of[day] = week_start_for(day, starts_on)
        total = sums.get((week, practice))
        if total is None:
            sums[(week, practice)] = [planned, done, moments]
        else:
            total[0] += planned
            total[1] += done
            total[2] += moments

    for week_start, practice, planned, done in plan_rows:
        add(week_start, practice, planned, done, 0)
    for day, practice, count in moment_rows:
        add(day, practice, 0, 0, count)
    weeks: dict[date, dict[str, Tally]] = {}
    for (week, practice), (planned, done, moments) in sums.items():
        weeks.setdefault(week, {})[practice] = Tally(planned, done, moments)
    return weeks


def strength_series(
    tallies: Mapping[date, Mapping[str, Tally]], practices: Sequence[str], current_week: date
) -> Strength:
    """Strength of each practice for every week from the first with history to `current_week`.

    `tallies` must be keyed by week starts on the same weekday as `current_week` (see
    `bucket_by_week`); weeks after `current_week` (planned ahead) are ignored.
    """
    past = [week for week in tallies if week <= current_week]
    first = min(past, default=current_week)
    weeks = weeks_between(first, current_week)
    scores: dict[str, list[float]] = {practice: [] for practice in practices}
    strength = dict.fromkeys(practices, 0.0)
    nothing: dict[str, Tally] = {}
    counted = dict.fromkeys(practices, 0)
    for week in weeks:
        week_tallies = tallies.get(week, nothing)
        planned = any(tally.planned for tally in week_tallies.values())
        can_lower = planned and week < current_week
        for practice in practices:
            tally = week_tallies.get(practice, EMPTY)
            strength[practice] = step(
                strength[practice], week_result(tally), can_lower, counted[practice]
            )
            # A week counts for a practice when it is over and planned, or the practice had
            # something in it (a week with nothing planned at all is a pause).
            if can_lower or not tally.is_empty:
                counted[practice] += 1
            scores[practice].append(strength[practice])
    return Strength(weeks=weeks, scores=scores)


def weeks_between(first: date, last: date) -> list[date]:
    """Every week start from `first` to `last` inclusive (both on the same weekday)."""
    count = (last - first).days // 7 + 1
    return [first + WEEK * index for index in range(max(count, 0))]


def last_weeks(current_week: date, count: int) -> list[date]:
    """The `count` weeks ending with `current_week`, oldest first."""
    return [current_week - WEEK * back for back in range(count - 1, -1, -1)]


def label(strength: float) -> str:
    """A gentle word for a strength between 0 and 1."""
    return next(word for floor, word in LABELS if strength >= floor)


def percent(fraction: float) -> int:
    """0..1 as a whole percentage, rounding half up (0.125 -> 13)."""
    return int(fraction * 100 + 0.5)
