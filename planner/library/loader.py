"""Load and validate the activity cards (pure: stdlib only, no Flask, no database).

The same rules check the shipped TOML files and the cards a family writes in the web form, so a
custom card can never be something the library would refuse:

- `validate_card(raw, where)` returns a `Card` or raises `CardError` for the first problem; the
  error's `.field` names the key at fault and `.message` is a sentence a form can show by it.
- `card_problems(raw)` returns every problem at once, as {field: message}, for a form that wants
  to mark all its fields in one go.
- `load_cards(paths)` reads `[[card]]` tables from TOML files (default: the shipped library) and
  also refuses syntax errors and slugs used twice; every message names the file and the card.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CARDS_DIR = Path(__file__).resolve().parent / "cards"


def N_(text: str) -> str:
    """Mark a label for the translators' catalogue; pages show it through gettext."""
    return text


# Messages a family may see beside a form field go through `translate` (the app sets it to
# Flask-Babel's gettext; outside a request, and in this module's own tests, it gives English).
translate: Callable[[str], str] = str


def say(template: str, **params: object) -> str:
    """`template` (marked with N_) in the reader's language, with its %(name)s filled in."""
    return translate(template) % params


def label(key: str) -> str:
    """A field's name as the form shows it, in the reader's language."""
    return translate(LABELS[key])


