"""The week planner: pure Python (no Flask, no database) so it can be tested and timed alone.

Given the candidate cards, the children's ages, the family's settings and profile, what was
planned and how it went, and the items that must stay, `plan_week` fills the rest of the week.

Each kind of card is planned its own way: activities and rituals go on a day that fits them;
watch-for cards ("when your child asks for help…") go in a list for the week, never on a day;
the grown-ups' own cards go in a "for you" list, at most one a week unless the family asks.

Hard rules (never broken): a card suits a child's age and the family has what it needs (unknown
never filters); the sum of a day's items fits that day's minutes; a named-day card goes on its
day or not at all; a card that went hard or was swapped away rests at least eight weeks.

Then, in order of importance: as many items as asked (a card that would take the minutes the
other items need waits for a shorter one); at least one item for the whole family when any card
suits every child and was not planned in the last four weeks; the three practices balanced (kept
items included); the items spread over the free days; cards that went well back after a few
weeks, then cards new to the family (planned but never done is still new), then ones done
before, then ones that went hard, then ones planned in the last four weeks; within that, whole
family first and the week's focus theme first.

Randomness only breaks ties inside one rank, so a seed always gives the same plan. The planner
never raises for impossible settings: it plans what it can and explains the rest in notes: codes
with parameters (no English here), which the web layer puts into words.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from planner.focus import Theme, focus_for

PRACTICES = ("ask-for-help", "teamwork", "connection")
WEEKEND = frozenset({5, 6})  # Python weekday numbers: 0 = Monday .. 6 = Sunday
WEEKDAYS = range(7)
SCHOOL_DAYS = frozenset(range(5))  # when the family has not said
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


REST_WEEKS = 8  # a card that went hard or was swapped away stays out this long
WATCH_PER_WEEK = 3  # watch-for cards in a week's list (one per practice)

# Kinds of card.
ACTIVITY, RITUAL, WATCH_FOR, GROWN_UPS = "activity", "ritual", "watch-for", "grown-ups"
ON_A_DAY = frozenset({ACTIVITY, RITUAL})

# What a card's `day` names, as weekdays ("school-day" depends on the family).
NAMED_DAYS = {
    "monday": frozenset({0}),
    "tuesday": frozenset({1}),
    "wednesday": frozenset({2}),
    "thursday": frozenset({3}),
    "friday": frozenset({4}),
    "saturday": frozenset({5}),
    "sunday": frozenset({6}),
    "weekend": WEEKEND,
}

# How a card went: the feedback the planner learns from (planned but not done is not here).
DONE, WENT_WELL, HARD_GOING, SWAPPED = "done", "went-well", "hard-going", "swapped"

# Why an item was picked: reason codes for the web layer to word.
LIKED_BEFORE = "liked-before"  # params: month (1-12, 0 when unknown)
SUITS = "suits"  # params: children (keys)
NEW = "new"
RITUAL_OFFER = "ritual"  # offered as a ritual: done and liked twice


@dataclass(frozen=True)
class Activity:
    """A library card as the planner sees it; `day` and `time` are "" when the card names none."""

    slug: str
    practice: str
    age_min: int
    age_max: int
    minutes: int
    kind: str = ACTIVITY
    needs: frozenset[str] = frozenset()
    day: str = ""
    time: str = ""


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
class Family:
    """What the family has, as far as it told us: None means unknown, and unknown never filters."""

    adults: str | None = None  # "one" | "two" | "more"
    two_homes: bool | None = None
    other_adults: bool | None = None
    car: bool | None = None
    garden: bool | None = None
    pet: bool | None = None
    money: str | None = None  # "free" | "a-little"
    school_days: frozenset[int] | None = None
    grown_ups_per_week: int = 1

    def lacks(self, need: str) -> bool:
        """Whether the family is known not to have `need` ("siblings" is checked against ages)."""
        if need == "second-adult":
            return self.adults == "one"
        if need == "money":
            return self.money == "free"
        known = {
            "two-homes": self.two_homes,
            "other-adult": self.other_adults,
            "car": self.car,
            "garden": self.garden,
            "pet": self.pet,
        }.get(need)
        return known is False


@dataclass(frozen=True)
class Outcome:
    """How a card went `weeks_ago` weeks before this week (`month` 1-12 when it happened)."""

    slug: str
    weeks_ago: int
    result: str  # DONE | WENT_WELL | HARD_GOING | SWAPPED
    month: int = 0


@dataclass(frozen=True)
class Reason:
    """Why an item was picked: a code and its parameters (the web layer words it)."""

    code: str
    params: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, code: str, **params) -> Reason:
        return cls(code, tuple(sorted(params.items())))

    @property
    def args(self) -> dict[str, object]:
        return dict(self.params)


@dataclass(frozen=True)
class Slot:
    """A card on a weekday; `children` empty means the whole family. The reason never changes
    which slot it is (equal slots are the same card on the same day for the same children)."""

    slug: str
    day: int
    children: tuple[int, ...] = ()
    reason: Reason | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Pick:
    """A card for the week's lists (watch for, for you, make a ritual) rather than for a day."""

    slug: str
    children: tuple[int, ...] = ()
    reason: Reason | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Plan:
    """The newly planned items (kept items are not repeated here), notes for the parents, and the
    week's lists: what to watch for, the grown-ups' card, cards to offer as rituals, the focus."""

    items: tuple[Slot, ...]
    notes: tuple[Note, ...]
    watch_for: tuple[Pick, ...] = ()
    for_you: tuple[Pick, ...] = ()
    ritual_offers: tuple[Pick, ...] = ()
    focus: str = field(default="", compare=False)


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
    """0 never planned, 1 planned more than four weeks ago, 2 planned in the last four weeks."""
    weeks_ago = history.get(slug)
    if weeks_ago is None:
        return 0
    return 1 if weeks_ago > RECENT_WEEKS else 2


