"""The week planner: pure Python (no Flask, no database) so it can be tested and timed alone.

Given the candidate activities, the children's ages, the family's settings, what was done recently
and the items that must stay, `plan_week` fills the rest of the week. In order of importance:

1. as many items as asked, each suiting at least one child and fitting its day's minutes;
2. the three practices balanced over the whole week (kept items included);
3. the items spread over the free days (kept items count toward a day's load);
4. fresh activities before ones tried long ago, and those before ones used in the last four weeks;
   within that, activities for the whole family before ones for some of the children.

Randomness only breaks ties inside one rank, so a seed always gives the same plan. The planner
never raises for impossible settings: it plans what it can and explains the rest in notes: codes
with parameters (no English here), which the web layer puts into words.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

PRACTICES = ("ask-for-help", "teamwork", "connection")
WEEKEND = frozenset({5, 6})  # Python weekday numbers: 0 = Monday .. 6 = Sunday
WEEKDAYS = range(7)
RECENT_WEEKS = 4  # used this many weeks ago or less counts as "recent"

# Note codes: what the planner could not do, for the web layer to put into words.
NO_CHILDREN = "no-children"
NO_FREE_DAYS = "no-free-days"
NO_AGE_FIT = "no-age-fit"
NO_TIME_FIT = "no-time-fit"  # params: time
NO_DAYS_LEFT = "no-days-left"  # the week under way has no free day left (set by the caller)
SHORT_WEEK = "short-week"  # params: total, asked
PRACTICES_SHORT = "practices-short"  # params: practices
KEPT_LEAN = "kept-lean"  # params: practices
QUIET_DAYS = "quiet-days"  # params: days, minutes (None when they differ), empty
CHILD_NOTHING_SUITS = "child-nothing-suits"  # params: age
CHILD_NO_TIME = "child-no-time"  # params: age, time


@dataclass(frozen=True)
class Note:
    """Something the parents should know about the plan: a code and its parameters."""

    code: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, **params) -> Note:
        return cls(code, tuple(sorted(params.items())))

    @property
    def args(self) -> dict[str, object]:
        return dict(self.params)


@dataclass(frozen=True)
class FreeTime:
    """The minutes a family has, and on which kinds of free day (for notes about time)."""

    weekday_minutes: int
    weekend_minutes: int
    on_weekdays: bool
    on_weekends: bool


@dataclass(frozen=True)
class Activity:
    """A library card as the planner sees it."""

    slug: str
    practice: str
    age_min: int
    age_max: int
    minutes: int


@dataclass(frozen=True)
class Child:
    """A child's id and age at the week's start (the planner never needs a name)."""

    key: int
    age: int


@dataclass(frozen=True)
class Settings:
    """The family's plan settings; odd values (0 items, no free days) are explained, not rejected."""

    items_per_week: int
    free_days: frozenset[int]
    weekday_minutes: int
    weekend_minutes: int


@dataclass(frozen=True)
class Slot:
    """An activity on a weekday; `children` empty means the whole family."""

    slug: str
    day: int
    children: tuple[int, ...] = ()


@dataclass(frozen=True)
class Plan:
    """The newly planned items (kept items are not repeated here) and notes for the parents."""

    items: tuple[Slot, ...]
    notes: tuple[Note, ...]


# Small public helpers, shared with the web layer and the tests.


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
    weeks_ago = history.get(slug)
    if weeks_ago is None:
        return 0
    return 1 if weeks_ago > RECENT_WEEKS else 2


def practice_order(week_number: int) -> tuple[str, ...]:
    """The practices in this week's tie-break order: the first gets the extra item, so it rotates."""
    shift = week_number % len(PRACTICES)
    return PRACTICES[shift:] + PRACTICES[:shift]


NOBODY, SOME, EVERYONE = 0, 1, 2


def reach(activity: Activity, ages: Sequence[int]) -> int:
    """Whom the activity suits among children of these `ages` (sorted, not empty).

    Cheap on purpose (two comparisons, then a binary search): it runs once per library card.
    """
    low, high = activity.age_min, activity.age_max
    if low <= ages[0] and ages[-1] <= high:
        return EVERYONE
    first = bisect_left(ages, low)  # the youngest child old enough for it
    return SOME if first < len(ages) and ages[first] <= high else NOBODY


# The library, pre-filtered once per plan into ranked, randomly drawn pools.


class Pool:
    """Equally ranked activities, drawn at random without replacement.

    Sorted by slug before the first draw so the plan doesn't depend on the order the database
    returned the cards in; only pools that are actually drawn from pay for the sort.
    """

    __slots__ = ("items", "ordered")

    def __init__(self) -> None:
        self.items: list[Activity] = []
        self.ordered = False

    def __len__(self) -> int:
        return len(self.items)

    def take(self, index: int) -> Activity:
        """Remove and return the `index`-th activity (swap-remove: O(1))."""
        items = self.items
        if not self.ordered:
            items.sort(key=slug_of)
            self.ordered = True
        picked = items[index]
        items[index] = items[-1]
        items.pop()
        return picked


