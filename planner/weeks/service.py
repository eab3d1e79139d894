"""Glue between the database and the pure planner: load inputs, store outputs.

Views call these; they never commit (the view owns the transaction).
"""

import dataclasses
import random
from collections.abc import Iterable
from datetime import date, timedelta

from flask import g
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from .. import planning, planning_inputs
from ..dates import date_for_weekday, week_days
from ..extensions import db
from ..models import Activity, Child, Household, PlanItem, Ritual, Week, now_utc


def request_write_lock() -> None:
    """Make the next SQLite transaction of a GET request take the write lock (BEGIN IMMEDIATE)."""
    g.sqlite_immediate = True


def usable_activities_query(household_id: int):
    """Library cards still in the library, plus this household's own cards that are not archived."""
    return db.select(Activity).where(
        Activity.retired.is_(False),
        Activity.archived.is_(False),
        (Activity.household_id.is_(None)) | (Activity.household_id == household_id),
    )


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


def get_week(household_id: int, week_start: date) -> Week | None:
    """The week with its items, their cards and children loaded up front (no query per item)."""
    return db.session.execute(
        db.select(Week)
        .where(Week.household_id == household_id, Week.week_start == week_start)
        .options(
            selectinload(Week.items).options(
                joinedload(PlanItem.activity),
                selectinload(PlanItem.children),
                selectinload(PlanItem.participants),
            )
        )
    ).scalar_one_or_none()


def get_or_create_week(household_id: int, week_start: date) -> Week:
    """The week row, locked for this transaction, created if needed (safe under concurrency).

    Locking the week makes concurrent re-plans of one week queue up instead of each adding items.
    """
    query = db.select(Week).where(Week.household_id == household_id, Week.week_start == week_start)
    week = db.session.execute(query.with_for_update()).scalar_one_or_none()
    if week is None:
        try:
            with db.session.begin_nested():
                week = Week(household_id=household_id, week_start=week_start)
                db.session.add(week)
        except IntegrityError:
            # Another request created it a moment ago: use theirs.
            week = db.session.execute(query.with_for_update()).scalar_one()
    return week


def rituals_for(household_id: int) -> list[Ritual]:
    return list(
        db.session.execute(
            db.select(Ritual).where(Ritual.household_id == household_id).order_by(Ritual.id)
        ).scalars()
    )


def missing_rituals(week: Week | None, rituals: Iterable[Ritual], week_start: date) -> list[Ritual]:
    """Rituals that belong in this week (created before its end) but are not on it yet."""
    present = {item.activity_id for item in week.items} if week else set()
    week_end = week_start + timedelta(days=7)
    return [
        ritual
        for ritual in rituals
        if ritual.activity_id not in present and ritual.created_at.date() < week_end
    ]


def place_rituals(week: Week, rituals: Iterable[Ritual]) -> None:
    """Put each ritual's activity on its weekday in `week` (the caller checked they are missing)."""
    for ritual in rituals:
        db.session.add(
            PlanItem(
                household_id=week.household_id,
                week=week,
                activity_id=ritual.activity_id,
                day=date_for_weekday(week.week_start, ritual.weekday),
                locked=True,
                ritual_id=ritual.id,
            )
        )
    db.session.flush()


def kept_slots(items: Iterable[PlanItem]) -> list[planning.Slot]:
    return [
        planning.Slot(
            slug=item.activity.slug,
            day=item.day.weekday(),
            children=tuple(child.id for child in item.children),
        )
        for item in items
    ]


NO_DAYS_LEFT = (
    "The free days of this week are behind you, so nothing new was planned. "
    "Plan next week, or add an activity to a day by hand."
)


def is_kept(item: PlanItem, today: date | None = None) -> bool:
    """Done, locked and ritual items survive a re-plan untouched, and so does a day already gone:
    what was planned for it is what the family's history should say."""
    if today is not None and item.day < today:
        return True
    return item.done_at is not None or item.locked or item.ritual_id is not None


def fill_week(
    household: Household, week: Week, seed: int | None = None, today: date | None = None
) -> tuple[str, ...]:
    """Re-plan `week`: drop items that are not kept, then let the planner fill the rest.

    In the week that is under way, new items only go on today and the days after it; a week not
    yet begun, or a past one a family fills in afterwards, has all its free days.
    Returns the planner's notes for the parent.
    """
    today = today or date.today()
    days = week_days(week.week_start)
    under_way = days[0] <= today <= days[-1]
    settings = planning_settings(household)
    open_days = settings.free_days & {d.weekday() for d in days if not under_way or d >= today}
    if settings.free_days and not open_days:
        return (NO_DAYS_LEFT,)  # nothing could take the place of what is there: leave it all
    settings = dataclasses.replace(settings, free_days=open_days)
    place_rituals(week, missing_rituals(week, rituals_for(household.id), week.week_start))
    db.session.refresh(week)
    for item in list(week.items):
        if not is_kept(item, today if under_way else None):
            week.items.remove(item)
            db.session.delete(item)
    db.session.flush()
    kept = [item for item in week.items]
    activities = list(db.session.execute(usable_activities_query(household.id)).scalars())
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
        db.session.add(
            PlanItem(
                household_id=household.id,
                week=week,
                activity=by_slug[slot.slug],
                day=date_for_weekday(week.week_start, slot.day),
                children=[child_rows[key] for key in slot.children],
            )
        )
    week.planned_at = now_utc()
    db.session.flush()
    return plan.notes


def swap_choices(household: Household, item: PlanItem, limit: int = 6) -> list[Activity]:
    """Activities that could replace `item` on its day, best first."""
    week = item.week
    activities = list(db.session.execute(usable_activities_query(household.id)).scalars())
    by_slug = {activity.slug: activity for activity in activities}
    week_slots = kept_slots(week.items)
    replacing = planning.Slot(
        slug=item.activity.slug,
        day=item.day.weekday(),
        children=tuple(child.id for child in item.children),
    )
    options = planning.swap_options(
        [as_candidate(a) for a in activities],
        planning_children(household.id, week.week_start),
        planning_settings(household),
        recent_history(household.id, week.week_start),
        week_slots,
        replacing,
        limit=limit,
    )
    return [by_slug[option.slug] for option in options if option.slug in by_slug]


def days_of(week_start: date) -> list[date]:
    return week_days(week_start)