PRACTICE_SLUGS = ("ask-for-help", "teamwork", "connection")
SETTINGS = {
    "home": N_("Home"),
    "mealtime": N_("Kitchen / mealtime"),
    "outdoors": N_("Outdoors"),
    "travel": N_("Car / travel"),
    "bedtime": N_("Bedtime"),
    "errands": N_("Errands"),
    "community": N_("Community"),
    "online": N_("Online"),
}
WHO = {
    "whole-family": N_("Whole family"),
    "parent-and-child": N_("One parent + one child"),
    "siblings": N_("Siblings"),
    "trusted-adult": N_("Child + another trusted adult"),
    "grown-ups": N_("Just the grown-ups"),
}
# Second edition: how a card is planned, what it cannot work without, and when it belongs.
KINDS = {
    "activity": N_("Activity"),
    "ritual": N_("Ritual"),
    "watch-for": N_("Watch for"),
    "grown-ups": N_("For the grown-ups"),
}
NEEDS = {
    "siblings": N_("Two or more children"),
    "second-adult": N_("A second grown-up at home"),
    "other-adult": N_("Another trusted adult nearby"),
    "other-household": N_("Another family or household"),
    "two-homes": N_("Children living across two homes"),
    "car": N_("A car"),
    "garden": N_("A garden or outdoor space"),
    "pet": N_("A pet"),
    "money": N_("Some money"),
    "trip": N_("A trip away from home"),
    "guests": N_("Guests at home"),
}
DAYS = {
    "monday": N_("Monday"),
    "tuesday": N_("Tuesday"),
    "wednesday": N_("Wednesday"),
    "thursday": N_("Thursday"),
    "friday": N_("Friday"),
    "saturday": N_("Saturday"),
    "sunday": N_("Sunday"),
    "weekend": N_("At the weekend"),
    "school-day": N_("On a school day"),
}
# Who or what a card was written for; the library's coverage of these is checked (issue 15).
TAGS = {
    "baby": N_("Babies and toddlers under 2"),
    "disability": N_("A child or parent with a disability"),
    "neurodivergent": N_("Neurodivergent children"),
    "culture": N_("Faith, festivals, home languages and cultures"),
    "hard-times": N_("Grief, a parent away, kinship and foster care"),
    "single-parent": N_("Single parents"),
    "blended": N_("Step and blended families"),
    "online": N_("Online life"),
    "rural": N_("Rural life"),
    "no-car": N_("Families without a car"),
    "life-change": N_("A new baby, a new school, moving house, separation"),
    "teens": N_("Teens: mental health, friendships, driving, first job"),
    "big-feelings": N_("Big feelings"),
    "adult-support": N_("The adults asking for emotional help"),
}
TIMES = {
    "morning": N_("In the morning"),
    "after-school": N_("After school"),
    "dinner": N_("At dinner"),
    "bedtime": N_("At bedtime"),
}
MINUTES = (5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 720)
AGE_BANDS = ((0, 1), (2, 4), (5, 7), (8, 12), (13, 17))
AGE_MIN, AGE_MAX = 0, 17
# A card may span this many bands; more only when it says how it changes for the youngest and oldest.
MAX_BANDS_WITHOUT_ADAPTING = 2
TITLE_WORDS = (2, 7)
STEP_COUNT = (2, 5)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_LIMIT = 120
# Library slugs share /activities/<slug> with these pages, and "own-" starts a family's own cards.
RESERVED_SLUGS = frozenset({"new", "own"})
RESERVED_PREFIX = "own-"
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
OPTIONAL = (
    "stretch",
    "for_adults",
    "kind",
    "needs",
    "day",
    "time",
    "younger",
    "older",
    "replaces",
    "tags",
)
# The shipped library must state these (a family's own card and an old export may leave them out).
LIBRARY_REQUIRED = ("kind", "needs")
FIELDS = REQUIRED + OPTIONAL
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
    "kind",
    "day",
    "younger",
    "older",
)
TEXT_LIMITS = {
    "title": 80,
    "materials": 300,
    "say": 300,
    "why": 300,
    "stretch": 300,
    "younger": 300,
    "older": 300,
}
STEP_LIMIT = 300
# How each field is named in a message (the words a family sees next to the form field).
LABELS = {
    "slug": N_("Slug"),
    "title": N_("Title"),
    "practice": N_("Practice"),
    "age_min": N_("Youngest age"),
    "age_max": N_("Oldest age"),
    "minutes": N_("Minutes"),
    "setting": N_("Setting"),
    "who": N_("Who"),
    "materials": N_("Materials"),
    "steps": N_("Steps"),
    "say": N_("Say this"),
    "why": N_("Why"),
    "stretch": N_("Stretch"),
    "for_adults": "for_adults",
    "kind": N_("Kind"),
    "needs": N_("Needs"),
    "day": N_("Day"),
    "time": N_("Time of day"),
    "younger": N_("For the youngest"),
    "older": N_("For the oldest"),
    "replaces": N_("Replaces"),
    "tags": N_("Tags"),
}


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
    kind: str = "activity"
    needs: tuple[str, ...] = ()
    day: str = ""
    time: str = ""
    younger: str = ""
    older: str = ""
    replaces: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def needs_text(self) -> str:
        """The needs as stored in one column: comma-separated, in vocabulary order."""
        return ",".join(self.needs)


class CardError(ValueError):
    """A card that breaks a rule.

    `message` is the problem in plain words ("Steps: give between 2 and 5 steps."), `field` the
    key at fault (None for the whole card or file) and `where` the file and card it is in;
    `str(error)` joins `where` and `message`.
    """

    def __init__(self, message: str, field: str | None = None, where: str = ""):
        super().__init__(f"{where}: {message}" if where else message)
        self.field = field
        self.message = message
        self.where = where


