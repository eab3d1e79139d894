"""What the Today page shows: today's and tomorrow's entries and this week's watch-for cards.

Reads only (a GET never writes): weekly rituals not yet stored on their week show as due entries,
ticked through their own route, exactly as the week page shows them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .. import household as family
from .. import items, planning
from ..models import Activity, Household, PlanItem, Ritual
from ..planning_inputs import card_kind, on_a_day


@dataclass(frozen=True)
class Entry:
    """One thing to do on a day: a stored plan item, or a weekly ritual due but not stored yet."""

    activity: Activity
    day: date
    item: PlanItem | None = None
    ritual: Ritual | None = None

    @property
    def done(self) -> bool:
        return self.item is not None and self.item.done_at is not None

    @property
    def rating(self) -> int | None:
        return self.item.rating if self.item is not None else None

    @property
    def anchor(self) -> str:
        return f"item-{self.item.id}" if self.item else f"ritual-{self.ritual.id}"


@dataclass(frozen=True)
class Board:
    today: date
    week_start: date
    today_entries: list[Entry] = field(default_factory=list)
    tomorrow_entries: list[Entry] = field(default_factory=list)
    watch_for: list[PlanItem] = field(default_factory=list)
    week_planned: bool = False

    @property
    def tomorrow(self) -> date:
        return self.today + timedelta(days=1)


def week_entries(household: Household, week_start: date) -> tuple[list[Entry], list[PlanItem]]:
    """A week's day entries (stored items and due rituals) and its watch-for items."""
    week = items.get_week(household.id, week_start)
    if week is None:
        return [], []
    stored = list(week.items)
    due = items.due_rituals(stored, items.rituals_of(household.id), week_start)
    entries = [Entry(item.activity, item.day, item=item) for item in stored]
    entries += [Entry(r.activity, items.ritual_day(r, week_start), ritual=r) for r in due]
    # Watch-for and grown-ups cards are listed for the week, never booked on a day (issue 14).
    watch = [e.item for e in entries if e.item and card_kind(e.activity) == planning.WATCH_FOR]
    on_days = [entry for entry in entries if on_a_day(entry.activity)]
    return on_days, watch


def board_for(household: Household) -> Board:
    """Today's board by the family's own clock; tomorrow may fall in next week."""
    today = family.today(household)
    week_start = family.week_of(household, today)
    entries, watch = week_entries(household, week_start)
    tomorrow = today + timedelta(days=1)
    later = entries
    if family.week_of(household, tomorrow) != week_start:
        later, _ = week_entries(household, family.week_of(household, tomorrow))
    return Board(
        today=today,
        week_start=week_start,
        today_entries=[entry for entry in entries if entry.day == today],
        tomorrow_entries=[entry for entry in later if entry.day == tomorrow],
        watch_for=watch,
        week_planned=bool(entries or watch),
    )
