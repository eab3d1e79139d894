"""Time the pure planner on a 1,000-card library with four children (target: median well under 5 ms).

    .venv/bin/python bench/bench_planning.py [--runs 500]

Each figure is also given as a ratio to a baseline measured in the same run, in turn with the
planner (one sorted() pass over the 1,000 cards in random order), so results from a slow or busy
machine can still be compared.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, no install

from planner.planning import (  # noqa: E402
    PRACTICES,
    Activity,
    Child,
    Settings,
    Slot,
    plan_week,
    swap_options,
)

CARDS = 1000
MINUTES = (5, 10, 15, 20, 30, 45, 60, 90)


def library(size: int, rng: random.Random) -> list[Activity]:
    """Random cards across the three practices, ages 2-17 and 5-90 minutes."""
    cards = []
    for index in range(size):
        low = rng.randint(2, 15)
        cards.append(
            Activity(
                slug=f"card-{index:04d}",
                practice=rng.choice(PRACTICES),
                age_min=low,
                age_max=rng.randint(low, 17),
                minutes=rng.choice(MINUTES),
            )
        )
    return cards


def timed(functions, runs: int) -> list[list[float]]:
    """Milliseconds per call for each function, interleaved run by run: a busy moment on the
    machine slows them all alike, so the ratios stay fair."""
    samples: list[list[float]] = [[] for _ in functions]
    for _ in range(runs):
        for function, times in zip(functions, samples, strict=True):
            start = time.perf_counter()
            function()
            times.append((time.perf_counter() - start) * 1000)
    return samples


def summary(name: str, samples: list[float], baseline: float) -> str:
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1]
    return (
        f"{name} median {median:.3f} ms (p95 {p95:.3f} ms), {median / baseline:.1f}x baseline sort"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()

    rng = random.Random(42)
    cards = library(CARDS, rng)
    children = [Child(1, 3), Child(2, 6), Child(3, 10), Child(4, 14)]
    settings = Settings(14, frozenset({0, 2, 4, 5, 6}), weekday_minutes=20, weekend_minutes=90)
    history = {card.slug: rng.randint(0, 30) for card in rng.sample(cards, 300)}
    keep = [Slot(cards[0].slug, 6), Slot(cards[1].slug, 2, (2,))]
    seeds = iter(range(10**9))

    def plan():
        return plan_week(cards, children, settings, history, keep, next(seeds), 2900)

    week = [*keep, *plan().items]

    def swap():
        return swap_options(cards, children, settings, history, week, week[-1])

    shuffled = random.Random(7).sample(cards, len(cards))  # sorting sorted input is too cheap

    def baseline():
        return sorted(shuffled, key=lambda card: card.slug)

    timed((baseline, plan, swap), 20)  # warm up
    base_samples, plan_samples, swap_samples = timed((baseline, plan, swap), args.runs)
    base = statistics.median(base_samples)

    print(
        f"{CARDS:,} cards, {len(children)} children, {settings.items_per_week} items, {args.runs} runs"
    )
    print(f"baseline: one sorted() pass over the {CARDS:,} shuffled cards, median {base:.3f} ms")
    print(summary("plan_week", plan_samples, base) + "  (target: median < 5 ms)")
    print(summary("swap_options", swap_samples, base))


if __name__ == "__main__":
    main()