class Problem(Exception):
    """One field's problem, raised by a field check and turned into a CardError by the caller."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


# Field checks: each takes the raw card and returns the clean value or raises Problem.


def text(raw: dict, key: str, required: bool = True) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise Problem(key, say(N_("%(label)s must be text."), label=label(key)))
    value = value.strip()
    if required and not value:
        raise Problem(key, say(N_("%(label)s is missing."), label=label(key)))
    limit = TEXT_LIMITS.get(key)
    if limit and len(value) > limit:
        raise Problem(
            key,
            say(N_("%(label)s: use at most %(limit)d characters."), label=label(key), limit=limit),
        )
    return value


def whole_number(raw: dict, key: str) -> int:
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise Problem(key, say(N_("%(label)s must be a whole number."), label=label(key)))
    return value


def one_of(raw: dict, key: str, allowed: Iterable[str]) -> str:
    value = raw.get(key)
    allowed = tuple(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise Problem(
            key,
            say(
                N_("%(label)s must be one of %(allowed)s."),
                label=label(key),
                allowed=", ".join(allowed),
            ),
        )
    return value


def check_slug(raw: dict) -> str:
    slug = text(raw, "slug")
    if not SLUG_PATTERN.match(slug) or len(slug) > SLUG_LIMIT:
        raise Problem(
            "slug",
            say(
                N_(
                    "Slug: use lower-case letters, digits and single hyphens (like 'ask-for-a-hand')."
                )
            ),
        )
    return slug


def check_title(raw: dict) -> str:
    title = text(raw, "title")
    low, high = TITLE_WORDS
    if not low <= len(title.split()) <= high:
        raise Problem(
            "title",
            say(N_("Title: use an action of %(low)d to %(high)d words."), low=low, high=high),
        )
    return title


def check_age(raw: dict, key: str) -> int:
    age = whole_number(raw, key)
    if not AGE_MIN <= age <= AGE_MAX:
        raise Problem(
            key,
            say(
                N_("%(label)s must be between %(low)d and %(high)d."),
                label=label(key),
                low=AGE_MIN,
                high=AGE_MAX,
            ),
        )
    return age


def check_minutes(raw: dict) -> int:
    minutes = raw.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes not in MINUTES:
        raise Problem(
            "minutes",
            say(N_("Minutes must be one of %(allowed)s."), allowed=", ".join(map(str, MINUTES))),
        )
    return minutes


def check_steps(raw: dict) -> tuple[str, ...]:
    steps = raw.get("steps")
    low, high = STEP_COUNT
    if not isinstance(steps, list | tuple) or not low <= len(steps) <= high:
        raise Problem(
            "steps", say(N_("Steps: give between %(low)d and %(high)d steps."), low=low, high=high)
        )
    clean = []
    for step in steps:
        if not isinstance(step, str) or not step.strip():
            raise Problem("steps", say(N_("Steps: every step needs some words.")))
        step = step.strip()
        if len(step) > STEP_LIMIT or "\n" in step:
            raise Problem(
                "steps",
                say(
                    N_("Steps: keep each step to one line of at most %(limit)d characters."),
                    limit=STEP_LIMIT,
                ),
            )
        clean.append(step)
    return tuple(clean)


def check_for_adults(raw: dict) -> bool:
    value = raw.get("for_adults", False)
    if not isinstance(value, bool):
        raise Problem("for_adults", "for_adults must be true or false.")
    return value


def check_kind(raw: dict) -> str:
    """The card's kind; a first-edition card says `for_adults = true` for the grown-ups' kind."""
    if "kind" not in raw:
        return "grown-ups" if raw.get("for_adults") is True else "activity"
    return one_of(raw, "kind", KINDS)


def check_needs(raw: dict) -> tuple[str, ...]:
    needs = raw.get("needs", [])
    if isinstance(needs, str):
        needs = [part.strip() for part in needs.split(",") if part.strip()]
    if not isinstance(needs, list | tuple) or not all(isinstance(n, str) for n in needs):
        raise Problem("needs", say(N_("Needs must be a list of words.")))
    unknown = [need for need in needs if need not in NEEDS]
    if unknown:
        raise Problem(
            "needs", say(N_("Needs must come from %(allowed)s."), allowed=", ".join(NEEDS))
        )
    return tuple(need for need in NEEDS if need in needs)


def optional_choice(raw: dict, key: str, allowed: dict) -> str:
    if raw.get(key, "") == "":
        return ""
    return one_of(raw, key, allowed)


def check_replaces(raw: dict) -> tuple[str, ...]:
    value = raw.get("replaces", [])
    if not isinstance(value, list | tuple) or not all(
        isinstance(slug, str) and SLUG_PATTERN.match(slug) for slug in value
    ):
        raise Problem("replaces", say(N_("Replaces must be a list of slugs.")))
    return tuple(value)


def check_tags(raw: dict) -> tuple[str, ...]:
    tags = raw.get("tags", [])
    if not isinstance(tags, list | tuple) or not all(tag in TAGS for tag in tags):
        raise Problem("tags", say(N_("Tags must come from %(allowed)s."), allowed=", ".join(TAGS)))
    return tuple(tags)


CHECKS: dict[str, Callable[[dict], Any]] = {
    "slug": check_slug,
    "title": check_title,
    "practice": lambda raw: one_of(raw, "practice", PRACTICE_SLUGS),
    "age_min": lambda raw: check_age(raw, "age_min"),
    "age_max": lambda raw: check_age(raw, "age_max"),
    "minutes": check_minutes,
    "setting": lambda raw: one_of(raw, "setting", SETTINGS),
    "who": lambda raw: one_of(raw, "who", WHO),
    "materials": lambda raw: text(raw, "materials"),
    "steps": check_steps,
    "say": lambda raw: text(raw, "say"),
    "why": lambda raw: text(raw, "why"),
    "stretch": lambda raw: text(raw, "stretch", required=False),
    "for_adults": check_for_adults,
    "kind": check_kind,
    "needs": check_needs,
    "day": lambda raw: optional_choice(raw, "day", DAYS),
    "time": lambda raw: optional_choice(raw, "time", TIMES),
    "younger": lambda raw: text(raw, "younger", required=False),
    "older": lambda raw: text(raw, "older", required=False),
    "replaces": check_replaces,
    "tags": check_tags,
}


def check_fields(raw: dict) -> tuple[dict[str, Any], list[Problem]]:
    """Every known field's clean value, and every problem in field order (one per field)."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in FIELDS:
        if key in REQUIRED and key not in raw:
            problems.append(Problem(key, say(N_("%(label)s is missing."), label=label(key))))
            continue
        try:
            values[key] = CHECKS[key](raw)
        except Problem as problem:
            problems.append(problem)
        both_ages = key == "age_max" and {"age_min", "age_max"} <= values.keys()
        if both_ages and values["age_min"] > values["age_max"]:
            problems.append(
                Problem("age_max", say(N_("The youngest age is above the oldest age.")))
            )
    return values, problems


