"""Glue between the database and the pure planner: load its inputs, store its plan as items.

Views call these; they never commit (the view owns the transaction). Items themselves are made
and changed through `planner.items`, the one service that owns them.
"""

import dataclasses
import random
from collections.abc import Iterable
from datetime import date

from sqlalchemy import func

from .. import items as plan_items
from .. import planning, planning_inputs
from ..dates import date_for_weekday, week_days
from ..extensions import db
from ..household import usable_cards
from ..models import Activity, Child, Household, PlanItem, Week, now_utc


def planning_children(household_id: int, on: date) -> list[planning.Child]:
    """Active children with their age at the week's start."""
    children = db.session.execute(
        db.select(Child).where(Child.household_id == household_id, Child.archived.is_(False))
    ).scalars()
    return [planning.Child(key=child.id, age=child.age_on(on)) for child in children]


def planning_settings(household: Household) -> planning.Settings:
    return planning.Settings(
        items_per_week=household.items_per_week,
        free_days=household.free_day_set,
        weekday_minutes=household.weekday_minutes,
        weekend_minutes=household.weekend_minutes,
    )


def as_candidate(activity: Activity) -> planning.Activity:
    return planning_inputs.candidate(activity)


def recent_history(household_id: int, week_start: date) -> dict[str, int]:
    """slug -> weeks between `week_start` and the nearest other week that had it (one query)."""
    rows = db.session.execute(
        db.select(Activity.slug, func.max(Week.week_start), func.min(Week.week_start))
        .join(PlanItem, PlanItem.activity_id == Activity.id)
        .join(Week, Week.id == PlanItem.week_id)
        .where(Week.household_id == household_id, Week.week_start != week_start)
        .group_by(Activity.slug)
    ).all()
    history = {}
    for slug, latest, earliest in rows:
        gaps = [abs((day - week_start).days) // 7 for day in (latest, earliest)]
        history[slug] = min(gaps)
    return history


def kept_slots(items: Iterable[PlanItem]) -> list[planning.Slot]:
    return [
        planning.Slot(
            slug=item.activity.slug,
            day=item.day.weekday(),
            children=tuple(child.id for child in item.children),
        )
        for item in items
    ]


def is_kept(item: PlanItem, today: date | None = None) -> bool:
    """Done, locked and ritual items survive a re-plan untouched, and so does a day already gone:
    what was planned for it is what the family's history should say."""
    if today is not None and item.day < today:
        return True
    return item.done_at is not None or item.locked or item.ritual_id is not None


def open_days(household: Household, week: Week, today: date) -> frozenset[int]:
    """The free weekdays planning may still use: in the week under way, today and later only;
    a week not yet begun, or a past one a family fills in afterwards, has all its free days."""
    days = week_days(week.week_start)
    under_way = days[0] <= today <= days[-1]
    return household.free_day_set & {d.weekday() for d in days if not under_way or d >= today}


def fill_week(
    household: Household, week: Week, seed: int | None = None
) -> tuple[planning.Note, ...]:
    """Re-plan `week` from the family's today: drop items that are not kept, then let the planner
    fill the rest. Returns the planner's notes (codes; the web layer words them).
    """
    today = household.today()
    days = week_days(week.week_start)
    under_way = days[0] <= today <= days[-1]
    settings = planning_settings(household)
    usable_days = open_days(household, week, today)
    if settings.free_days and not usable_days:
        # Nothing could take the place of what is there: leave it all.
        return (planning.Note(planning.NO_DAYS_LEFT),)
    settings = dataclasses.replace(settings, free_days=usable_days)
    for item in list(week.items):
        if not is_kept(item, today if under_way else None):
            week.items.remove(item)
            plan_items.remove(item)
    db.session.flush()
    kept = list(week.items)
    activities = list(db.session.execute(usable_cards(household.id)).scalars())
    by_slug = {activity.slug: activity for activity in activities}
    children = planning_children(household.id, week.week_start)
    plan = planning.plan_week(
        candidates=[as_candidate(a) for a in activities],
        children=children,
        settings=settings,
        history=recent_history(household.id, week.week_start),
        keep=kept_slots(kept),
        seed=seed if seed is not None else random.randrange(2**31),
        week_number=week.week_start.toordinal() // 7,
        **planning_inputs.learning_inputs(household, week.week_start),
    )
    child_rows = {
        child.id: child
        for child in db.session.execute(
            db.select(Child).where(Child.household_id == household.id)
        ).scalars()
    }
    for slot in plan.items:
        plan_items.add(
            week,
            by_slug[slot.slug],
            date_for_weekday(week.week_start, slot.day),
            children=[child_rows[key] for key in slot.children],
        )
    # The week's lists are stored as items too, on the week's first day: the day means nothing
    # for them (the week page, print and calendars list them apart, by the card's kind).
    for pick in (*plan.watch_for, *plan.for_you):
        plan_items.add(
            week,
            by_slug[pick.slug],
            week.week_start,
            children=[child_rows[key] for key in pick.children],
        )
    week.planned_at = now_utc()
    db.session.flush()
    return plan.notes


def minutes_booked(week: Week, day: date, leaving_out: PlanItem | None = None) -> int:
    """Minutes of the day cards on `day` of `week`, but for `leaving_out`: what the planner's
    day minutes must still hold (watch-for and grown-ups cards take no time on a day)."""
    return sum(
        item.activity.minutes
        for item in week.items
        if item is not leaving_out and item.day == day and planning_inputs.on_a_day(item.activity)
    )


def day_load(item: PlanItem) -> int:
    """Minutes of the other day cards on `item`'s day (a swap must fit what is left)."""
    return minutes_booked(item.week, item.day, leaving_out=item)


def swap_choices(household: Household, item: PlanItem, limit: int = 6) -> list[Activity]:
    """Activities that could replace `item` in its place, best first, by the planner's hard
    rules (needs, named days, minutes left on the day, rest after a hard run or a swap)."""
    week = item.week
    activities = list(db.session.execute(usable_cards(household.id)).scalars())
    by_slug = {activity.slug: activity for activity in activities}
    week_slots = kept_slots(week.items)
    replacing = planning.Slot(
        slug=item.activity.slug,
        day=item.day.weekday(),
        children=tuple(child.id for child in item.children),
    )
    learning = planning_inputs.learning_inputs(household, week.week_start)
    options = planning.swap_options(
        [as_candidate(a) for a in activities],
        planning_children(household.id, week.week_start),
        planning_settings(household),
        recent_history(household.id, week.week_start),
        week_slots,
        replacing,
        limit=limit,
        family=learning["family"],
        feedback=learning["feedback"],
        day_load=day_load(item),
    )
    return [by_slug[option.slug] for option in options if option.slug in by_slug]
