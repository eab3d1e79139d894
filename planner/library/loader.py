"""Load and validate the activity cards (pure: no Flask, no database).

The same rules check the shipped TOML files and the cards a family writes in the web form, so a
custom card can never be something the library would refuse.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CARDS_DIR = Path(__file__).resolve().parent / "cards"
PRACTICE_SLUGS = ("ask-for-help", "teamwork", "connection")
SETTINGS = {
    "home": "Home",
    "mealtime": "Kitchen / mealtime",
    "outdoors": "Outdoors",
    "travel": "Car / travel",
    "bedtime": "Bedtime",
    "errands": "Errands",
    "community": "Community",
}
WHO = {
    "whole-family": "Whole family",
    "parent-and-child": "One parent + one child",
    "siblings": "Siblings",
    "trusted-adult": "Child + another trusted adult",
}
MINUTES = (5, 10, 15, 20, 30, 45, 60, 90)
AGE_BANDS = ((2, 4), (5, 7), (8, 12), (13, 17))
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
REQUIRED = (
    "slug",
    "title",
    "practice",
    "age_min",
    "age_max",
    "minutes",
    "setting",
    "who",
    "materials",
    "steps",
    "say",
    "why",
)
OPTIONAL = ("stretch", "for_adults")
# The fields a card copies onto its database row as they are (the slug and steps are handled apart).
CARD_FIELDS = (
    "title",
    "practice",
    "age_min",
    "age_max",
    "minutes",
    "setting",
    "who",
    "materials",
    "say",
    "why",
    "stretch",
)
TEXT_LIMITS = {"title": 80, "materials": 300, "say": 300, "why": 300, "stretch": 300}
STEP_LIMIT = 300


@dataclass(frozen=True)
class Card:
    slug: str
    title: str
    practice: str
    age_min: int
    age_max: int
    minutes: int
    setting: str
    who: str
    materials: str
    steps: tuple[str, ...]
    say: str
    why: str
    stretch: str = ""
    for_adults: bool = False


class CardError(ValueError):
    """A card that breaks a rule; `field` names the key at fault (None for the whole card)."""

    def __init__(self, message: str, field: str | None = None, where: str = ""):
        super().__init__(f"{where}: {message}" if where else message)
        self.field = field
        self.message = message
        self.where = where


def text(raw: dict, key: str, label: str, where: str, required: bool = True) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise CardError(f"{label} must be text.", key, where)
    value = value.strip()
    if required and not value:
        raise CardError(f"{label} is missing.", key, where)
    limit = TEXT_LIMITS.get(key)
    if limit and len(value) > limit:
        raise CardError(f"{label}: use at most {limit} characters.", key, where)
    return value


def whole_number(raw: dict, key: str, label: str, where: str) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise CardError(f"{label} must be a whole number.", key, where)
    return value


def validate_card(raw: dict, where: str = "") -> Card:
    """Check one card's fields and return it as a `Card`. :raise CardError: naming the problem."""
    if not isinstance(raw, dict):
        raise CardError("A card must be a table of fields.", None, where)
    slug = raw.get("slug")
    if isinstance(slug, str) and slug:
        where = f"{where} card '{slug}'".strip()
    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise CardError(f"Unknown field(s): {', '.join(unknown)}.", unknown[0], where)
    missing = [key for key in REQUIRED if key not in raw]
    if missing:
        raise CardError(f"Missing field(s): {', '.join(missing)}.", missing[0], where)

    slug = text(raw, "slug", "Slug", where)
    if not SLUG_PATTERN.match(slug) or len(slug) > 120:
        raise CardError(
            "Slug: use lower-case letters, digits and single hyphens (like 'ask-for-a-hand').",
            "slug",
            where,
        )
    title = text(raw, "title", "Title", where)
    if not 2 <= len(title.split()) <= 7:
        raise CardError("Title: use an action of 2 to 7 words.", "title", where)
    practice = raw.get("practice")
    if practice not in PRACTICE_SLUGS:
        raise CardError(f"Practice must be one of {', '.join(PRACTICE_SLUGS)}.", "practice", where)
    age_min = whole_number(raw, "age_min", "Youngest age", where)
    age_max = whole_number(raw, "age_max", "Oldest age", where)
    if not (2 <= age_min <= 17 and 2 <= age_max <= 17):
        raise CardError("Ages must be between 2 and 17.", "age_min", where)
    if age_min > age_max:
        raise CardError("The youngest age is above the oldest age.", "age_max", where)
    minutes = whole_number(raw, "minutes", "Minutes", where)
    if minutes not in MINUTES:
        raise CardError(
            f"Minutes must be one of {', '.join(str(m) for m in MINUTES)}.", "minutes", where
        )
    setting = raw.get("setting")
    if setting not in SETTINGS:
        raise CardError(f"Setting must be one of {', '.join(SETTINGS)}.", "setting", where)
    who = raw.get("who")
    if who not in WHO:
        raise CardError(f"Who must be one of {', '.join(WHO)}.", "who", where)
    materials = text(raw, "materials", "Materials", where)
    steps = raw.get("steps")
    if not isinstance(steps, list | tuple) or not 2 <= len(steps) <= 5:
        raise CardError("Steps: give between 2 and 5 steps.", "steps", where)
    clean_steps = []
    for step in steps:
        if not isinstance(step, str) or not step.strip():
            raise CardError("Steps: every step needs some words.", "steps", where)
        if len(step) > STEP_LIMIT or "\n" in step.strip():
            raise CardError(
                f"Steps: keep each step to one line of at most {STEP_LIMIT} characters.",
                "steps",
                where,
            )
        clean_steps.append(step.strip())
    say = text(raw, "say", "Say this", where)
    why = text(raw, "why", "Why", where)
    stretch = text(raw, "stretch", "Stretch", where, required=False)
    for_adults = raw.get("for_adults", False)
    if not isinstance(for_adults, bool):
        raise CardError("for_adults must be true or false.", "for_adults", where)
    return Card(
        slug=slug,
        title=title,
        practice=practice,
        age_min=age_min,
        age_max=age_max,
        minutes=minutes,
        setting=setting,
        who=who,
        materials=materials,
        steps=tuple(clean_steps),
        say=say,
        why=why,
        stretch=stretch,
        for_adults=for_adults,
    )


