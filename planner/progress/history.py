"""A family's weekly history as flat per-practice columns, and the strength over it, built fast.

The same figures as `score.bucket_by_week` + `score.strength_series` (a test compares them on random
histories), but the progress page builds them on every uncached view, for up to ten years of weeks:
so the weeks are list positions rather than dict keys, counts are plain ints rather than Tally
objects, and the moving average is one tight loop. Only the shown weeks become Tally objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from .score import ALPHA, Tally

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class History:
    """Weeks `first`..`current` (index 0..n-1): per practice planned, done, moments and strength."""

    first: date
    current: date
    planned: dict[str, list[int]]
    done: dict[str, list[int]]
    moments: dict[str, list[int]]
    strength: dict[str, list[float]]
    has_rows: bool  # anything planned or logged, in any week (ahead of this one too)

    @property
    def weeks(self) -> list[date]:
        return [self.first + WEEK * index for index in range(self.size)]

    @property
    def size(self) -> int:
        return (self.current - self.first).days // 7 + 1

    def index(self, week: date) -> int:
        return (week - self.first).days // 7

    def tally(self, practice: str, week: date) -> Tally:
        """The week's tally (an empty one outside the history)."""
        return self.tally_at(practice, self.index(week))

    def tally_at(self, practice: str, index: int) -> Tally:
        """`tally` by the week's index (`index(week)`), for a loop over many weeks."""
        if index < 0 or index >= self.size or practice not in self.planned:
            return Tally()
        return Tally(
            self.planned[practice][index], self.done[practice][index], self.moments[practice][index]
        )

    def strength_at(self, practice: str, week: date) -> float:
        """The strength at the end of `week` (0 before the history began)."""
        return self.strength_after(practice, self.index(week))

    def strength_after(self, practice: str, index: int) -> float:
        """`strength_at` by the week's index (`index(week)`), for a loop over many weeks."""
        if index < 0:
            return 0.0
        return self.strength[practice][min(index, self.size - 1)]

    def latest(self, practice: str) -> float:
        return self.strength[practice][-1]


@dataclass(frozen=True)
class Settled:
    """The weeks before `through`, bucketed and scored once (`summary` stores it per household).

    Weeks that far back rarely change, so the page reads them from here and asks the database only
    for the weeks since: its cost no longer grows with the years behind it. The columns are those
    of `History` for weeks `first`..`through` - 1 week, and `state` is each practice's running
    (strength, weeks counted) after the last of them, so `build` carries on where it stopped.
    """

    through: date
    first: date | None  # None: nothing was planned or logged before `through`
    planned_any: list[bool]
    planned: dict[str, list[int]]
    done: dict[str, list[int]]
    moments: dict[str, list[int]]
    strength: dict[str, list[float]]
    state: dict[str, tuple[float, int]]
    has_rows: bool


KINDS = ("planned", "done", "moments")


def by_kind(
    columns: dict[str, tuple[list[int], list[int], list[int]]],
) -> dict[str, dict[str, list[int]]]:
    """Per-practice (planned, done, moments) columns as the `planned`, `done` and `moments`
    fields of `History` and `Settled`."""
    return {
        kind: {practice: column[position] for practice, column in columns.items()}
        for position, kind in enumerate(KINDS)
    }


def weekly(rows: Iterable[Sequence], starts_on: int) -> tuple[dict[int, list[int]], bool]:
    """Rows summed per week (keyed by the ordinal of the week's first day); and whether any row."""
    # Days as ordinals: date(1, 1, 1) is ordinal 1 and a Monday, so a day's week starts
    # (ordinal - 1 - starts_on) % 7 days before it. Plain ints keep the loop cheap.
    weeks: dict[int, list[int]] = {}
    has_rows = False
    for day, *counts in rows:
        has_rows = True
        ordinal = day.toordinal()
        week = ordinal - (ordinal - 1 - starts_on) % 7
        total = weeks.get(week)
        weeks[week] = (
            counts if total is None else [a + b for a, b in zip(total, counts, strict=True)]
        )
    return weeks, has_rows


def fill(
    weeks: dict[int, list[int]],
    practices: Sequence[str],
    start: int,
    columns: dict[str, tuple[list[int], list[int], list[int]]],
    planned_any: list[bool],
) -> None:
    """Write each week's counts into the columns (index 0 is the week starting on `start`)."""
    for week, counts in weeks.items():
        index = (week - start) // 7
        planned_any[index] = counts[0] > 0
        for position, practice in enumerate(practices):
            planned, done, moments = counts[1 + 3 * position : 4 + 3 * position]
            column = columns[practice]
            column[0][index] = planned
            column[1][index] = done
            column[2][index] = moments