def slug_of(activity: Activity) -> str:
    """Sort key: slugs are unique and stable, unlike the order cards arrive in."""
    return activity.slug


# Rank of an activity inside its practice: freshness first, then whole family before some children.
RANKS = 6


def rank_of(fresh: int, for_some_children: bool) -> int:
    """0 (never tried, whole family) .. 5 (recent, some children): lower is drawn first."""
    return fresh * 2 + for_some_children


class Shelf:
    """One practice's eligible activities, best rank first.

    Each rank is split into activities that fit every free day ("flexible") and ones that only fit
    the roomier days ("long"), so the planner can hold long ones back to keep the week spread out.
    """

    __slots__ = ("flexible", "long", "size")

    def __init__(self) -> None:
        self.flexible = [Pool() for _ in range(RANKS)]
        self.long = [Pool() for _ in range(RANKS)]
        self.size = 0

    def add(self, activity: Activity, rank: int, flexible: bool) -> None:
        (self.flexible if flexible else self.long)[rank].items.append(activity)
        self.size += 1

    def draw(self, allow_long: bool, rng: random.Random) -> Activity | None:
        """A random activity from the best rank that has one (long ones only if allowed)."""
        for rank in range(RANKS):
            flexible, long = self.flexible[rank], self.long[rank]
            choices = len(flexible) + (len(long) if allow_long else 0)
            if choices:
                index = rng.randrange(choices)
                self.size -= 1
                if index < len(flexible):
                    return flexible.take(index)
                return long.take(index - len(flexible))
        return None


@dataclass(frozen=True)
class Week:
    """The fixed facts of the week being planned, worked out once."""

    settings: Settings
    free_days: tuple[int, ...]  # valid free weekdays, ascending
    tightest: int  # fewest minutes on any free day: activities this short fit every free day
    roomiest: int  # most minutes on any free day: longer activities fit no free day

    @classmethod
    def of(cls, settings: Settings) -> Week:
        free_days = tuple(day for day in WEEKDAYS if day in settings.free_days)
        minutes = [day_minutes(settings, day) for day in free_days] or [0]
        return cls(settings, free_days, min(minutes), max(minutes))

    def minutes(self, day: int) -> int:
        """Minutes the family has on `day` (shorthand used while placing)."""
        return day_minutes(self.settings, day)


@dataclass(frozen=True)
class Library:
    """The candidates sorted once: eligible ones on shelves, kept ones looked up, counts for notes."""

    shelves: dict[str, Shelf]
    kept: dict[str, Activity]  # kept slugs that are in the library
    suit_an_age: int  # not kept, suit a child's age (whatever their minutes)
    eligible: int  # ... and fit a free day's minutes


def sort_library(
    candidates: Iterable[Activity],
    ages: Sequence[int],
    week: Week,
    kept_slugs: set[str],
    history: Mapping[str, int],
) -> Library:
    """One pass over the candidates: keep those that suit a child and fit a free day, ranked."""
    shelves = {practice: Shelf() for practice in PRACTICES}
    kept: dict[str, Activity] = {}
    seen: set[str] = set()
    suit_an_age = eligible = 0
    for activity in candidates:
        slug = activity.slug
        if slug in kept_slugs:
            kept.setdefault(slug, activity)
            continue
        shelf = shelves.get(activity.practice)
        if shelf is None or slug in seen:
            continue
        seen.add(slug)
        fit = reach(activity, ages)
        if fit == NOBODY:
            continue
        suit_an_age += 1
        if activity.minutes > week.roomiest:
            continue
        eligible += 1
        rank = rank_of(freshness(slug, history), fit == SOME)
        shelf.add(activity, rank, activity.minutes <= week.tightest)
    return Library(shelves, kept, suit_an_age, eligible)


# Choosing the activities, then their days.


def day_loads(keep: Sequence[Slot], week: Week) -> dict[int, int]:
    """Items already on each free day."""
    loads = dict.fromkeys(week.free_days, 0)
    for slot in keep:
        if slot.day in loads:
            loads[slot.day] += 1
    return loads


def practice_counts(keep: Sequence[Slot], library: Library) -> dict[str, int]:
    """Kept items per practice (kept cards missing from the library have no known practice)."""
    counts = dict.fromkeys(PRACTICES, 0)
    for slot in keep:
        activity = library.kept.get(slot.slug)
        if activity is not None and activity.practice in counts:
            counts[activity.practice] += 1
    return counts


