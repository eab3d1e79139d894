"""Carry last week's unfinished activities into this week in one step.

Only cards booked on a day are carried (a ritual comes back by itself, and the watch-for and
grown-ups lists are drawn afresh each week). A carried item is kept (locked), since the family
chose it, and follows the planner's hard rules, checked as a swap checks them
(`planning.fits_the_slot`): a free day from today on, the card's named day if it has one (and
school days for an after-school card), what the family has for its needs, and the day's minutes
(weekday or weekend) still holding it beside the day's other items. It goes on the same weekday
when that fits, otherwise on the first day that does; an item that fits no day is left out and
the parent told why. Resting does not apply: the family had the card in last week's plan. Cards
with a named day are placed first, so a card that could go anywhere does not take their room.
Carrying twice adds nothing: a card already in the week stays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy.orm import joinedload, selectinload

from .. import items, planning, planning_inputs
from ..dates import week_days
from ..extensions import db
from ..models import Household, PlanItem, Week
from ..planning_inputs import on_a_day
from . import service

# Why an item was left out (the web layer words them).
NO_FREE_DAY = "no-free-day"  # no free day is left in the week
NAMED_DAY = "named-day"  # none of the free days left is the card's named day
NEEDS = "needs"  # the family no longer has what the card needs
NO_ROOM = "no-room"  # no day it may go on has its minutes left


@dataclass(frozen=True)
class LeftOut:
    """Last week's item that could not be carried, and why (one of the codes above)."""

    item: PlanItem
    why: str


@dataclass
class Carried:
    """What carrying over did: the items added to the week, and those left out."""

    added: list[PlanItem] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)


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


@dataclass(frozen=True)
class Rules:
    """What placing a carried item checks, worked out once for the week."""

    days: list[date]  # the free days from today on
    settings: planning.Settings
    family: planning.Family
    ages: list[int]


def rules_for(household: Household, week: Week) -> Rules:
    today = household.today()
    return Rules(
        days=[
            day
            for day in week_days(week.week_start)
            if day >= today and day.weekday() in household.free_day_set
        ],
        settings=service.planning_settings(household),
        family=planning_inputs.family_profile(household),
        ages=sorted(
            child.age for child in service.planning_children(household.id, week.week_start)
        ),
    )


def fits(card: planning.Activity, day: date, week: Week, rules: Rules) -> bool:
    """The planner's hard rules for `card` on `day`, with the minutes the day has left."""
    left = planning.day_minutes(rules.settings, day.weekday()) - service.minutes_booked(week, day)
    return planning.fits_the_slot(card, day.weekday(), left, rules.family, rules.ages, {})


def carry_day(old: PlanItem, week: Week, rules: Rules) -> date | None:
    """Where a carried item goes: its weekday if that fits, else the first day that fits."""
    card = planning_inputs.candidate(old.activity)
    fitting = [day for day in rules.days if fits(card, day, week, rules)]
    same = [day for day in fitting if day.weekday() == old.day.weekday()]
    return (same or fitting or [None])[0]


def why_left_out(old: PlanItem, rules: Rules) -> str:
    """Which rule kept an item out, checked in the order a parent can act on."""
    if not rules.days:
        return NO_FREE_DAY
    card = planning_inputs.candidate(old.activity)
    if not planning.has_needs(card, rules.family, rules.ages):
        return NEEDS
    allowed = planning.allowed_days(card, rules.family)
    if allowed is not None and not any(day.weekday() in allowed for day in rules.days):
        return NAMED_DAY
    return NO_ROOM


def named_day_first(undone: Sequence[PlanItem], family: planning.Family) -> list[PlanItem]:
    """Cards tied to a day before the others (a stable sort keeps the weekly order)."""
    return sorted(
        undone,
        key=lambda old: (
            planning.allowed_days(planning_inputs.candidate(old.activity), family) is None
        ),
    )


def carry_over(household: Household, week: Week) -> Carried:
    """Add last week's unfinished day items to `week` where the planner's rules let them go."""
    rules = rules_for(household, week)
    undone = unfinished(household.id, week.week_start, (i.activity_id for i in week.items))
    result = Carried()
    for old in named_day_first(undone, rules.family):
        day = carry_day(old, week, rules)
        if day is None:
            result.left_out.append(LeftOut(old, why_left_out(old, rules)))
            continue
        result.added.append(items.add(week, old.activity, day, locked=True, children=old.children))
    return result
