"""Rows of the progress table and chart: one per week, or per month or quarter for long histories.

No database; labels are worded in the reader's language. Two hundred weekly points on a phone are a smear, so the all-history
view sums the weeks of each month (or quarter, past two years) into one row: done and planned add
up, and the strength shown is the strength at the end of the period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from babel.dates import format_date
from babel.numbers import format_percent
from flask_babel import get_locale, gettext

from ..i18n import babel_locale, formatted
from . import history, score


def N_(text: str) -> str:
    """Mark `text` for the catalogue; translated where it is shown."""
    return text


WEEKLY_UP_TO = 26  # weeks: up to half a year, every week is its own point
MONTHLY_UP_TO = 104  # weeks: up to two years, months; beyond, quarters
QUARTER_NAMES = (
    N_("Jan–Mar %(year)d"),
    N_("Apr–Jun %(year)d"),
    N_("Jul–Sep %(year)d"),
    N_("Oct–Dec %(year)d"),
)


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
        """Short text for the table and the chart's axis ("16 Nov 2026", "Nov 2026", "Oct–Dec 2026")."""
        if self.kind == "week":
            return formatted(self.start, "day_month_year_short")
        if self.kind == "month":
            return formatted(self.start, "month_year_short")
        return quarter_name(self.start)

    @property
    def axis_label(self) -> str:
        if self.kind == "week":
            return formatted(self.start, "day_month_short")
        if self.kind == "month":
            return short_month(self.start)
        return short_quarter(self.start)

    @property
    def name(self) -> str:
        """Words for a tooltip or a screen reader ("week of 16 November 2026")."""
        if self.kind == "week":
            return gettext("week of %(day)s", day=formatted(self.start, "day_month_year"))
        if self.kind == "month":
            return formatted(self.start, "month_year")
        return quarter_name(self.start)


@dataclass(frozen=True)
class PeriodWords:
    """A period's three texts (see `Period.label`, `axis_label` and `name`)."""

    label: str
    axis_label: str
    name: str


def words_for(periods: Sequence[Period]) -> list[PeriodWords]:
    """Each period's texts in the reader's language, the language looked up once: a long range
    words dozens of periods three times over, and the same periods on every view."""
    locale = str(get_locale())
    return [period_words(period.kind, period.start, locale) for period in periods]


@lru_cache(maxsize=4096)
def period_words(kind: str, start: date, locale: str) -> PeriodWords:
    """Remembered per language. Only the first week and the kind decide a period's words."""
    period = Period(kind, (start,))
    return PeriodWords(period.label, period.axis_label, period.name)


def short_month(start: date) -> str:
    """ "Nov 26" for a crowded axis: the month's short name in the reader's language, two-digit year."""
    return short_month_in(start, babel_locale())


@lru_cache(maxsize=2048)
def short_month_in(start: date, babel_locale: str) -> str:
    return format_date(start, "LLL yy", locale=babel_locale)


def short_quarter(start: date) -> str:
    """ "Q4 26" for a crowded axis, with the locale's own letter for a quarter ("T4 26" in Spanish
    and French), from Babel's quarter pattern."""
    return format_date(start, "QQQ yy", locale=babel_locale())


def percent_label(value: float) -> str:
    """A share as the reader's language writes it ("50%", "50 %"), for the charts' axis and
    tooltips."""
    return percent_in(round(value, 2), babel_locale())


def percent_labeller():
    """`percent_label` with the reader's locale looked up once, for a chart's hundreds of tips."""
    locale = babel_locale()
    return lambda value: percent_in(round(value, 2), locale)


@lru_cache(maxsize=1024)
def percent_in(value: float, babel_locale: str) -> str:
    """Babel's percent, remembered: a chart asks for the same hundred or so values again and again."""
    return format_percent(value, locale=babel_locale)


def quarter_name(start: date) -> str:
    """ "Oct–Dec 2026", in the reader's language."""
    return quarter_name_in(start.year, (start.month - 1) // 3, str(get_locale()))


@lru_cache(maxsize=1024)
def quarter_name_in(year: int, quarter: int, locale: str) -> str:
    """Remembered per language: ten years of quarters name the same forty periods on every view."""
    return gettext(QUARTER_NAMES[quarter], year=year)


def period_kind(week_count: int, aggregate: bool) -> str:
    """Weeks for short spans; months, then quarters, when `aggregate` and the span is long."""
    if not aggregate or week_count <= WEEKLY_UP_TO:
        return "week"
    return "month" if week_count <= MONTHLY_UP_TO else "quarter"


def group_weeks(weeks: Sequence[date], kind: str) -> list[Period]:
    """Consecutive weeks grouped by the month or quarter their first day falls in."""
    if kind == "week":
        return [Period("week", (week,)) for week in weeks]
    # The weeks are 7 days apart, so each month or quarter's run is counted from its first week
    # to the next boundary instead of walking ten years week by week.
    runs: list[Period] = []
    index = 0
    while index < len(weeks):
        first = weeks[index]
        if kind == "month":
            year, month = first.year + first.month // 12, first.month % 12 + 1
        else:
            quarter_month = (first.month - 1) // 3 * 3 + 1  # 1, 4, 7 or 10
            year, month = first.year + (quarter_month + 3 > 12), (quarter_month + 2) % 12 + 1
        count = -(-(date(year, month, 1) - first).days // 7)
        runs.append(Period(kind, tuple(weeks[index : index + count])))
        index += count
    return runs


def period_tally(period: Period, past: history.History, slug: str) -> score.Tally:
    """The period's tally for one practice; this week's not-yet-done items don't count as misses."""
    if len(period.weeks) == 1:
        return past.tally(slug, period.start)
    # A period's weeks are consecutive: sum the slice of each column that lies in the history.
    begin = max(past.index(period.start), 0)
    end = min(past.index(period.last), past.size - 1) + 1
    if begin >= end or slug not in past.planned:
        return score.Tally()
    planned = sum(past.planned[slug][begin:end])
    done = sum(past.done[slug][begin:end])
    if period.last >= past.current >= period.start:
        # This week's items still to do are not misses: count it as planned = done.
        index = past.index(past.current)
        planned += past.done[slug][index] - past.planned[slug][index]
    return score.Tally(planned, done, sum(past.moments[slug][begin:end]))
