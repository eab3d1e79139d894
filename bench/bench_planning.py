"""Time the pure planner on a 1,000-card library with four children (target: median under 5 ms).

    .venv/bin/python bench/bench_planning.py [--runs 500]

Also prints the median as a ratio to a baseline measured in the same run (sorting the 1,000 cards
by slug), so figures from noisy machines can be compared.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planner.planning import PRACTICES, Activity, Child, Settings, Slot, plan_week  # noqa: E402

MINUTES = (5, 10, 15, 20, 30, 45, 60, 90)


def library(size: int, rng: random.Random) -> list[Activity]:
    cards = []
    for index in range(size):
        low = rng.randint(2, 15)
        cards.append(
            Activity(
                f"card-{index}",
                rng.choice(PRACTICES),
                low,
                rng.randint(low, 17),
                rng.choice(MINUTES),
            )
        )
    return cards


def timed(function, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(42)
    cards = library(1000, rng)
    children = [Child(1, 3), Child(2, 6), Child(3, 10), Child(4, 14)]
    settings = Settings(14, frozenset({0, 2, 4, 5, 6}), 20, 90)
    history = {card.slug: rng.randint(0, 30) for card in rng.sample(cards, 300)}
    keep = [Slot(cards[0].slug, 6)]
    seeds = iter(range(10**9))

    def plan():
        return plan_week(cards, children, settings, history, keep, next(seeds), 2900)

    def baseline():
        return sorted(cards, key=lambda card: card.slug)

    plan()
    base = statistics.median(timed(baseline, args.runs))
    samples = timed(plan, args.runs)
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(f"library 1,000 cards, 4 children, 14 items, {args.runs} runs")
    print(f"plan_week median {median:.2f} ms, p95 {p95:.2f} ms (target: median < 5 ms)")
    print(
        f"baseline (sort 1,000 cards by slug) median {base:.3f} ms; plan_week = {median / base:.1f}x baseline"
    )


if __name__ == "__main__":
    main()