def practice_order(week_number: int) -> tuple[str, ...]:
    """The practices in this week's tie-break order: the first gets the extra item, so it rotates."""
    shift = week_number % len(PRACTICES)
    return PRACTICES[shift:] + PRACTICES[:shift]


def has_needs(activity: Activity, family: Family, ages: Sequence[int]) -> bool:
    """Whether the family has everything the card needs ("siblings": two children in its ages)."""
    for need in activity.needs:
        if need == "siblings":
            if sum(1 for age in ages if activity.age_min <= age <= activity.age_max) < 2:
                return False
        elif family.lacks(need):
            return False
    return True


def allowed_days(activity: Activity, family: Family) -> frozenset[int] | None:
    """The weekdays a card may go on, or None when any day will do."""
    days = None
    if activity.day:
        days = NAMED_DAYS.get(activity.day)
        if days is None:  # "school-day" (or a day name the planner does not know: no day fits)
            days = school_days(family) if activity.day == "school-day" else frozenset()
    if activity.time == "after-school":
        days = school_days(family) if days is None else days & school_days(family)
    return days


def school_days(family: Family) -> frozenset[int]:
    """The family's school days, Monday to Friday when it has not said."""
    return SCHOOL_DAYS if family.school_days is None else family.school_days


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


# What the family did: feedback summed up per card.


class Record:
    """One card's feedback: when it was last done, how the last run went, rests it is under."""

    __slots__ = ("done_ago", "latest", "month", "wells", "hard_ago", "swapped_ago")

    def __init__(self) -> None:
        self.done_ago: int | None = None
        self.latest = ""  # result of the most recent run (DONE, WENT_WELL or HARD_GOING)
        self.month = 0  # month of the most recent "went well"
        self.wells = 0
        self.hard_ago: int | None = None
        self.swapped_ago: int | None = None

    def resting(self) -> bool:
        """Hard going or swapped away less than REST_WEEKS ago."""
        return any(
            ago is not None and ago < REST_WEEKS for ago in (self.hard_ago, self.swapped_ago)
        )


def records_of(feedback: Iterable[Outcome]) -> dict[str, Record]:
    """Feedback per card; the most recent run decides how the card went."""
    records: dict[str, Record] = {}
    for outcome in sorted(feedback, key=lambda o: (abs(o.weeks_ago), o.result), reverse=True):
        record = records.setdefault(outcome.slug, Record())
        ago = abs(outcome.weeks_ago)
        if outcome.result == SWAPPED:
            record.swapped_ago = ago
            continue
        record.done_ago = ago
        record.latest = outcome.result
        if outcome.result == WENT_WELL:
            record.wells += 1
            record.month = outcome.month
        elif outcome.result == HARD_GOING:
            record.hard_ago = ago
    return records


