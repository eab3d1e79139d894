"""Plan five family shapes for 26 weeks each, feeding back a seeded mix of how items went, and
print how good the plans are (the goals of issue 14), then time `plan_week` on 1,000 and 20,000
cards.

    .venv/bin/python bench/plan_quality.py [--weeks 26] [--runs 200] [--library seeded|shipped|both]

The families are planned twice: on a library generated from a seed (kinds, needs, named days,
times and age spans in proportions like the real library's), whose figures do not move when the
shipped cards are edited, and on the shipped library itself (`planner/library/cards`, read by the
card loader, no database). Every rule is checked here from the outside, not by asking the planner. Times are given as CPU time (what the
planner costs) and wall time (what a busy machine adds), with the CPU time as a ratio to one sort of
the same library by slug, measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, no install

from planner.library.loader import load_cards  # noqa: E402
from planner.planning import (  # noqa: E402
    ACTIVITY,
    DONE,
    GROWN_UPS,
    HARD_GOING,
    NAMED_DAYS,
    PRACTICES,
    RITUAL,
    SWAPPED,
    WATCH_FOR,
    WENT_WELL,
    Activity,
    Child,
    Family,
    Outcome,
    Settings,
    Slot,
    children_for,
    day_minutes,
    plan_week,
)

MINUTES = (5, 10, 10, 15, 15, 20, 30, 45, 60, 90, 120, 240)
NEEDS = ("siblings", "second-adult", "other-adult", "two-homes", "car", "garden", "pet", "money")
RESULTS = ((None, 20), (DONE, 30), (WENT_WELL, 30), (HARD_GOING, 10), (SWAPPED, 10))
# Years between a card's youngest and oldest age, weighted like the shipped library's: about one
# card in eight suits a span of 12 years or more ("the whole family, 2 to 17").
SPANS = ((2, 22), (4, 25), (6, 20), (9, 20), (12, 7), (17, 6))
RECENT_WEEKS = 4  # planned this many weeks ago or less: not planned again outside rituals


def library(size: int, rng: random.Random) -> list[Activity]:
    """Seeded cards: mostly activities, some rituals, watch-for and grown-ups cards; a third
    with needs, one in eight with a named day or time, one in eight for a span of 12 years or more."""
    spans, weights = zip(*SPANS, strict=True)
    cards = []
    for index in range(size):
        low = rng.choice((0, 2, 2, 5, 5, 8, 8, 13))
        kind = rng.choices((ACTIVITY, RITUAL, WATCH_FOR, GROWN_UPS), (70, 8, 14, 8))[0]
        needs = set(rng.sample(NEEDS, rng.choice((0, 0, 1, 1, 2)))) if rng.random() < 0.5 else set()
        minutes = rng.choice(MINUTES)
        if minutes >= 120:
            needs.add("trip")
        cards.append(
            Activity(
                slug=f"card-{index:05d}",
                practice=rng.choice(PRACTICES),
                age_min=low,
                age_max=min(17, low + rng.choices(spans, weights)[0]),
                minutes=minutes,
                kind=kind,
                needs=frozenset(needs),
                day=rng.choice(("",) * 14 + ("sunday", "weekend", "school-day")),
                time=rng.choice(("",) * 12 + ("after-school", "bedtime")),
            )
        )
    return cards


def shipped_library() -> list[Activity]:
    """The shipped cards as the planner sees them (as `planning_inputs.candidate` makes them from
    the database: a first-edition `for_adults` card is the grown-ups' kind)."""
    return [
        Activity(
            slug=card.slug,
            practice=card.practice,
            age_min=card.age_min,
            age_max=card.age_max,
            minutes=card.minutes,
            kind=GROWN_UPS if card.for_adults else card.kind,
            needs=frozenset(card.needs),
            day=card.day,
            time=card.time,
        )
        for card in load_cards()
    ]


@dataclass(frozen=True)
class Shape:
    name: str
    ages: tuple[int, ...]
    settings: Settings
    family: Family


EVERY_DAY = frozenset(range(7))
SHAPES = (
    Shape(
        "single parent, 3-year-old",
        (3,),
        Settings(5, EVERY_DAY, 20, 60),
        Family(adults="one", car=False, pet=False, money="a-little"),
    ),
    Shape(
        "two parents, 6 and 9",
        (6, 9),
        Settings(6, EVERY_DAY, 30, 90),
        Family(adults="two", car=True, garden=True, pet=False, two_homes=False),
    ),
    Shape(
        "blended 4/11/15, weekends only",
        (4, 11, 15),
        Settings(5, frozenset({5, 6}), 0, 120),
        Family(adults="two", two_homes=True, money="free", garden=False),
    ),
    Shape(
        "teens 14 and 16",
        (14, 16),
        Settings(5, EVERY_DAY, 20, 60),
        Family(adults="two", car=True, pet=True, two_homes=False),
    ),
    Shape(
        "grandparent raising an 8-year-old",
        (8,),
        Settings(4, EVERY_DAY, 30, 60),
        Family(
            adults="one",
            other_adults=False,
            car=False,
            garden=False,
            pet=False,
            money="free",
            two_homes=False,
        ),
    ),
)


@dataclass
class Run:
    """One family's 26 weeks: what was planned, how it went, and the counts the goals need."""

    shape: Shape
    cards: dict[str, Activity]
    planned: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    events: list[tuple[int, str, str]] = field(default_factory=list)  # (week, slug, result)
    rituals: dict[str, int] = field(default_factory=dict)  # slug -> weekday
    counts: Counter = field(default_factory=Counter)
    distinct: set[str] = field(default_factory=set)

    def feedback(self, week: int) -> list[Outcome]:
        return [
            Outcome(slug, week - when, result, month=(when // 4) % 12 + 1)
            for when, slug, result in self.events
        ]

    def history(self, week: int) -> dict[str, int]:
        return {slug: week - weeks[-1] for slug, weeks in self.planned.items()}


def lacks(card: Activity, family: Family, ages) -> bool:
    """Restated: a need the family is known not to have."""
    missing = {
        "second-adult": family.adults == "one",
        "money": family.money == "free",
        "other-adult": family.other_adults is False,
        "two-homes": family.two_homes is False,
        "car": family.car is False,
        "garden": family.garden is False,
        "pet": family.pet is False,
        "siblings": False,
    }
    for need in card.needs:
        if need == "siblings":
            missing["siblings"] = sum(card.age_min <= age <= card.age_max for age in ages) < 2
    return any(missing.get(need, False) for need in card.needs)


def off_its_day(card: Activity, day: int, family: Family) -> bool:
    school = family.school_days if family.school_days is not None else frozenset(range(5))
    if card.day in NAMED_DAYS and day not in NAMED_DAYS[card.day]:
        return True
    return (card.day == "school-day" or card.time == "after-school") and day not in school


def whole_family_possible(run: Run, week: int) -> bool:
    """A day card every child's age suits, that the family can do, not resting, not planned in
    the last four weeks (a repeat that soon is not possible: rituals aside, it is a rule too),
    and fitting one of its days' minutes."""
    shape = run.shape
    waiting = {
        slug
        for when, slug, result in run.events
        if result in (HARD_GOING, SWAPPED) and week - when < 8
    }
    waiting |= {
        slug
        for slug, weeks in run.planned.items()
        if week - weeks[-1] <= RECENT_WEEKS and slug not in run.rituals
    }
    days = [(d, day_minutes(shape.settings, d)) for d in shape.settings.free_days]
    return any(
        card.kind in (ACTIVITY, RITUAL)
        and all(card.age_min <= age <= card.age_max for age in shape.ages)
        and not lacks(card, shape.family, shape.ages)
        and card.slug not in waiting
        and any(
            card.minutes <= minutes and not off_its_day(card, day, shape.family)
            for day, minutes in days
        )
        for card in run.cards.values()
    )


def simulate(shape: Shape, cards: list[Activity], weeks: int, seed: int) -> Run:
    run = Run(shape, {card.slug: card for card in cards})
    rng = random.Random(seed)
    children = [Child(key, age) for key, age in enumerate(shape.ages, start=1)]
    results, weights = zip(*RESULTS, strict=True)
    for week in range(weeks):
        keep = [
            Slot(slug, day, children_for(run.cards[slug], children))
            for slug, day in run.rituals.items()
        ]
        plan = plan_week(
            cards,
            children,
            shape.settings,
            run.history(week),
            keep,
            seed * 1000 + week,
            week,
            shape.family,
            run.feedback(week),
            set(run.rituals),
        )
        check_week(run, plan, keep, week)
        for slot in plan.items:
            run.planned[slot.slug].append(week)
            run.distinct.add(slot.slug)
            result = rng.choices(results, weights)[0]
            if result is not None:
                run.events.append((week, slot.slug, result))
        for slot in keep:
            run.planned[slot.slug].append(week)
            run.events.append((week, slot.slug, DONE))
        for offer in plan.ritual_offers:  # the family says yes to the first offer, on its day
            day = next((s.day for s in plan.items if s.slug == offer.slug), None)
            if day is not None and len(run.rituals) < 2:
                run.rituals[offer.slug] = day
    score_learning(run, weeks)
    return run


def check_week(run: Run, plan, keep, week: int) -> None:
    shape, counts = run.shape, run.counts
    used = Counter()
    per_practice = Counter(dict.fromkeys(PRACTICES, 0))
    for slot in (*keep, *plan.items):
        card = run.cards[slot.slug]
        used[slot.day] += card.minutes
        per_practice[card.practice] += 1
        counts["needs lacking"] += lacks(card, shape.family, shape.ages)
        counts["watch-for/grown-ups on a day"] += card.kind in (WATCH_FOR, GROWN_UPS)
        counts["named-day off its day"] += off_its_day(card, slot.day, shape.family)
    for pick in (*plan.watch_for, *plan.for_you):
        counts["needs lacking"] += lacks(run.cards[pick.slug], shape.family, shape.ages)
    counts["days over their minutes"] += sum(
        minutes > day_minutes(shape.settings, day) for day, minutes in used.items()
    )
    counts["items"] += len(plan.items) + len(keep)
    counts["weeks"] += 1
    counts["grown-ups cards over one a week"] += max(0, len(plan.for_you) - 1)
    balance = max(per_practice.values()) - min(per_practice.values())
    counts[f"weeks with practices {balance} apart"] += 1
    if balance > 1:
        counts["weeks with practices off by more than 1"] += 1
    counts["items asked"] += shape.settings.items_per_week
    counts["weeks with fewer items than asked"] += (
        len(plan.items) + len(keep) < shape.settings.items_per_week
    )
    if whole_family_possible(run, week):
        counts["weeks a whole-family item was possible"] += 1
        counts["... and had one"] += any(not s.children for s in (*keep, *plan.items))


def score_learning(run: Run, weeks: int) -> None:
    """Went well back within 3-8 weeks; hard going and swapped not back within 8; no repeats
    within 4 weeks outside rituals."""
    counts = run.counts
    for when, slug, result in run.events:
        if slug in run.rituals:
            continue
        later = [w - when for w in run.planned[slug] if w > when]
        if result == WENT_WELL and when + 8 < weeks:
            counts["went well (observable)"] += 1
            counts["... back within 3-8 weeks"] += any(3 <= gap <= 8 for gap in later)
        if result in (HARD_GOING, SWAPPED):
            counts["hard going/swapped back within 8 weeks"] += any(gap < 8 for gap in later)
    for slug, planned in run.planned.items():
        if slug not in run.rituals:
            counts["repeats within 4 weeks outside rituals"] += sum(
                later - earlier <= 4 for earlier, later in zip(planned, planned[1:], strict=False)
            )


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


ZERO_GOALS = (
    ("days over their minutes", "days over their minutes"),
    ("needs lacking", "cards whose needs the family lacks"),
    ("watch-for/grown-ups on a day", "watch-for or grown-ups cards on a day"),
    ("named-day off its day", "named-day cards off their day"),
    ("grown-ups cards over one a week", "grown-ups cards over one a week"),
    ("hard going/swapped back within 8 weeks", "hard going or swapped back within 8 weeks"),
    ("repeats within 4 weeks outside rituals", "repeats within 4 weeks outside rituals"),
    ("weeks with practices off by more than 1", "weeks with practices more than 1 apart"),
)


def report(name: str, counts: Counter, distinct: int) -> None:
    """Every figure issue 14 asks for, with its goal and the counts behind each share."""
    print(f"\n{name}")
    for key, label in ZERO_GOALS:
        print(f"  {label:45} {counts[key]:>9}  (goal 0)")
    apart = [n for n in range(len(PRACTICES) * 20) if counts[f"weeks with practices {n} apart"]]
    spread = ", ".join(f"{n}: {counts[f'weeks with practices {n} apart']}" for n in apart)
    print(f"  {'practice balance, most - fewest per week':45} {max(apart, default=0):>9}  ", end="")
    print(f"(goal <= 1; weeks by difference {spread})")
    possible, had = counts["weeks a whole-family item was possible"], counts["... and had one"]
    print(
        f"  {'weeks with a whole-family item, where possible':45} {percent(had, possible):>9}  "
        f"(goal 100%; {had} of {possible} weeks; {counts['weeks']} weeks planned)"
    )
    liked, back = counts["went well (observable)"], counts["... back within 3-8 weeks"]
    print(
        f"  {'went well, back within 3-8 weeks':45} {percent(back, liked):>9}  "
        f"(goal >= 80%; {back} of {liked} cards)"
    )
    short = counts["weeks with fewer items than asked"]
    print(
        f"  {'items planned, of those asked':45} {counts['items']:>4} of {counts['items asked']:<4}"
        f"({short} weeks short)"
    )
    print(f"  {'distinct cards':45} {distinct:>9}")


def timing(size: int, runs: int) -> None:
    rng = random.Random(size)
    cards = library(size, rng)
    shape = SHAPES[2]
    children = [Child(key, age) for key, age in enumerate(shape.ages, start=1)]
    history = {card.slug: rng.randint(0, 30) for card in rng.sample(cards, 200)}
    feedback = [
        Outcome(slug, weeks, rng.choice((DONE, WENT_WELL, HARD_GOING, SWAPPED)), 5)
        for slug, weeks in history.items()
    ]
    settings = Settings(7, EVERY_DAY, 30, 120)
    wall, cpu, baseline = [], [], []
    for seed in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        plan_week(cards, children, settings, history, (), seed, seed, shape.family, feedback)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
        start = time.process_time()
        sorted(cards, key=lambda card: card.slug)
        baseline.append((time.process_time() - start) * 1000)
    base = statistics.median(baseline)
    for name, samples in (("CPU", cpu), ("wall", wall)):
        median = statistics.median(samples)
        p95 = statistics.quantiles(samples, n=20)[-1]
        print(
            f"plan_week on {size:,} cards, {name} time: median {median:.2f} ms, p95 {p95:.2f} ms"
            + (f" ({median / base:.0f}x one sort of the library by slug)" if name == "CPU" else "")
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=26)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--library", choices=("seeded", "shipped", "both"), default="both")
    args = parser.parse_args()

    libraries = []
    if args.library in ("seeded", "both"):
        libraries.append(("the seeded 1,000-card library", library(1000, random.Random(14))))
    if args.library in ("shipped", "both"):
        shipped = shipped_library()
        libraries.append((f"the shipped library ({len(shipped)} cards)", shipped))
    for title, cards in libraries:
        print(f"\n=== On {title}")
        plan_families(cards, args.weeks)
    print()
    timing(1000, args.runs)
    timing(20_000, max(20, args.runs // 10))


def plan_families(cards: list[Activity], weeks: int) -> None:
    """Each family's figures, then all five together."""
    total, distinct = Counter(), 0
    for index, shape in enumerate(SHAPES):
        run = simulate(shape, cards, weeks, seed=index + 1)
        report(f"{shape.name} ({weeks} weeks)", run.counts, len(run.distinct))
        total.update(run.counts)
        distinct += len(run.distinct)
    report(f"All five families ({weeks} weeks each)", total, distinct)


if __name__ == "__main__":
    main()