def describe(raw: Any, where: str) -> str:
    """`where` plus the card's slug when it has a usable one."""
    slug = raw.get("slug") if isinstance(raw, dict) else None
    if isinstance(slug, str) and slug.strip():
        shown = slug.strip() if len(slug.strip()) <= 60 else slug.strip()[:57] + "..."
        return f"{where} card '{shown}'".strip()
    return where


def validate_card(raw: dict, where: str = "") -> Card:
    """Check one card's fields (a TOML table or a dict a form built) and return it as a `Card`.

    :param where: the place to name in messages, like "teamwork.toml #3" (the slug is added).
    :raise CardError: for the first problem: unknown or missing fields first, then field order.
    """
    if not isinstance(raw, dict):
        raise CardError("A card must be a table of fields.", None, where)
    where = describe(raw, where)
    unknown = sorted(str(key) for key in set(raw) - set(FIELDS))
    if unknown:
        raise CardError(f"Unknown field(s): {', '.join(unknown)}.", unknown[0], where)
    missing = [key for key in REQUIRED if key not in raw]
    if missing:
        raise CardError(f"Missing field(s): {', '.join(missing)}.", missing[0], where)
    values, problems = check_fields(raw)
    if problems:
        raise CardError(problems[0].message, problems[0].field, where)
    values["for_adults"] = values["kind"] == "grown-ups"
    return Card(**values)