STOP_WORDS = frozenset(
    {"with", "your", "their", "together", "family", "time", "game", "help", "asking", "each"}
)


def idea_words(slug: str) -> frozenset[str]:
    """The words that say what a card is about, to tell one idea from another."""
    return frozenset(
        word
        for word in slug.split("-")
        if len(word) > 3 and word.isalpha() and word not in STOP_WORDS
    )


def same_idea(slug: str, hard_ideas: Sequence[frozenset[str]], vocabulary: frozenset[str]) -> bool:
    """Shares two idea words with a card that went hard ("build-a-den", "build-a-den-indoors").

    The vocabulary (every idea word of those cards) rules most cards out with one cheap pass.
    """
    words = {word for word in slug.split("-") if word in vocabulary}
    return len(words) >= 2 and any(len(words & idea) >= 2 for idea in hard_ideas)


# Rank of a card inside its practice: the tier first, then whole family, then the week's focus.
LIKED, FRESH, TRIED, WENT_HARD, RECENT = range(5)
RANKS = 5 * 4


def tier_of(slug: str, history: Mapping[str, int], record: Record | None) -> int:
    """LIKED .. RECENT for a card that is not resting (the caller checked).

    Only what the family did counts as tried: a card planned but never done is as new as one
    never planned, though, like any card, not planned again within four weeks.
    """
    planned_ago = history.get(slug)
    if planned_ago is not None and planned_ago <= RECENT_WEEKS:
        return RECENT
    if record is None or record.done_ago is None:
        return FRESH
    if record.latest == WENT_WELL:
        return LIKED
    return WENT_HARD if record.latest == HARD_GOING else TRIED


def rank_of(tier: int, for_some_children: bool, off_focus: bool = True) -> int:
    """0 (liked, whole family, on focus) .. RANKS - 1: lower is drawn first."""
    return tier * 4 + for_some_children * 2 + off_focus


