"""Seed a database with one household and years of weekly history (for benchmarks and tests)."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from planner.auth.passwords import hash_password
from planner.dates import week_start_for
from planner.extensions import db
from planner.models import Activity, Child, Household, Moment, PlanItem, User, Week
from planner.progress import summary

PRACTICES = ("ask-for-help", "teamwork", "connection")


def ensure_activities(count: int = 150) -> list[Activity]:
    """Use the synced library if there is one, else add simple cards."""
    activities = list(db.session.execute(db.select(Activity)).scalars())
    if len(activities) >= 30:
        return activities
    for index in range(count):
        db.session.add(
            Activity(
                slug=f"bench-card-{index}",
                title=f"Bench activity {index}",
                practice=PRACTICES[index % 3],
                age_min=2 + index % 6,
                age_max=17,
                minutes=(5, 10, 15, 20, 30, 45, 60)[index % 7],
                setting="home",
                who="whole-family",
                materials="None",
                steps_text="First step.\nSecond step.",
                say="Let's do this together.",
                why="It builds the habit.",
            )
        )
    db.session.commit()
    return list(db.session.execute(db.select(Activity)).scalars())


def seed_household(
    email: str = "bench@example.com", password: str = "benchmark password", weeks: int = 260
) -> Household:
    """One household, three children and `weeks` weeks of plans, mostly done, with notes."""
    rng = random.Random(7)
    activities = ensure_activities()
    household = Household(name="The Bench family", items_per_week=6)
    db.session.add(household)
    db.session.flush()
    user = User(
        email=email,
        display_name="Bench",
        password_hash=hash_password(password),
        household_id=household.id,
        role="owner",
    )
    children = [
        Child(household_id=household.id, name=name, birth_year=year, birth_month=month)
        for name, year, month in (("Ada", 2014, 3), ("Ben", 2017, 9), ("Cy", 2020, 1))
    ]
    db.session.add_all([user, *children])
    db.session.flush()
    this_week = week_start_for(date.today(), 0)
    for back in range(weeks, -1, -1):
        start = this_week - timedelta(weeks=back)
        week = Week(household_id=household.id, week_start=start, planned_at=datetime(2020, 1, 1))
        db.session.add(week)
        db.session.flush()
        for activity in rng.sample(activities, 6):
            day = start + timedelta(days=rng.randrange(7))
            done = back > 0 and rng.random() < 0.7
            item = PlanItem(
                household_id=household.id,
                week_id=week.id,
                activity_id=activity.id,
                day=day,
                done_at=datetime.combine(day, datetime.min.time()) if done else None,
                done_by_id=user.id if done else None,
                rating=rng.choice((1, 2, 3)) if done else None,
                note=f"We tried it in week {back}." if done and rng.random() < 0.3 else "",
            )
            if done:
                item.participants = rng.sample(children, rng.randrange(1, 4))
            db.session.add(item)
        if rng.random() < 0.5:
            moment = Moment(
                household_id=household.id,
                practice=rng.choice(PRACTICES),
                happened_on=start + timedelta(days=2),
                note="Asked a neighbour for help with the gate.",
                created_by_id=user.id,
            )
            moment.children = [rng.choice(children)]
            db.session.add(moment)
    db.session.commit()
    # What planning each new week leaves behind: the settled weeks summed (progress.summary).
    summary.refresh(household, week_start_for(household.today(), household.week_starts_on))
    db.session.commit()
    return household
