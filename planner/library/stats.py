"""The library's numbers as a Markdown table, generated from the cards (for the README)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from .loader import AGE_BANDS, KINDS, PRACTICE_SLUGS, Card, coverage

PRACTICE_NAMES = {
    "ask-for-help": "Model asking for help",
    "teamwork": "Teamwork over competition",
    "connection": "Validate connection",
}


def coverage_table(cards: Sequence[Card]) -> str:
    """Cards per practice and age band (a card counts in every band it spans), and per kind."""
    cells = coverage(cards)
    bands = [f"{low}–{high}" for low, high in AGE_BANDS]
    kinds = Counter(card.kind for card in cards)
    lines = [
        f"{len(cards)} cards: "
        + ", ".join(f"{kinds[kind]} {label.lower()}" for kind, label in KINDS.items())
        + ".",
        "",
        "| practice | " + " | ".join(f"ages {band}" for band in bands) + " |",
        "| --- |" + " --- |" * len(bands),
    ]
    for practice in PRACTICE_SLUGS:
        counts = " | ".join(str(cells[(practice, band)]) for band in AGE_BANDS)
        lines.append(f"| {PRACTICE_NAMES[practice]} | {counts} |")
    return "\n".join(lines)