def promised_rank(rank: int) -> bool:
    """A rank the week's promised whole-family card may come from: whole family, and not planned
    in the last four weeks (that card would jump every fresher one and repeat within a month)."""
    return rank < RECENT * 4 and not (rank // 2) % 2


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
        items = self.order()
        picked = items[index]
        items[index] = items[-1]
        items.pop()
        return picked

    def order(self) -> list[Activity]:
        """The activities in a fixed order (by slug), sorted on first use."""
        if not self.ordered:
            self.items.sort(key=slug_of)
            self.ordered = True
        return self.items

    def within(self, most: int) -> list[int]:
        """Indices of the activities no longer than `most` minutes."""
        return [index for index, a in enumerate(self.order()) if a.minutes <= most]


def slug_of(activity: Activity) -> str:
    """Sort key: slugs are unique and stable, unlike the order cards arrive in."""
    return activity.slug


class Shelf:
    """One practice's eligible activities, best rank first.

    Each rank is split into activities that fit every free day ("flexible") and ones that only fit
    some days ("long", or tied to a named day), so the planner can hold those back to keep the
    week spread out.
    """

    __slots__ = ("flexible", "long", "size")

    def __init__(self) -> None:
        self.flexible = [Pool() for _ in range(RANKS)]
        self.long = [Pool() for _ in range(RANKS)]
        self.size = 0

    def add(self, activity: Activity, rank: int, flexible: bool) -> None:
        (self.flexible if flexible else self.long)[rank].items.append(activity)
        self.size += 1

    def draw(
        self,
        allow_long: bool,
        rng: random.Random,
        whole_family: bool = False,
        most: int | None = None,
    ) -> Activity | None:
        """A random activity from the best rank that has one (long ones only if allowed, none
        over `most` minutes if given, only the promised ranks for the `whole_family` card)."""
        for rank in range(RANKS):
            if whole_family and not promised_rank(rank):
                continue
            if most is not None:
                activity = self.draw_within(rank, allow_long, most, rng)
                if activity is not None:
                    return activity
                continue
            flexible, long = self.flexible[rank], self.long[rank]
            choices = len(flexible) + (len(long) if allow_long else 0)
            if choices:
                index = rng.randrange(choices)
                self.size -= 1
                if index < len(flexible):
                    return flexible.take(index)
                return long.take(index - len(flexible))
        return None

    def draw_within(
        self, rank: int, allow_long: bool, most: int, rng: random.Random
    ) -> Activity | None:
        """A random activity of `rank` no longer than `most` minutes, or None."""
        pools = (self.flexible[rank], self.long[rank]) if allow_long else (self.flexible[rank],)
        fitting = [(pool, index) for pool in pools if pool.items for index in pool.within(most)]
        if not fitting:
            return None
        pool, index = fitting[rng.randrange(len(fitting))]
        self.size -= 1
        return pool.take(index)


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


@dataclass
class Library:
    """The candidates sorted once: eligible ones on shelves, kept ones looked up, counts for notes."""

    shelves: dict[str, Shelf] = field(default_factory=lambda: shelves_by_practice())
    kept: dict[str, Activity] = field(default_factory=dict)  # kept slugs found in the library
    suit_an_age: int = 0  # day cards, not kept, that suit a child and the family's needs
    eligible: int = 0  # ... and fit a free day's minutes
    shortest: int = 0  # minutes of the shortest of those (0 when there is none)
    days: dict[str, tuple[int, ...]] = field(default_factory=dict)  # day-restricted cards
    watch: dict[str, Shelf] = field(default_factory=lambda: shelves_by_practice())
    grown_ups: dict[str, Shelf] = field(default_factory=lambda: shelves_by_practice())
    offers: list[tuple[int, str]] = field(default_factory=list)  # (-good runs, slug)


def shelves_by_practice() -> dict[str, Shelf]:
    return {practice: Shelf() for practice in PRACTICES}


@dataclass(frozen=True)
class Context:
    """What sorting the library needs to know besides the cards."""

    ages: Sequence[int]
    week: Week
    family: Family
    kept_slugs: set[str]
    history: Mapping[str, int]
    records: Mapping[str, Record]
    focus: Theme
    rituals: Collection[str]
    hard_ideas: tuple  # (idea words of each card that went hard lately, all those words) or ()
    day_cache: dict = field(default_factory=dict)  # (day, time) -> open_days_of(...)


def sort_library(candidates: Iterable[Activity], context: Context) -> Library:
    """One pass over the candidates: keep those the family can use, ranked, on their shelves."""
    library = Library()
    seen: set[str] = set()
    for activity in candidates:
        slug = activity.slug
        if slug in context.kept_slugs:
            library.kept.setdefault(slug, activity)
            continue
        if activity.practice not in library.shelves or slug in seen:
            continue
        seen.add(slug)
        shelve(activity, context, library)
    return library


def shelve(activity: Activity, context: Context, library: Library) -> None:
    """Put one card on the shelf its kind and rank say, or leave it out."""
    fit = EVERYONE if activity.kind == GROWN_UPS else reach(activity, context.ages)
    if fit == NOBODY:
        return
    if activity.needs and not has_needs(activity, context.family, context.ages):
        return
    record = context.records.get(activity.slug)
    if record is not None and record.resting():
        return
    rank = rank_for(activity, fit, record, context)
    if activity.kind == WATCH_FOR:
        library.watch[activity.practice].add(activity, rank, True)
    elif activity.kind == GROWN_UPS:
        library.grown_ups[activity.practice].add(activity, rank, True)
    else:
        shelve_for_a_day(activity, rank, record, context, library)


def rank_for(activity: Activity, fit: int, record: Record | None, context: Context) -> int:
    """The card's rank: its tier (a different idea after a hard run), whom it suits, the focus."""
    slug = activity.slug
    tier = tier_of(slug, context.history, record)
    if tier < WENT_HARD and context.hard_ideas and same_idea(slug, *context.hard_ideas):
        tier = WENT_HARD  # after a hard run, a different idea comes first
    focus = context.focus
    off_focus = activity.practice != focus.practice or not focus.fits(slug)
    return rank_of(tier, fit == SOME, off_focus)


def shelve_for_a_day(
    activity: Activity, rank: int, record: Record | None, context: Context, library: Library
) -> None:
    """A day card goes on its practice's shelf if some free day it may use has the minutes."""
    library.suit_an_age += 1
    week = context.week
    if activity.day or activity.time:
        key = (activity.day, activity.time)
        if key not in context.day_cache:
            context.day_cache[key] = open_days_of(activity, week, context.family)
        open_days, roomiest = context.day_cache[key]
        if activity.minutes > roomiest:
            return
        if open_days is not None:
            library.days[activity.slug] = open_days
    else:
        open_days = None
        if activity.minutes > week.roomiest:
            return
    library.eligible += 1
    if not library.shortest or activity.minutes < library.shortest:
        library.shortest = activity.minutes
    if record is not None and record.wells >= 2 and activity.slug not in context.rituals:
        library.offers.append((-record.wells, activity.slug))
    flexible = open_days is None and activity.minutes <= week.tightest
    library.shelves[activity.practice].add(activity, rank, flexible)


def open_days_of(
    activity: Activity, week: Week, family: Family
) -> tuple[tuple[int, ...] | None, int]:
    """The free days a card with a named day or time may use (None: any) and their most minutes."""
    days = allowed_days(activity, family)
    if days is None:
        return None, week.roomiest
    open_days = tuple(day for day in week.free_days if day in days)
    return open_days, max((week.minutes(day) for day in open_days), default=-1)


# Choosing the activities, then their days.


def kind_of(activity: Activity | None) -> str:
    """A kept card missing from the library is treated as an ordinary activity."""
    return ACTIVITY if activity is None else activity.kind


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
    days: Days,
    rng: random.Random,
) -> list[Activity]:
    """Pick up to `wanted` activities, each for the practice with the fewest items so far.

    Inside a practice the best-ranked activity wins, except that long ones beyond the roomy days'
    share wait while a shorter one is left (a spread-out week beats a slightly fresher card), and
    so does one that would leave too few minutes for the items still to choose (a full week beats
    a fresher card): the practice's best card that leaves room comes instead, or another
    practice's, the one with the fewest items first.
    """
    chosen: list[Activity] = []
    shelves = library.shelves
    week = days.week
    room = days.room(library.shortest)
    roomiest = max(days.spare.values())
    for left in range(wanted, 0, -1):
        practices = sorted((p for p in order if shelves[p].size), key=counts.__getitem__)
        if not practices:  # sorted() is stable: ties keep the week's order
            break
        most = leaving_room(room, roomiest, left, library.shortest, week)
        activity = draw_leaving_room(shelves, practices, long_share > 0, most, rng)
        if activity is None:  # cannot happen while size > 0; guards against a silent loop
            break
        long_share -= activity.minutes > week.tightest
        room -= activity.minutes
        counts[activity.practice] += 1
        chosen.append(activity)
    return chosen