def roomy_day_share(loads: Mapping[int, int], wanted: int, week: Week) -> int:
    """How many new items the roomier days take when the week is spread evenly.

    Long activities only fit those days, so choosing more long ones than this would pile them up
    there while the other free days stay empty.
    """
    levels = dict(loads)
    share = 0
    for _ in range(wanted):
        day = min(levels, key=lambda d: (levels[d], -week.minutes(d), d))
        levels[day] += 1
        share += week.minutes(day) > week.tightest
    return share


def choose_activities(
    library: Library,
    counts: dict[str, int],
    order: Sequence[str],
    wanted: int,
    long_share: int,
    week: Week,
    rng: random.Random,
) -> list[Activity]:
    """Pick up to `wanted` activities, each for the practice with the fewest items so far.

    Inside a practice the best-ranked activity wins, except that long ones beyond the roomy days'
    share wait while a shorter one is left: a spread-out week beats a slightly fresher card.
    """
    chosen: list[Activity] = []
    shelves = library.shelves
    for _ in range(wanted):
        open_practices = [practice for practice in order if shelves[practice].size]
        if not open_practices:
            break
        practice = min(open_practices, key=counts.__getitem__)  # ties keep the week's order
        shelf = shelves[practice]
        activity = shelf.draw(long_share > 0, rng) or shelf.draw(True, rng)
        if activity is None:  # cannot happen while size > 0; guards against a silent loop
            break
        long_share -= activity.minutes > week.tightest
        counts[practice] += 1
        chosen.append(activity)
    return chosen


def place_on_days(
    chosen: Sequence[Activity],
    loads: dict[int, int],
    spare: dict[int, int],
    week: Week,
    rng: random.Random,
) -> list[tuple[Activity, int]]:
    """Give each activity the least busy free day it fits, long activities first.

    Long ones go first because only the roomy days take them; the rest then even the days out.
    Among equally busy days, prefer one with enough minutes left after the items already there.
    Updates `loads` and `spare` as it goes, so the notes can look at the finished week.
    """
    placed = []
    for activity in sorted(chosen, key=lambda a: (a.minutes <= week.tightest, -a.minutes)):
        fitting = [day for day in week.free_days if activity.minutes <= week.minutes(day)]
        least = min(loads[day] for day in fitting)
        day = min(
            (day for day in fitting if loads[day] == least),
            key=lambda d: (activity.minutes > spare[d], rng.random()),
        )
        loads[day] += 1
        spare[day] -= activity.minutes
        placed.append((activity, day))
    placed.sort(key=lambda pair: pair[1])
    return placed


def spare_minutes(keep: Sequence[Slot], library: Library, week: Week) -> dict[int, int]:
    """Minutes left on each free day once the kept items there are done."""
    spare = {day: week.minutes(day) for day in week.free_days}
    for slot in keep:
        activity = library.kept.get(slot.slug)
        if activity is not None and slot.day in spare:
            spare[slot.day] -= activity.minutes
    return spare


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
    wanted = max(0, settings.items_per_week) - len(keep)
    if wanted <= 0:
        return Plan((), ())
    if not children:
        return Plan((), (Note(NO_CHILDREN),))
    week = Week.of(settings)
    if not week.free_days:
        return Plan((), (Note(NO_FREE_DAYS),))

    rng = random.Random(seed)
    ages = sorted(child.age for child in children)
    library = sort_library(candidates, ages, week, {slot.slug for slot in keep}, history)
    if not library.eligible:
        return Plan((), nothing_fits_notes(library, keep, settings, week))

    loads = day_loads(keep, week)
    counts = practice_counts(keep, library)
    wanted_now = min(wanted, library.eligible)
    long_share = roomy_day_share(loads, wanted_now, week)
    order = practice_order(week_number)
    chosen = choose_activities(library, counts, order, wanted_now, long_share, week, rng)
    placed = place_on_days(chosen, loads, spare_minutes(keep, library, week), week, rng)
    items = tuple(Slot(a.slug, day, children_for(a, children)) for a, day in placed)

    notes = [
        *short_week_notes(len(items), wanted, keep, settings),
        *balance_notes(counts, library),
        *spread_notes(items, loads, week),
        *left_out_notes(items, keep, children, candidates, week),
    ]
    return Plan(items, tuple(notes))


# Notes for the parents: codes and parameters; the web layer words them.


def free_time(week: Week) -> FreeTime:
    """The minutes the family has on its free days."""
    return FreeTime(
        week.settings.weekday_minutes,
        week.settings.weekend_minutes,
        any(day not in WEEKEND for day in week.free_days),
        any(day in WEEKEND for day in week.free_days),
    )


