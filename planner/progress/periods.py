"""Rows of the progress table and chart: one per week, or per month or quarter for long histories.

Pure (no Flask, no database). Two hundred weekly points on a phone are a smear, so the all-history
view sums the weeks of each month (or quarter, past two years) into one row: done and planned add
up, and the strength shown is the strength at the end of the period.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from . import score

WEEKLY_UP_TO = 26  # weeks: up to half a year, every week is its own point
MONTHLY_UP_TO = 104  # weeks: up to two years, months; beyond, quarters
QUARTER_NAMES = ("Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec")


@dataclass(frozen=True)
class Period:
    """A run of weeks shown as one row: its label, its first week and its weeks."""

    kind: str  # week | month | quarter
    weeks: tuple[date, ...]

    @property
    def start(self) -> date:
        return self.weeks[0]

    @property
    def last(self) -> date:
        return self.weeks[-1]

    @property
    def label(self) -> str:
        """Short text for the table and the chart's axis ("16 Nov", "Nov 2026", "Oct–Dec 2026")."""
        if self.kind == "week":
            return f"{self.start.day} {self.start:%b %Y}"
        if self.kind == "month":
            return f"{self.start:%b %Y}"
        return f"{QUARTER_NAMES[(self.start.month - 1) // 3]} {self.start.year}"

    @property
    def axis_label(self) -> str:
        if self.kind == "week":
            return f"{self.start.day} {self.start:%b}"
        if self.kind == "month":
            return f"{self.start:%b %y}"
        return f"Q{(self.start.month - 1) // 3 + 1} {self.start:%y}"

    @property
    def name(self) -> str:
        """Words for a tooltip or a screen reader ("week of 16 November 2026")."""
        if self.kind == "week":
            return f"week of {self.start.day} {self.start:%B %Y}"
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        return f"{QUARTER_NAMES[(self.start.month - 1) // 3]} {self.start.year}"


def period_kind(week_count: int, aggregate: bool) -> str:
    """Weeks for short spans; months, then quarters, when `aggregate` and the span is long."""
    if not aggregate or week_count <= WEEKLY_UP_TO:
        return "week"
    return "month" if week_count <= MONTHLY_UP_TO else "quarter"


def group_weeks(weeks: Sequence[date], kind: str) -> list[Period]:
    """Consecutive weeks grouped by the month or quarter their first day falls in."""
    if kind == "week":
        return [Period("week", (week,)) for week in weeks]
    periods: list[Period] = []
    key_of = (
        (lambda day: (day.year, day.month))
        if kind == "month"
        else (lambda day: (day.year, (day.month - 1) // 3))
    )
    for week in weeks:
        if periods and key_of(periods[-1].start) == key_of(week):
            periods[-1] = Period(kind, (*periods[-1].weeks, week))
        else:
            periods.append(Period(kind, (week,)))
    return periods


def period_tally(
    period: Period,
    tallies: Mapping[date, Mapping[str, score.Tally]],
    slug: str,
    current: date,
) -> score.Tally:
    """The period's tally for one practice; this week's not-yet-done items don't count as misses."""
    total = score.Tally()
    for week in period.weeks:
        tally = tallies.get(week, {}).get(slug, score.Tally())
        if week == current and len(period.weeks) > 1:
            tally = score.Tally(planned=tally.done, done=tally.done, moments=tally.moments)
        total = total + tally
    return total