def leaving_room(room: int, roomiest: int, left: int, shortest: int, week: Week) -> int | None:
    """The most minutes the next of `left` cards may take so the others still fit in the `room`
    left (each takes at least the shortest card's minutes) and it fits the `roomiest` day's
    minutes left, or None when any card will do."""
    most = min(room - (left - 1) * shortest, roomiest)
    return None if most >= week.roomiest else most


def draw_leaving_room(
    shelves: Mapping[str, Shelf],
    practices: Sequence[str],
    allow_long: bool,
    most: int | None,
    rng: random.Random,
) -> Activity | None:
    """The first practice's best card of at most `most` minutes, else the next practice's; when
    none is that short (the week cannot take them all anyway), the first practice's best card."""
    if most is not None:
        for practice in practices:
            shelf = shelves[practice]
            activity = shelf.draw(allow_long, rng, most=most) or shelf.draw(True, rng, most=most)
            if activity is not None:
                return activity
    shelf = shelves[practices[0]]
    return shelf.draw(allow_long, rng) or shelf.draw(True, rng)


@dataclass
class Days:
    """The week's free days as they fill up: items on each, and minutes left on each."""

    week: Week
    loads: dict[int, int]
    spare: dict[int, int]
    named: Mapping[str, tuple[int, ...]]  # cards that may only go on some days

    def place(self, activity: Activity, rng: random.Random) -> int | None:
        """The least busy day the card may go on and still fits in, or None (nothing changes)."""
        allowed = self.named.get(activity.slug, self.week.free_days)
        fitting = [day for day in allowed if activity.minutes <= self.spare[day]]
        if not fitting:
            return None
        least = min(self.loads[day] for day in fitting)
        day = min((day for day in fitting if self.loads[day] == least), key=lambda d: rng.random())
        self.loads[day] += 1
        self.spare[day] -= activity.minutes
        return day

    def settle(self, placed: list[tuple[Activity, int]]) -> None:
        """Move any item off a day two items busier than another day it may go on and still
        fits: placing one at a time (the whole-family card before the rest) can leave that
        behind. Deterministic (no randomness) and it ends: every move evens the days out."""
        moved = True
        while moved:
            moved = False
            for index, (activity, day) in enumerate(placed):
                allowed = self.named.get(activity.slug, self.week.free_days)
                emptier = [
                    d
                    for d in allowed
                    if self.loads[d] + 2 <= self.loads[day] and activity.minutes <= self.spare[d]
                ]
                if emptier:
                    to = min(emptier, key=lambda d: (self.loads[d], d))
                    self.loads[day] -= 1
                    self.spare[day] += activity.minutes
                    self.loads[to] += 1
                    self.spare[to] -= activity.minutes
                    placed[index] = (activity, to)
                    moved = True

    def room_left(self) -> bool:
        return any(minutes > 0 for minutes in self.spare.values())

    def room(self, shortest: int) -> int:
        """Minutes left over the free days that still have room for the `shortest` card."""
        return sum(minutes for minutes in self.spare.values() if minutes >= max(1, shortest))


