"""The week planner: pure Python (no Flask, no database) so it can be tested and timed alone.

Given the candidate activities, the children's ages, the family's settings, what was done recently
and the items that must stay, `plan_week` fills the rest of the week: balanced across the three
practices, spread over the free days, fitting each day's minutes, with fresh activities first.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

PRACTICES = ("ask-for-help", "teamwork", "connection")
WEEKEND = frozenset({5, 6})  # Python weekday numbers: 0 = Monday .. 6 = Sunday
RECENT_WEEKS = 4
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Activity:
    slug: str
    practice: str
    age_min: int
    age_max: int
    minutes: int


@dataclass(frozen=True)
class Child:
    key: int
    age: int


@dataclass(frozen=True)
class Settings:
    items_per_week: int
    free_days: frozenset[int]
    weekday_minutes: int
    weekend_minutes: int


@dataclass(frozen=True)
class Slot:
    """An activity on a day; `children` empty means the whole family."""

    slug: str
    day: int
    children: tuple[int, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The newly planned items (kept items are not repeated here) and notes for the parents."""

    items: tuple[Slot, ...]
    notes: tuple[str, ...]


def suits(activity: Activity, age: int) -> bool:
    """Whether the activity is written for a child of `age`."""
    return activity.age_min <= age <= activity.age_max


def children_for(activity: Activity, children: Sequence[Child]) -> tuple[int, ...]:
    """() when the activity suits every child (whole family), else the keys of those it suits."""
    fitting = tuple(child.key for child in children if suits(activity, child.age))
    return () if len(fitting) == len(children) else fitting


def day_minutes(settings: Settings, day: int) -> int:
    """Minutes the family has on `day`."""
    return settings.weekend_minutes if day in WEEKEND else settings.weekday_minutes


def freshness(slug: str, history: Mapping[str, int]) -> int:
    """0 never tried, 1 tried more than four weeks ago, 2 done or planned in the last four weeks."""
    if slug not in history:
        return 0
    return 2 if history[slug] <= RECENT_WEEKS else 1


def practice_order(week_number: int) -> tuple[str, ...]:
    """The practices in the order that breaks ties this week; the first gets any extra item."""
    shift = week_number % len(PRACTICES)
    return PRACTICES[shift:] + PRACTICES[:shift]


def rank_candidates(
    candidates: Sequence[Activity],
    ages: Sequence[int],
    exclude: set[str],
    history: Mapping[str, int],
    rng: random.Random,
) -> dict[str, list[Activity]]:
    """Eligible activities per practice, best first: fresh, then suiting every child, then random."""
    buckets: dict[str, list[tuple[tuple[int, int, float], Activity]]] = {p: [] for p in PRACTICES}
    seen: set[str] = set()
    for activity in candidates:
        if activity.slug in exclude or activity.slug in seen or activity.practice not in buckets:
            continue
        fitting = sum(1 for age in ages if activity.age_min <= age <= activity.age_max)
        if not fitting:
            continue
        seen.add(activity.slug)
        key = (freshness(activity.slug, history), fitting != len(ages), rng.random())
        buckets[activity.practice].append((key, activity))
    return {
        p: [a for _, a in sorted(entries, key=lambda e: e[0])] for p, entries in buckets.items()
    }