def nothing_fits_notes(
    library: Library, keep: Sequence[Slot], settings: Settings, week: Week
) -> tuple[Note, ...]:
    """Why no activity could be planned at all."""
    if library.suit_an_age:
        return (Note.of(NO_TIME_FIT, time=free_time(week)),)
    if not library.kept:
        return (Note(NO_AGE_FIT),)
    return short_week_notes(0, max(0, settings.items_per_week) - len(keep), keep, settings)


def short_week_notes(
    planned: int, wanted: int, keep: Sequence[Slot], settings: Settings
) -> tuple[Note, ...]:
    """The week has fewer items than asked for."""
    if planned >= wanted:
        return ()
    return (Note.of(SHORT_WEEK, total=planned + len(keep), asked=settings.items_per_week),)


def balance_notes(counts: Mapping[str, int], library: Library) -> tuple[Note, ...]:
    """The three practices could not be evened out (counts include kept and new items)."""
    if sum(counts.values()) < len(PRACTICES):
        return ()
    fewest, most = min(counts.values()), max(counts.values())
    if most - fewest <= 1:
        return ()
    short = [p for p in PRACTICES if counts[p] == fewest and not library.shelves[p].size]
    if short:
        return (Note.of(PRACTICES_SHORT, practices=tuple(short)),)
    heavy = tuple(p for p in PRACTICES if counts[p] == most)
    return (Note.of(KEPT_LEAN, practices=heavy),)


def spread_notes(items: Sequence[Slot], loads: Mapping[int, int], week: Week) -> tuple[Note, ...]:
    """Some free days got two fewer items than a day with a new item: they were too short for
    the activities left (the planner puts every item on the emptiest day it fits)."""
    busiest_new = max((loads[slot.day] for slot in items), default=0)
    quiet = [day for day in week.free_days if loads[day] <= busiest_new - 2]
    if not quiet:
        return ()
    minutes = {week.minutes(day) for day in quiet}
    return (
        Note.of(
            QUIET_DAYS,
            days=tuple(sorted(quiet)),
            minutes=minutes.pop() if len(minutes) == 1 else None,
            empty=all(loads[day] == 0 for day in quiet),
        ),
    )


def left_out_notes(
    items: Sequence[Slot],
    keep: Sequence[Slot],
    children: Sequence[Child],
    candidates: Sequence[Activity],
    week: Week,
) -> tuple[Note, ...]:
    """A child has nothing this week because nothing in the library suits their age or time."""
    covered: set[int] = set()
    for slot in (*keep, *items):
        if not slot.children:
            return ()  # a whole-family item includes everyone
        covered.update(slot.children)
    notes = []
    for age in sorted({child.age for child in children if child.key not in covered}):
        for_them = [a for a in candidates if suits(a, age) and a.practice in PRACTICES]
        if not for_them:
            notes.append(Note.of(CHILD_NOTHING_SUITS, age=age))
        elif all(a.minutes > week.roomiest for a in for_them):
            notes.append(Note.of(CHILD_NO_TIME, age=age, time=free_time(week)))
    return tuple(notes)


# Swapping one item of a week.


def swap_options(
    candidates: Sequence[Activity],
    children: Sequence[Child],
    settings: Settings,
    history: Mapping[str, int],
    week: Sequence[Slot],
    replacing: Slot,
    limit: int = 6,
) -> list[Activity]:
    """Alternatives for one item, best first; the same inputs always give the same list.

    Each must suit one of the children the item is for (any child for a whole-family item), fit
    its day's minutes and not be in the week yet. Ranked: the item's practice before the others;
    then fresh, tried long ago, recent; then suiting all of those children; then by slug.
    """
    chosen = set(replacing.children)
    ages = sorted(c.age for c in children if c.key in chosen) or sorted(c.age for c in children)
    if limit <= 0 or not ages:
        return []
    in_week = {slot.slug for slot in week} | {replacing.slug}
    minutes = day_minutes(settings, replacing.day)
    practice = None
    by_rank: list[list[Activity]] = [[] for _ in range(RANKS)]
    seen: set[str] = set()
    for activity in candidates:
        slug = activity.slug
        if slug == replacing.slug and practice is None:
            practice = activity.practice
        if slug in in_week or slug in seen or activity.minutes > minutes:
            continue
        fit = reach(activity, ages)
        if fit == NOBODY or activity.practice not in PRACTICES:
            continue
        seen.add(slug)
        by_rank[rank_of(freshness(slug, history), fit == SOME)].append(activity)

    options: list[Activity] = []
    for same_practice in (True, False):
        for ranked in by_rank:
            group = [a for a in ranked if (a.practice == practice) == same_practice]
            options += sorted(group, key=slug_of)[: limit - len(options)]
            if len(options) == limit:
                return options
    return options