def place_on_days(
    chosen: Sequence[Activity], days: Days, rng: random.Random
) -> tuple[list[tuple[Activity, int]], list[Activity]]:
    """Give each activity the least busy day it fits, the most constrained first.

    Named-day and long cards go first because fewer days take them; the rest then even the days
    out. A card that fits no day's minutes left is handed back, to be replaced.
    """
    placed, dropped = [], []
    week = days.week
    ordered = sorted(
        chosen,
        key=lambda a: (a.slug not in days.named, a.minutes <= week.tightest, -a.minutes),
    )
    for activity in ordered:
        day = days.place(activity, rng)
        if day is None:
            dropped.append(activity)
        else:
            placed.append((activity, day))
    return placed, dropped


def whole_family_first(
    library: Library,
    counts: dict[str, int],
    order: Sequence[str],
    wanted: int,
    days: Days,
    rng: random.Random,
) -> list[tuple[Activity, int]]:
    """One card for every child, before any other, when the library has one that fits a day and
    was not planned in the last four weeks (outside rituals, a month goes by before a repeat).

    An untried card for some children would otherwise outrank it, and mixed-age families would
    lose the time they all share. One that leaves the minutes the other `wanted - 1` items need
    comes first; failing that, any that fits a day (everyone together beats one more item).
    """
    room, roomiest = days.room(library.shortest), max(days.spare.values())
    most = leaving_room(room, roomiest, wanted, library.shortest, days.week)
    for limit in (most, None) if most is not None else (None,):
        for practice in sorted(order, key=counts.__getitem__):  # stable: ties keep the order
            shelf = library.shelves[practice]
            while (activity := shelf.draw(True, rng, whole_family=True, most=limit)) is not None:
                day = days.place(activity, rng)
                if day is not None:
                    counts[practice] += 1
                    return [(activity, day)]
    return []


def fill_days(
    library: Library,
    counts: dict[str, int],
    order: Sequence[str],
    wanted: int,
    days: Days,
    rng: random.Random,
) -> list[tuple[Activity, int]]:
    """Choose and place cards until the week has `wanted` more or nothing else fits."""
    placed: list[tuple[Activity, int]] = []
    while len(placed) < wanted and days.room_left():
        need = wanted - len(placed)
        long_share = roomy_day_share(days.loads, need, days.week)
        chosen = choose_activities(library, counts, order, need, long_share, days, rng)
        if not chosen:
            break
        done, dropped = place_on_days(chosen, days, rng)
        for activity in dropped:
            counts[activity.practice] -= 1
        placed += done
    return placed


def spare_minutes(keep: Sequence[Slot], library: Library, week: Week) -> dict[int, int]:
    """Minutes left on each free day once the kept items there are done."""
    spare = {day: week.minutes(day) for day in week.free_days}
    for slot in keep:
        activity = library.kept.get(slot.slug)
        if activity is not None and slot.day in spare:
            spare[slot.day] -= activity.minutes
    return spare