def card_problems(raw: dict) -> dict[str, str]:
    """Every problem with a card, as {field: message} (empty when the card is good).

    For forms: each message can be shown beside its own field. Unknown keys are reported under
    their own name; a card that is not a table at all is reported under "card".
    """
    if not isinstance(raw, dict):
        return {"card": say(N_("A card must be a table of fields."))}
    unknown = say(N_("Unknown field."))
    found = {str(key): unknown for key in sorted(set(raw) - set(FIELDS), key=str)}
    for problem in check_fields(raw)[1]:
        found.setdefault(problem.field, problem.message)
    return found


def card_files() -> list[Path]:
    """The shipped card files, in sorted order."""
    return sorted(CARDS_DIR.glob("*.toml"))


def read_toml(path: Path) -> dict:
    """The parsed file. :raise CardError: naming the file when it can't be read or parsed."""
    try:
        text_ = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise CardError("not UTF-8 text.", None, path.name) from error
    except OSError as error:
        raise CardError(
            f"could not be read ({error.strerror or error}).", None, path.name
        ) from error
    try:
        return tomllib.loads(text_)
    except tomllib.TOMLDecodeError as error:
        raise CardError(f"not valid TOML ({error}).", None, path.name) from error


def load_cards(paths: Iterable[Path] | None = None) -> list[Card]:
    """Every card in the given TOML files (default: the shipped library), validated, in file order.

    :raise CardError: on the first problem, naming the file and card; duplicate slugs name both.
    """
    cards: list[Card] = []
    seen: dict[str, str] = {}
    for path in card_files() if paths is None else paths:
        path = Path(path)
        data = read_toml(path)
        unknown = sorted(set(data) - {"card"})
        if unknown:
            raise CardError(f"Unknown top-level key(s): {', '.join(unknown)}.", None, path.name)
        entries = data.get("card", [])
        if not isinstance(entries, list):
            raise CardError("Cards must be written as [[card]] tables.", None, path.name)
        for index, raw in enumerate(entries, start=1):
            place = f"{path.name} #{index}"
            card = validate_card(raw, place)
            if card.slug in RESERVED_SLUGS or card.slug.startswith(RESERVED_PREFIX):
                raise CardError(
                    f"Slug '{card.slug}' is reserved (it would clash with the app's own pages "
                    f"or with a family's own cards, which start '{RESERVED_PREFIX}'); pick another.",
                    "slug",
                    describe(raw, place),
                )
            if card.slug in seen:
                raise CardError(
                    f"Duplicate slug '{card.slug}' (also at {seen[card.slug]}).",
                    "slug",
                    describe(raw, place),
                )
            seen[card.slug] = place
            cards.append(card)
    return cards


def bands_of(card: Card) -> list[tuple[int, int]]:
    """The age bands a card's range overlaps."""
    return [band for band in AGE_BANDS if card.age_min <= band[1] and card.age_max >= band[0]]


def coverage(cards: Iterable[Card]) -> dict[tuple[str, tuple[int, int]], int]:
    """(practice, band) -> how many cards cover it; a card spanning two bands counts in both.

    Every practice x band cell is present, in PRACTICE_SLUGS x AGE_BANDS order, zeros included.
    """
    counts = {(practice, band): 0 for practice in PRACTICE_SLUGS for band in AGE_BANDS}
    for card in cards:
        for band in bands_of(card):
            counts[(card.practice, band)] += 1
    return counts


def adaptation_problem(card: Card) -> str | None:
    """Why a card's age range is too wide, or None: over two bands it must say how it adapts."""
    if len(bands_of(card)) > MAX_BANDS_WITHOUT_ADAPTING and not (card.younger and card.older):
        return (
            f"Ages {card.age_min}–{card.age_max} span {len(bands_of(card))} age bands: narrow them, "
            "or say how the card changes for the youngest (younger) and the oldest (older)."
        )
    return None
