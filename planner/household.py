"""What several areas read about the current family: its clock, its children and its cards.

Weeks, progress, moments, printing and the calendar all need "today", "this week", the children
to choose from and the cards a family may plan; they share them from here instead of importing
each other's views.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .dates import week_start_for
from .extensions import db
from .models import Activity, Child, Household, PlanItem


def today(household: Household) -> date:
    """Today on the family's own wall clock (their time zone, not the server's)."""
    return household.today()


def week_of(household: Household, day: date) -> date:
    """The first day of the family's week that holds `day`."""
    return week_start_for(day, household.week_starts_on)


def this_week(household: Household) -> date:
    """The first day of the family's week under way, by their clock."""
    return week_of(household, today(household))


def children(household_id: int, include_archived: bool = False) -> list[Child]:
    """The family's children, oldest first (archived ones only when asked)."""
    query = db.select(Child).where(Child.household_id == household_id)
    if not include_archived:
        query = query.where(Child.archived.is_(False))
    return list(
        db.session.execute(query.order_by(Child.birth_year, Child.birth_month, Child.id)).scalars()
    )


def children_to_choose(household_id: int, already: Iterable[Child] = ()) -> list[Child]:
    """Children a form offers: everyone still planned for, plus anyone `already` chosen."""
    kept = {child.id for child in already}
    return [
        child
        for child in children(household_id, include_archived=True)
        if not child.archived or child.id in kept
    ]


def usable_cards(household_id: int):
    """A query for the cards a family may plan: library cards still in the library, and the
    family's own cards that are not archived."""
    return db.select(Activity).where(
        Activity.retired.is_(False),
        Activity.archived.is_(False),
        (Activity.household_id.is_(None)) | (Activity.household_id == household_id),
    )


def group_by_day(items: Iterable[PlanItem]) -> dict[date, list[PlanItem]]:
    """A week's items by their day, in the order given."""
    grouped: dict[date, list[PlanItem]] = {}
    for item in items:
        grouped.setdefault(item.day, []).append(item)
    return grouped