# The week's lists: what to watch for, the grown-ups' own card, rituals to offer.


def draw_round(
    shelves: Mapping[str, Shelf], order: Sequence[str], wanted: int, rng: random.Random
) -> list[Activity]:
    """Up to `wanted` cards, one practice after another in the week's order."""
    drawn: list[Activity] = []
    while len(drawn) < wanted and any(shelves[p].size for p in order):
        for practice in order:
            activity = shelves[practice].draw(True, rng)
            if activity is not None and len(drawn) < wanted:
                drawn.append(activity)
    return drawn


def reason_for(
    activity: Activity, keys: tuple[int, ...], children: Sequence[Child], records: Mapping
) -> Reason:
    """Why this card: liked before, suits some of the children, new, or suits them all."""
    record = records.get(activity.slug)
    if record is not None and record.latest == WENT_WELL:
        return Reason.of(LIKED_BEFORE, month=record.month)
    if keys:
        return Reason.of(SUITS, children=keys)
    if record is None or record.done_ago is None:
        return Reason(NEW)
    return Reason.of(SUITS, children=tuple(child.key for child in children))


def week_lists(
    library: Library,
    day_keep_count: Mapping[str, int],
    order: Sequence[str],
    children: Sequence[Child],
    records: Mapping[str, Record],
    family: Family,
    rng: random.Random,
) -> dict[str, object]:
    """The watch-for list, the grown-ups' card(s) and at most one ritual to offer."""
    watch = draw_round(library.watch, order, WATCH_PER_WEEK - day_keep_count[WATCH_FOR], rng)
    wanted = max(0, family.grown_ups_per_week) - day_keep_count[GROWN_UPS]
    grown = draw_round(library.grown_ups, order, wanted, rng)
    offers = sorted(library.offers)[:1]
    return {
        "watch_for": tuple(
            Pick(a.slug, keys, reason_for(a, keys, children, records))
            for a in watch
            for keys in [children_for(a, children)]
        ),
        "for_you": tuple(Pick(a.slug, (), Reason(NEW)) for a in grown),
        "ritual_offers": tuple(Pick(slug, (), Reason(RITUAL_OFFER)) for _, slug in offers),
    }