def plan_week(
    candidates: Sequence[Activity],
    children: Sequence[Child],
    settings: Settings,
    history: Mapping[str, int],
    keep: Sequence[Slot],
    seed: int,
    week_number: int,
) -> Plan:
    """Fill the week around the kept items; never raises for impossible inputs, explains instead."""
    rng = random.Random(seed)
    wanted = max(0, settings.items_per_week) - len(keep)
    if wanted <= 0:
        return Plan((), ())
    if not children:
        return Plan(
            (), ("Add your children on the family page so activities can suit their ages.",)
        )
    free_days = sorted(day for day in set(settings.free_days) if 0 <= day <= 6)
    if not free_days:
        return Plan(
            (),
            ("No free days are set, so nothing was planned. Choose free days on the family page.",),
        )

    by_slug = {activity.slug: activity for activity in candidates}
    kept_slugs = {slot.slug for slot in keep}
    ages = [child.age for child in children]
    buckets = rank_candidates(candidates, ages, kept_slugs, history, rng)
    if not any(buckets.values()):
        return Plan(
            (),
            ("No activities in the library suit your children's ages (cards cover ages 2 to 17).",),
        )

    load = {day: 0 for day in free_days}
    counts = dict.fromkeys(PRACTICES, 0)
    for slot in keep:
        if slot.day in load:
            load[slot.day] += 1
        kept_activity = by_slug.get(slot.slug)
        if kept_activity is not None and kept_activity.practice in counts:
            counts[kept_activity.practice] += 1
    order = practice_order(week_number)
    used: set[str] = set()
    planned: list[Slot] = []

    for _ in range(wanted):
        placed = place_one(buckets, counts, order, load, settings, used, rng)
        if placed is None:
            break
        activity, day = placed
        used.add(activity.slug)
        counts[activity.practice] += 1
        load[day] += 1
        planned.append(Slot(slug=activity.slug, day=day, children=children_for(activity, children)))
        drop_used(buckets, used)

    return Plan(tuple(planned), tuple(explain(planned, wanted, counts, keep, settings)))


def place_one(buckets, counts, order, load, settings, used, rng):
    """Pick the next (activity, day): the least-planned practice first, then the emptiest day."""
    levels = sorted(set(load.values()))
    for practice in sorted(PRACTICES, key=lambda p: (counts[p], order.index(p))):
        for level in levels:
            days = [day for day, n in load.items() if n == level]
            for activity in buckets[practice]:
                if activity.slug in used:
                    continue
                fitting = [day for day in days if activity.minutes <= day_minutes(settings, day)]
                if fitting:
                    return activity, rng.choice(fitting)
    return None


def drop_used(buckets, used) -> None:
    """Drop used activities from the front of each bucket so later scans stay short."""
    for bucket in buckets.values():
        while bucket and bucket[0].slug in used:
            bucket.pop(0)


def explain(planned, wanted, counts, keep, settings) -> list[str]:
    """Plain-language notes when the week could not be planned as asked."""
    notes = []
    if len(planned) < wanted:
        total = len(planned) + len(keep)
        notes.append(
            f"Only {total} activities fit your children's ages and your free time, "
            f"so this week has {total} instead of {settings.items_per_week}. "
            "More free days or minutes on the family page make room for more."
        )
    total = sum(counts.values())
    if total >= len(PRACTICES) and max(counts.values()) - min(counts.values()) > 1:
        notes.append(
            "There weren't enough fitting activities to balance the three practices evenly this week."
        )
    return notes


def swap_options(
    candidates: Sequence[Activity],
    children: Sequence[Child],
    settings: Settings,
    history: Mapping[str, int],
    week: Sequence[Slot],
    replacing: Slot,
    limit: int = 6,
) -> list[Activity]:
    """Alternatives for one item, best first: same practice, fits its day and children, fresh."""
    in_week = {slot.slug for slot in week} | {replacing.slug}
    current = next((a for a in candidates if a.slug == replacing.slug), None)
    chosen = set(replacing.children)
    ages = [c.age for c in children if c.key in chosen] if chosen else [c.age for c in children]
    minutes = day_minutes(settings, replacing.day)
    ranked = []
    seen: set[str] = set()
    for activity in candidates:
        if activity.slug in in_week or activity.slug in seen or activity.minutes > minutes:
            continue
        fitting = sum(1 for age in ages if suits(activity, age))
        if not fitting:
            continue
        seen.add(activity.slug)
        other_practice = current is not None and activity.practice != current.practice
        key = (
            other_practice,
            freshness(activity.slug, history),
            fitting != len(ages),
            activity.slug,
        )
        ranked.append((key, activity))
    ranked.sort(key=lambda entry: entry[0])
    return [activity for _, activity in ranked[:limit]]