def settle(
    rows: Iterable[Sequence], practices: Sequence[str], starts_on: int, through: date
) -> Settled:
    """The `Settled` part of a history from `queries.history_rows` rows dated before `through`
    (a first day of a week in the family's week start)."""
    weeks, has_rows = weekly(rows, starts_on)
    end = through.toordinal()
    if any(week >= end for week in weeks):
        raise ValueError("settle() takes rows from before `through` only")
    if not weeks:
        empty = {practice: [] for practice in practices}
        return Settled(
            through=through,
            first=None,
            planned_any=[],
            planned=empty,
            done=dict(empty),
            moments=dict(empty),
            strength=dict(empty),
            state={practice: (0.0, 0) for practice in practices},
            has_rows=has_rows,
        )
    start = min(weeks)
    size = (end - start) // 7
    planned_any = [False] * size
    columns = {practice: ([0] * size, [0] * size, [0] * size) for practice in practices}
    fill(weeks, practices, start, columns, planned_any)
    strength, state = {}, {}
    for practice in practices:
        # None of these weeks is the one we are in: every planned week could lower the strength.
        strength[practice], state[practice] = strength_column(
            *columns[practice], planned_any, final_is_current=False
        )
    return Settled(
        through=through,
        first=date.fromordinal(start),
        planned_any=planned_any,
        **by_kind(columns),
        strength=strength,
        state=state,
        has_rows=has_rows,
    )


def build(
    rows: Iterable[Sequence],
    practices: Sequence[str],
    starts_on: int,
    current: date,
    settled: Settled | None = None,
) -> History:
    """From `queries.history_rows` rows: (day, planned in any practice, then planned, done and
    moments for each of `practices`). Plan rows carry their week's first day, moment rows the day
    they happened; both are counted in the family's current week that holds that day.

    With `settled` (the weeks before `settled.through`, in the same week start, with `current` on
    or after it), `rows` hold only the days from `settled.through` on, and the result is the one
    all the rows would give.
    """
    if settled is not None and current < settled.through:
        raise ValueError("the settled weeks must all lie before the current week")
    last = current.toordinal()
    weeks, has_rows = weekly(rows, starts_on)
    weeks = {week: counts for week, counts in weeks.items() if week <= last}
    if settled is not None and settled.first is not None:
        start = settled.first.toordinal()
    else:
        start = min(weeks, default=last)
    size = (last - start) // 7 + 1
    # The settled columns (none without a summary), then zeros up to this week for the rows.
    kept = len(settled.planned_any) if settled is not None else 0
    padding = size - kept

    def settled_column(kind: str, practice: str) -> list:
        return getattr(settled, kind)[practice] if settled is not None else []

    planned_any = (settled.planned_any if settled is not None else []) + [False] * padding
    columns = {
        practice: tuple(settled_column(kind, practice) + [0] * padding for kind in KINDS)
        for practice in practices
    }
    fill(weeks, practices, start, columns, planned_any)
    strength = {}
    for practice in practices:
        # Carry on from the stored strength: only the weeks since are scored here.
        recent, _state = strength_column(
            *(column[kept:] for column in columns[practice]),
            planned_any[kept:],
            state=settled.state[practice] if settled is not None else (0.0, 0),
        )
        strength[practice] = settled_column("strength", practice) + recent
    return History(
        first=date.fromordinal(start),
        current=current,
        **by_kind(columns),
        strength=strength,
        has_rows=has_rows or (settled is not None and settled.has_rows),
    )


def strength_column(
    planned: list[int],
    done: list[int],
    moments: list[int],
    planned_any: list[bool],
    state: tuple[float, int] = (0.0, 0),
    final_is_current: bool = True,
) -> tuple[list[float], tuple[float, int]]:
    """`score.step` over every week, inlined (same arithmetic, in the same order), starting from
    `state` (strength, weeks counted); returns the column and the state after its last week. The
    last week is the one we are in (it can only raise the strength) unless `final_is_current` is
    False."""
    out = []
    strength, counted = state
    last = len(planned) - 1 if final_is_current else len(planned)
    for index in range(len(planned)):
        week_planned = planned[index]
        week_moments = moments[index]
        if week_planned == 0:
            result = 1.0 if week_moments else 0.0
        else:
            result = min(1.0, (done[index] + week_moments) / week_planned)
        can_lower = planned_any[index] and index < last
        weight = max(ALPHA, 1 / (counted + 1))
        moved = strength + weight * (result - strength)
        strength = moved if can_lower else max(strength, moved)
        if can_lower or week_planned or week_moments:
            counted += 1
        out.append(strength)
    return out, (strength, counted)