def plan_week(
    candidates: Sequence[Activity],
    children: Sequence[Child],
    settings: Settings,
    history: Mapping[str, int],
    keep: Sequence[Slot],
    seed: int,
    week_number: int,
    family: Family | None = None,
    feedback: Iterable[Outcome] = (),
    rituals: Collection[str] = (),
) -> Plan:
    """Fill the week around the kept items; never raises for impossible inputs, explains instead.

    `history`: slug -> weeks since it was last planned (done or not); `feedback`: how cards went;
    `rituals`: slugs that already are the family's rituals (never offered again).
    """
    asked = max(0, settings.items_per_week)
    if not children:
        return Plan((), (Note(NO_CHILDREN),) if asked > len(keep) else ())
    week = Week.of(settings)
    if not week.free_days:
        return Plan((), (Note(NO_FREE_DAYS),) if asked > len(keep) else ())

    family = family or Family()
    rng = random.Random(seed)
    records = records_of(feedback)
    focus = focus_for(week_number)
    ideas = tuple(
        idea_words(slug)
        for slug, record in sorted(records.items())
        if record.hard_ago is not None and record.hard_ago < REST_WEEKS
    )
    hard_ideas = (ideas, frozenset().union(*ideas)) if ideas else ()
    context = Context(
        sorted(child.age for child in children),
        week,
        family,
        {slot.slug for slot in keep},
        history,
        records,
        focus,
        rituals,
        hard_ideas,
    )
    library = sort_library(candidates, context)
    kinds = {kind: 0 for kind in (ACTIVITY, RITUAL, WATCH_FOR, GROWN_UPS)}
    day_keep = []
    for slot in keep:
        kind = kind_of(library.kept.get(slot.slug))
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind not in (WATCH_FOR, GROWN_UPS):
            day_keep.append(slot)
    order = practice_order(week_number)
    lists = week_lists(library, kinds, order, children, records, family, rng)
    wanted = asked - len(day_keep)
    if wanted <= 0:
        return Plan((), (), **lists, focus=focus.code)
    if not library.eligible:
        notes = nothing_fits_notes(library, day_keep, settings, week)
        return Plan((), notes, **lists, focus=focus.code)

    counts = practice_counts(day_keep, library)
    days = Days(
        week, day_loads(day_keep, week), spare_minutes(day_keep, library, week), library.days
    )
    placed = []
    if not any(not slot.children for slot in day_keep):
        placed += whole_family_first(library, counts, order, wanted, days, rng)
    placed += fill_days(library, counts, order, wanted - len(placed), days, rng)
    days.settle(placed)
    placed.sort(key=lambda pair: pair[1])
    items = tuple(
        Slot(activity.slug, day, keys, reason_for(activity, keys, children, records))
        for activity, day in placed
        for keys in [children_for(activity, children)]
    )

    notes = [
        *short_week_notes(len(items), wanted, day_keep, settings),
        *balance_notes(counts, library),
        *spread_notes(items, days.loads, week),
        *left_out_notes(items, day_keep, children, candidates, week),
    ]
    return Plan(items, tuple(notes), **lists, focus=focus.code)


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
    *,
    family: Family | None = None,
    feedback: Iterable[Outcome] = (),
    day_load: int = 0,
) -> list[Activity]:
    """Alternatives for one item, best first; the same inputs always give the same list.

    The planner's hard rules hold for a swap too: each option suits one of the children the item
    is for (any child for a whole-family item), is a card the family has what it needs for, may
    go on the item's day (named days, after school), fits the minutes that day has left
    (`day_load`: minutes of the day's other items), is not resting after a hard run or a swap,
    is of the same kind (a day's card for a day's card, a watch-for for a watch-for) and is not
    in the week yet. Ranked: the item's practice before the others; then fresh, tried long ago,
    recent; then suiting all of those children; then by slug.
    """
    chosen = set(replacing.children)
    ages = sorted(c.age for c in children if c.key in chosen) or sorted(c.age for c in children)
    if limit <= 0 or not ages:
        return []
    family = family or Family()
    all_ages = sorted(c.age for c in children)
    records = records_of(feedback)
    in_week = {slot.slug for slot in week} | {replacing.slug}
    minutes = day_minutes(settings, replacing.day) - max(0, day_load)
    current = next((a for a in candidates if a.slug == replacing.slug), None)
    practice = current.practice if current is not None else None
    group = kind_group(kind_of(current))
    by_rank: list[list[Activity]] = [[] for _ in range(RANKS)]
    seen: set[str] = set()
    for activity in candidates:
        slug = activity.slug
        if slug in in_week or slug in seen or activity.practice not in PRACTICES:
            continue
        if kind_group(activity.kind) != group or not fits_the_slot(
            activity, replacing.day, minutes, family, all_ages, records
        ):
            continue
        fit = EVERYONE if activity.kind == GROWN_UPS else reach(activity, ages)
        if fit == NOBODY:
            continue
        seen.add(slug)
        by_rank[rank_of(freshness(slug, history), fit == SOME)].append(activity)

    options: list[Activity] = []
    for same_practice in (True, False):
        for ranked in by_rank:
            group_of = [a for a in ranked if (a.practice == practice) == same_practice]
            options += sorted(group_of, key=slug_of)[: limit - len(options)]
            if len(options) == limit:
                return options
    return options


def kind_group(kind: str) -> str:
    """Activities and rituals take a day; watch-for and grown-ups cards each have their list."""
    return ACTIVITY if kind in ON_A_DAY else kind


def fits_the_slot(
    activity: Activity,
    day: int,
    minutes: int,
    family: Family,
    ages: Sequence[int],
    records: Mapping[str, Record],
) -> bool:
    """The hard rules for one card in one place: needs, rest, and for a day's card its day and
    the minutes left there."""
    if activity.needs and not has_needs(activity, family, ages):
        return False
    record = records.get(activity.slug)
    if record is not None and record.resting():
        return False
    if activity.kind not in ON_A_DAY:
        return True
    allowed = allowed_days(activity, family)
    return activity.minutes <= minutes and (allowed is None or day in allowed)