def card_files() -> list[Path]:
    return sorted(CARDS_DIR.glob("*.toml"))


def load_cards(paths: Iterable[Path] | None = None) -> list[Card]:
    """Every card in the given TOML files (default: the shipped library), validated.

    :raise CardError: on the first problem, naming the file and card; duplicate slugs name both.
    """
    cards: list[Card] = []
    seen: dict[str, str] = {}
    for path in card_files() if paths is None else paths:
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as error:
            raise CardError(f"not valid TOML ({error}).", None, path.name) from error
        unknown = sorted(set(data) - {"card"})
        if unknown:
            raise CardError(f"Unknown top-level key(s): {', '.join(unknown)}.", None, path.name)
        entries = data.get("card", [])
        if not isinstance(entries, list):
            raise CardError("Cards must be written as [[card]] tables.", None, path.name)
        for index, raw in enumerate(entries, start=1):
            card = validate_card(raw, f"{path.name} #{index}")
            place = f"{path.name} #{index}"
            if card.slug in seen:
                raise CardError(
                    f"Duplicate slug '{card.slug}' (also at {seen[card.slug]}).", "slug", place
                )
            seen[card.slug] = place
            cards.append(card)
    return cards


def bands_of(card: Card) -> list[tuple[int, int]]:
    """The age bands a card's range overlaps."""
    return [band for band in AGE_BANDS if card.age_min <= band[1] and card.age_max >= band[0]]


def coverage(cards: Iterable[Card]) -> dict[tuple[str, tuple[int, int]], int]:
    """(practice, band) -> how many cards cover it; a card spanning two bands counts in both."""
    counts = {(practice, band): 0 for practice in PRACTICE_SLUGS for band in AGE_BANDS}
    for card in cards:
        for band in bands_of(card):
            counts[(card.practice, band)] += 1
    return counts
