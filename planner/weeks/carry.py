"""Carry last week's unfinished activities into this week in one step.

Only cards booked on a day are carried (a ritual comes back by itself, and the watch-for and
grown-ups lists are drawn afresh each week). A carried item is kept (locked), since the family
chose it, and goes on the same weekday when that day is still ahead, free and has the minutes;
otherwise on the first such day. Carrying twice adds nothing: a card already in the week stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from sqlalchemy.orm import joinedload, selectinload

from .. import items
from ..dates import week_days
from ..extensions import db
from ..models import Household, PlanItem, Week
from ..planning import WEEKEND
from ..planning_inputs import on_a_day


def last_week_undone(household_id: int, week_start: date) -> list[PlanItem]:
    """Last week's items that were not done and are no ritual, with their cards and children
    (two queries): what carrying over copies."""
    return list(
        db.session.execute(
            db.select(PlanItem)
            .join(Week, Week.id == PlanItem.week_id)
            .where(
                Week.household_id == household_id,
                Week.week_start == week_start - timedelta(days=7),
                PlanItem.done_at.is_(None),
                PlanItem.ritual_id.is_(None),
            )
            .options(joinedload(PlanItem.activity), selectinload(PlanItem.children))
            .order_by(PlanItem.day, PlanItem.id)
        ).scalars()
    )


def carriable(undone: Iterable[PlanItem], present: Iterable[int]) -> list[PlanItem]:
    """Of last week's undone items, the day cards still in the library and not in this week."""
    present = set(present)
    return [
        item
        for item in undone
        if item.activity_id not in present
        and on_a_day(item.activity)
        and not (item.activity.retired or item.activity.archived)
    ]


def unfinished(household_id: int, week_start: date, present: Iterable[int]) -> list[PlanItem]:
    """Last week's day items that were not done and are not in this week (by card)."""
    return carriable(last_week_undone(household_id, week_start), present)


def minutes_on(household: Household, day: date) -> int:
    return household.weekend_minutes if day.weekday() in WEEKEND else household.weekday_minutes


def carry_day(household: Household, week: Week, old: PlanItem, used: dict[date, int]) -> date:
    """Where a carried item goes: its weekday if still ahead, free and roomy enough; else the
    first such day; else the first free day ahead; else the week's last day."""
    today = household.today()
    days = [day for day in week_days(week.week_start) if day >= today] or [
        week.week_start + timedelta(days=6)
    ]
    free = [day for day in days if day.weekday() in household.free_day_set] or days
    minutes = old.activity.minutes
    roomy = [day for day in free if used.get(day, 0) + minutes <= minutes_on(household, day)]
    same = [day for day in roomy if day.weekday() == old.day.weekday()]
    return (same or roomy or free)[0]


def carry_over(household: Household, week: Week) -> list[PlanItem]:
    """Add last week's unfinished day items to `week`; returns the items added."""
    used: dict[date, int] = {}
    for item in week.items:
        if on_a_day(item.activity):
            used[item.day] = used.get(item.day, 0) + item.activity.minutes
    carried = []
    for old in unfinished(household.id, week.week_start, (i.activity_id for i in week.items)):
        day = carry_day(household, week, old, used)
        used[day] = used.get(day, 0) + old.activity.minutes
        carried.append(items.add(week, old.activity, day, locked=True, children=old.children))
    return carried
