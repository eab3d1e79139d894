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
        index = self.index(week)
        if index < 0 or index >= self.size or practice not in self.planned:
            return Tally()
        return Tally(
            self.planned[practice][index], self.done[practice][index], self.moments[practice][index]
        )

    def strength_at(self, practice: str, week: date) -> float:
        """The strength at the end of `week` (0 before the history began)."""
        if week < self.first:
            return 0.0
        return self.strength[practice][min(self.index(week), self.size - 1)]

    def latest(self, practice: str) -> float:
        return self.strength[practice][-1]


def build(
    rows: Iterable[Sequence], practices: Sequence[str], starts_on: int, current: date
) -> History:
    """From `queries.history_rows` rows: (day, planned in any practice, then planned, done and
    moments for each of `practices`). Plan rows carry their week's first day, moment rows the day
    they happened; both are counted in the family's current week that holds that day."""
    # Days as ordinals: date(1, 1, 1) is ordinal 1 and a Monday, so a day's week starts
    # (ordinal - 1 - starts_on) % 7 days before it. Plain ints keep the loop cheap.
    last = current.toordinal()
    weeks: dict[int, list[int]] = {}
    has_rows = False
    for day, *counts in rows:
        has_rows = True
        ordinal = day.toordinal()
        week = ordinal - (ordinal - 1 - starts_on) % 7
        if week > last:
            continue
        total = weeks.get(week)
        weeks[week] = (
            counts if total is None else [a + b for a, b in zip(total, counts, strict=True)]
        )
    start = min(weeks, default=last)
    first = date.fromordinal(start)
    size = (last - start) // 7 + 1
    planned_any = [False] * size
    columns = {practice: ([0] * size, [0] * size, [0] * size) for practice in practices}
    for week, counts in weeks.items():
        index = (week - start) // 7
        planned_any[index] = counts[0] > 0
        for position, practice in enumerate(practices):
            planned, done, moments = counts[1 + 3 * position : 4 + 3 * position]
            column = columns[practice]
            column[0][index] = planned
            column[1][index] = done
            column[2][index] = moments
    strength = {
        practice: strength_column(*columns[practice], planned_any) for practice in practices
    }
    return History(
        first=first,
        current=current,
        planned={practice: columns[practice][0] for practice in practices},
        done={practice: columns[practice][1] for practice in practices},
        moments={practice: columns[practice][2] for practice in practices},
        strength=strength,
        has_rows=has_rows,
    )


def strength_column(
    planned: list[int], done: list[int], moments: list[int], planned_any: list[bool]
) -> list[float]:
    """`score.step` over every week, inlined (same arithmetic, in the same order)."""
    out = []
    strength = 0.0
    counted = 0
    last = len(planned) - 1
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
    return out
