"""The library cards in other languages: read, checked against the English cards, and shown.

A translation lives beside its English file, in a folder named for the language:
`cards/es/teamwork.toml` holds `[[card]]` tables with the English card's `slug` and only the text
that a parent reads (`title`, `materials`, `steps`, `say`, `why`, and `stretch`, `younger`,
`older` where the English card has them). Everything else (ages, minutes, practice, kind...) is
the English card's, so a translation can never change how a card is planned.

Missing pieces fall back to English, field by field, so a half-translated library still works;
`missing_translations()` (and `flask library translations`) lists what is left to translate. A
translation that breaks a rule (an unknown slug, a different number of steps, an empty or too long
field) is refused with a message naming the file and card, like the English loader's; at run time
a refused card is simply shown in English and logged.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .loader import (
    CARDS_DIR,
    LABELS,
    Card,
    CardError,
    Problem,
    check_steps,
    check_title,
    describe,
    load_cards,
    read_toml,
    text,
)

log = logging.getLogger("planner")

# The languages whose cards ship with the app (a folder each under cards/).
CARD_LANGUAGES = ("es", "fr")
# What a translation may hold besides its slug: the words a parent reads, nothing that plans.
TRANSLATABLE = ("title", "materials", "steps", "say", "why", "stretch", "younger", "older")
OPTIONAL_TEXT = ("stretch", "younger", "older")


@dataclass
class TranslationSet:
    """One language's checked translations: slug -> {field: text}, and the problems found."""

    language: str
    cards: dict[str, dict[str, object]] = field(default_factory=dict)
    problems: list[CardError] = field(default_factory=list)


def translation_files(language: str, directory: Path = CARDS_DIR) -> list[Path]:
    """The translation files for `language`, sorted."""
    return sorted((directory / language).glob("*.toml"))


def english_fields(card: Card) -> tuple[str, ...]:
    """The translatable fields this English card has (its optional ones only when written)."""
    return tuple(key for key in TRANSLATABLE if key not in OPTIONAL_TEXT or getattr(card, key))


def check_translation(raw: object, english: dict[str, Card], where: str) -> dict[str, object]:
    """One `[[card]]` table's clean fields. :raise CardError: for the first rule it breaks."""
    if not isinstance(raw, dict):
        raise CardError("A card must be a table of fields.", None, where)
    where = describe(raw, where)
    slug = raw.get("slug")
    if not isinstance(slug, str) or slug.strip() not in english:
        raise CardError(f"No English card has the slug {slug!r}.", "slug", where)
    card = english[slug.strip()]
    allowed = set(english_fields(card))
    unknown = sorted(str(key) for key in set(raw) - allowed - {"slug"})
    if unknown:
        raise CardError(
            f"Field(s) not translatable on this card: {', '.join(unknown)} "
            f"(a translation holds only {', '.join(sorted(allowed))}).",
            unknown[0],
            where,
        )
    values: dict[str, object] = {}
    try:
        for key in TRANSLATABLE:
            if key not in raw:
                continue
            if key == "title":
                values[key] = check_title(raw)
            elif key == "steps":
                values[key] = check_steps(raw)
                if len(values[key]) != len(card.steps):
                    raise Problem(
                        key,
                        f"{LABELS[key]}: the English card has {len(card.steps)} steps; "
                        f"give the same number (this one has {len(values[key])}).",
                    )
            else:
                values[key] = text(raw, key, required=True)
    except Problem as problem:
        raise CardError(problem.message, problem.field, where) from problem
    return values


def read_translations(
    language: str, english_cards: Iterable[Card] | None = None, directory: Path = CARDS_DIR
) -> TranslationSet:
    """Every translation for `language`, checked; bad files and cards go to `.problems`."""
    english = {card.slug: card for card in (english_cards or load_cards())}
    english_names = {path.name for path in directory.glob("*.toml")}
    result = TranslationSet(language)
    seen: dict[str, str] = {}
    for path in translation_files(language, directory):
        place_name = f"{language}/{path.name}"
        try:
            if path.name not in english_names:
                raise CardError("No English card file has this name.", None, place_name)
            data = read_toml(path)
            unknown = sorted(set(data) - {"card"})
            if unknown:
                raise CardError(
                    f"Unknown top-level key(s): {', '.join(unknown)}.", None, place_name
                )
            entries = data.get("card", [])
            if not isinstance(entries, list):
                raise CardError("Cards must be written as [[card]] tables.", None, place_name)
        except CardError as error:
            result.problems.append(error)
            continue
        for index, raw in enumerate(entries, start=1):
            place = f"{place_name} #{index}"
            try:
                values = check_translation(raw, english, place)
                slug = raw["slug"].strip()
                if slug in seen:
                    raise CardError(
                        f"Duplicate slug '{slug}' (also at {seen[slug]}).",
                        "slug",
                        describe(raw, place),
                    )
            except CardError as error:
                result.problems.append(error)
                continue
            seen[slug] = place
            result.cards[slug] = values
    return result


def missing_translations(
    language: str,
    english_cards: Iterable[Card] | None = None,
    translations: TranslationSet | None = None,
) -> dict[str, tuple[str, ...]]:
    """slug -> the fields still in English for `language` (cards with nothing missing are left out)."""
    english_cards = list(english_cards or load_cards())
    translations = translations or read_translations(language, english_cards)
    missing = {}
    for card in english_cards:
        done = translations.cards.get(card.slug, {})
        left = tuple(key for key in english_fields(card) if key not in done)
        if left:
            missing[card.slug] = left
    return missing


@cache
def shown_translations(language: str) -> dict[str, dict[str, object]]:
    """The translations pages use (read once per process); refused cards are logged, not shown."""
    if language not in CARD_LANGUAGES:
        return {}
    checked = read_translations(language)
    for problem in checked.problems:
        log.warning("card translation refused, shown in English: %s", problem)
    return checked.cards


class LocalizedCard:
    """A card seen in one language: translated words over the card's own attributes.

    Everything not translated (ids, ages, practice, English words still missing) comes from the
    wrapped card, so templates use it exactly like an `Activity`.
    """

    __slots__ = ("_card", "_words")

    def __init__(self, card, words: dict[str, object]):
        self._card = card
        self._words = words

    def __getattr__(self, name: str):
        words = object.__getattribute__(self, "_words")
        if name in words:
            value = words[name]
            return list(value) if name == "steps" else value
        if name == "steps_text" and "steps" in words:
            return "\n".join(words["steps"])
        return getattr(object.__getattribute__(self, "_card"), name)

    def __eq__(self, other) -> bool:
        other = other._card if isinstance(other, LocalizedCard) else other
        return self._card == other

    def __hash__(self) -> int:
        return hash(self._card)

    def __repr__(self) -> str:
        return f"LocalizedCard({self._card!r}, {sorted(self._words)})"


def localize(card, language: str | None):
    """`card` (an `Activity` or a `Card`) in `language`; a family's own card stays as written.

    English, a language without card files, or a card nobody translated give `card` itself.
    """
    if card is None or not language or getattr(card, "household_id", None) is not None:
        return card
    words = shown_translations(language.split("_")[0])
    found = words.get(getattr(card, "slug", ""))
    return LocalizedCard(card, found) if found else card
