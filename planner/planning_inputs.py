"""What the pure planner needs from the database: cards with their kind and needs, the family's
profile, how past items went and which cards are already rituals.

Kept apart from `weeks/service.py` so the service only asks for the inputs and stores the plan.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from . import planning
from .extensions import db
from .models import Activity, CardSwap, Household, PlanItem, Ritual, Week

RATED = {3: planning.WENT_WELL, 1: planning.HARD_GOING}  # 2 ("okay") and no rating: just done


def card_kind(activity: Activity) -> str:
    """The card's kind as the planner, the week page, print and calendars treat it (a
    first-edition card marked `for_adults` is the grown-ups' kind)."""
    return planning.GROWN_UPS if activity.for_adults else (activity.kind or planning.ACTIVITY)


def on_a_day(activity: Activity) -> bool:
    """Whether the card is booked on a day (activities, rituals) rather than listed for the week
    (watch-for, grown-ups)."""
    return card_kind(activity) in planning.ON_A_DAY


def candidate(activity: Activity) -> planning.Activity:
    """A card as the planner sees it."""
    return planning.Activity(
        slug=activity.slug,
        practice=activity.practice,
        age_min=activity.age_min,
        age_max=activity.age_max,
        minutes=activity.minutes,
        kind=card_kind(activity),
        needs=frozenset(activity.needs_list),
        day=activity.day or "",
        time=activity.time_of_day or "",
    )


def family_profile(household: Household) -> planning.Family:
    """What the family told us about itself; unknown stays None so it never filters."""
    school = household.school_days
    return planning.Family(
        adults=household.adults_at_home,
        two_homes=household.two_homes,
        other_adults=household.other_adults_nearby,
        car=household.has_car,
        garden=household.has_garden,
        pet=household.has_pet,
        money=household.outing_money,
        school_days=(
            frozenset(int(day) for day in school.split(",") if day.isdigit()) if school else None
        ),
        grown_ups_per_week=household.grown_ups_per_week
        if household.grown_ups_per_week is not None
        else 1,
    )


def record_swap(item: PlanItem) -> None:
    """Remember that the family swapped this card away, so the planner rests it."""
    db.session.add(
        CardSwap(
            household_id=item.household_id,
            activity_id=item.activity_id,
            week_start=item.week.week_start,
        )
    )


def swaps(household_id: int, week_start: date) -> list[planning.Outcome]:
    """Cards swapped away (this week too: a re-plan must not bring one back), as feedback."""
    rows = db.session.execute(
        db.select(Activity.slug, CardSwap.week_start)
        .join(CardSwap, CardSwap.activity_id == Activity.id)
        .where(CardSwap.household_id == household_id)
    ).all()
    return [
        planning.Outcome(slug, weeks_between(week_start, when), planning.SWAPPED, when.month)
        for slug, when in rows
    ]


def weeks_between(week_start: date, other: date) -> int:
    return abs((other - week_start).days) // 7


def feedback(
    household_id: int, week_start: date, activity_ids: Collection[int] | None = None
) -> list[planning.Outcome]:
    """How done items of other weeks went (one query). Planned but not done is not feedback.

    `activity_ids` limits it to those cards: the week page explains only its own items, and
    reading every done item of years of history cost it more than the rest of the page."""
    query = (
        db.select(Activity.slug, Week.week_start, PlanItem.day, PlanItem.rating)
        .join(PlanItem, PlanItem.activity_id == Activity.id)
        .join(Week, Week.id == PlanItem.week_id)
        .where(
            Week.household_id == household_id,
            Week.week_start != week_start,
            PlanItem.done_at.is_not(None),
        )
    )
    if activity_ids is not None:
        query = query.where(PlanItem.activity_id.in_(activity_ids))
    rows = db.session.execute(query).all()
    return [
        planning.Outcome(
            slug=slug,
            weeks_ago=weeks_between(week_start, other_start),
            result=RATED.get(rating, planning.DONE),
            month=day.month,
        )
        for slug, other_start, day, rating in rows
    ]


def ritual_slugs(household_id: int) -> set[str]:
    """Cards that already are the family's rituals (the planner never offers them again)."""
    return set(
        db.session.execute(
            db.select(Activity.slug)
            .join(Ritual, Ritual.activity_id == Activity.id)
            .where(Ritual.household_id == household_id)
        ).scalars()
    )


def learning_inputs(household: Household, week_start: date) -> dict:
    """The keyword arguments `plan_week` takes beyond the week itself."""
    return {
        "family": family_profile(household),
        "feedback": feedback(household.id, week_start) + swaps(household.id, week_start),
        "rituals": ritual_slugs(household.id),
    }
