"""Import a Together export into an empty household: validate everything first, then write it all.

`parse` checks the file's shape and every value (pure: no database); `resolve_library` checks the
library slugs it refers to; `import_household` adds the rows without committing, so the view's one
transaction either stores the whole file or nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext
from sqlalchemy import exists, select

from .. import clock, limits, practices
from .. import items as plan_items
from ..dates import parse_iso_date
from ..extensions import db
from ..forms import MINUTE_CHOICES
from ..library.own_cards import check_card, new_slug, row_fields
from ..models import Activity, CardSwap, Child, Household, Moment, Ritual, User, Week
from ..requestguard import is_one_line
from . import profile_fields
from .exporter import FORMAT, VERSION

MAX_ERRORS = 12
# A child's birth year may lie this far back (an archived child's history stays importable).
OLDEST_BIRTH_YEARS = 40
NOTE_LIMIT = 1000
REFLECTION_LIMIT = 5000
MINUTES = {minutes for minutes, _ in MINUTE_CHOICES}


def N_(text: str) -> str:
    """Mark `text` for the catalogue; `Checker.fail` translates it for the reader."""
    return text


# How many rows of a capped kind the file holds, by `limits.Limit.what`.
HAS = {
    limits.CHILDREN.what: N_("has %(count)d children."),
    limits.MOMENTS.what: N_("has %(count)d moments."),
    limits.OWN_CARDS.what: N_("has %(count)d own cards."),
    limits.RITUALS.what: N_("has %(count)d weekly rituals."),
    limits.NOTES.what: N_("has %(count)d notes on activities."),
}
# What a week's start day must be, by the family's week-start day (0 Monday, 6 Sunday).
WEEK_START_WORDS = {
    0: N_("should be a Monday, the day the family's weeks start."),
    6: N_("should be a Sunday, the day the family's weeks start."),
}


class ImportProblem(Exception):
    """The file can't be imported; `messages` say why in words a parent can act on."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


class _TooMany(Exception):
    """Stop checking once there are enough errors to show."""


@dataclass
class Checker:
    """Collects readable errors while reading a JSON document."""

    errors: list[str] = field(default_factory=list)

    def fail(self, where: str, message: str, **values) -> None:
        """Record `message` (an N_-marked sentence) in the reader's language."""
        self.add(where, gettext(message, **values))

    def add(self, where: str, worded: str) -> None:
        """Record a problem already in the reader's words after its JSON path (the path is the
        file's own names, so it stays as written)."""
        if where:
            worded = gettext("%(where)s: %(problem)s", where=where, problem=worded)
        self.errors.append(worded)
        if len(self.errors) >= MAX_ERRORS:
            raise _TooMany

    def mapping(self, value, where: str, keys: tuple[str, ...]) -> dict | None:
        """`value` as a JSON object holding every one of `keys`, else None (with an error)."""
        if not isinstance(value, dict):
            self.fail(where, N_("should be an object ({...})."))
            return None
        missing = [key for key in keys if key not in value]
        if missing:
            self.fail(
                where,
                N_("is missing %(keys)s."),
                keys=", ".join(f"“{key}”" for key in missing),
            )
            return None
        return value

    def array(self, value, where: str) -> list:
        if not isinstance(value, list):
            self.fail(where, N_("should be a list ([...])."))
            return []
        return value

    def text(
        self, value, where: str, limit: int, required: bool = False, name: bool = False
    ) -> str:
        """Text up to `limit` characters; a `name` (one line) may hold no control characters."""
        if not isinstance(value, str):
            self.fail(where, N_("should be text."))
            return ""
        if "\x00" in value:
            self.fail(where, N_("contains a NUL character."))
        elif name and not is_one_line(value):
            self.fail(where, N_("contains control characters (like a line break or tab)."))
        elif len(value) > limit:
            self.fail(
                where,
                N_("is too long (%(count)d characters; at most %(limit)d)."),
                count=len(value),
                limit=limit,
            )
        elif required and not value.strip():
            self.fail(where, N_("should not be empty."))
        return value.strip() if required else value

    def integer(self, value, where: str, low: int, high: int) -> int:
        if type(value) is not int:
            self.fail(where, N_("should be a whole number."))
            return low
        if not low <= value <= high:
            self.fail(where, N_("should be between %(low)d and %(high)d."), low=low, high=high)
        return value

    def flag(self, value, where: str) -> bool:
        if type(value) is not bool:
            self.fail(where, N_("should be true or false."))
            return False
        return value

    def day(self, value, where: str) -> date:
        parsed = parse_iso_date(value) if isinstance(value, str) else None
        if parsed is None:
            self.fail(where, N_("should be a date like 2026-11-23."))
            return date(2000, 1, 1)
        return parsed

    def timestamp(self, value, where: str) -> datetime | None:
        """An ISO date-time (null allowed), returned as naive UTC like the database stores it."""
        if value is None:
            return None
        try:
            if not isinstance(value, str) or len(value) > 40:
                raise ValueError
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is not None:
                parsed = parsed.astimezone(UTC).replace(tzinfo=None)
            if not 1900 <= parsed.year <= 2999:
                raise ValueError
        except ValueError:
            self.fail(where, N_("should be a date and time like 2026-11-23T18:30:00, or null."))
            return None
        return parsed

    def practice(self, value, where: str) -> str:
        if not isinstance(value, str) or value not in practices.PRACTICES:
            self.fail(
                where, N_("should be one of %(choices)s."), choices=", ".join(practices.PRACTICES)
            )
            return ""
        return value

    def keys(self, value, where: str, known: set[str]) -> list[str]:
        """A list of child keys defined in the file, without repeats."""
        keys = self.array(value, where)
        for key in keys:
            if not isinstance(key, str) or key not in known:
                self.fail(
                    where,
                    N_("refers to a child the file doesn't have (%(key)s)."),
                    key=repr(str(key)[:40]),
                )
        if len(set(map(str, keys))) != len(keys):
            self.fail(where, N_("names a child twice."))
        return [key for key in keys if isinstance(key, str)]


def load_json(raw: bytes):
    """Decode the upload. :raise ImportProblem: if it isn't UTF-8 JSON."""
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise ImportProblem(
            [gettext("This file isn't a Together export: it is not readable JSON text.")]
        ) from error


def parse(raw: bytes) -> dict:
    """Check a whole export; return it with dates parsed. :raise ImportProblem: listing errors."""
    document = load_json(raw)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportProblem(
            [gettext("This file isn't a Together export (its “format” is missing or wrong).")]
        )
    version = document.get("version")
    if version != VERSION:
        if type(version) is int and version > VERSION:
            message = gettext(
                "This export is version %(version)d, made by a newer Together; "
                "this one reads version %(ours)d.",
                version=version,
                ours=VERSION,
            )
        else:
            message = gettext("This export's “version” should be %(ours)d.", ours=VERSION)
        raise ImportProblem([message])
    check = Checker()
    try:
        parsed = read_document(document, check)
    except _TooMany:
        check.errors.append(gettext("…and possibly more; fix these first."))
        parsed = None
    if check.errors:
        raise ImportProblem(check.errors)
    return parsed


def read_document(document: dict, check: Checker) -> dict:
    """Every section of an export, checked; errors collect in `check`."""
    top = check.mapping(
        document, "", ("household", "children", "custom_cards", "rituals", "weeks", "moments")
    )
    if top is None:
        return {}
    parsed = {"household": read_household(top["household"], check), **read_sections(top, check)}
    check_family_rules(parsed, check)
    return parsed


def read_household(value, check: Checker) -> dict:
    keys = (
        "name",
        "week_starts_on",
        "items_per_week",
        "free_days",
        "weekday_minutes",
        "weekend_minutes",
    )
    data = check.mapping(value, "household", keys)
    if data is None:
        return {}
    free_days = [
        check.integer(d, "household.free_days", 0, 6)
        for d in check.array(data["free_days"], "household.free_days")
    ]
    if not free_days or len(set(free_days)) != len(free_days):
        check.fail(
            "household.free_days",
            N_("should list each free weekday (0 = Monday) once, at least one."),
        )
    week_starts_on = check.integer(data["week_starts_on"], "household.week_starts_on", 0, 6)
    if week_starts_on not in (0, 6):
        check.fail("household.week_starts_on", N_("should be 0 (Monday) or 6 (Sunday)."))
    settings = {
        "name": check.text(data["name"], "household.name", 80, required=True, name=True),
        "week_starts_on": week_starts_on,
        "items_per_week": check.integer(data["items_per_week"], "household.items_per_week", 3, 14),
        "free_days": ",".join(str(d) for d in sorted(set(free_days))),
    }
    for key in ("weekday_minutes", "weekend_minutes"):
        minutes = check.integer(data[key], f"household.{key}", 0, 600)
        if minutes not in MINUTES:
            check.fail(f"household.{key}", N_("isn't one of the times Together offers."))
        settings[key] = minutes
    settings.update(profile_fields.read_profile(data.get("profile"), check))
    return settings


def read_sections(top: dict, check: Checker) -> dict:
    """Children and custom cards first, then the rituals, weeks and moments that refer to them."""
    children = read_children(top["children"], check)
    child_keys = {child["key"] for child in children}
    cards = [
        read_card(value, f"custom_cards[{index}]", check)
        for index, value in enumerate(check.array(top["custom_cards"], "custom_cards"))
    ]
    cards = [card for card in cards if card]
    if len({card["slug"] for card in cards}) != len(cards):
        check.fail("custom_cards", N_("two cards share a “slug”."))
    rituals = read_rituals(top["rituals"], check)
    ritual_slugs = {ritual["activity"] for ritual in rituals}
    weeks = [
        read_week(value, f"weeks[{index}]", check, child_keys, ritual_slugs)
        for index, value in enumerate(check.array(top["weeks"], "weeks"))
    ]
    weeks = [week for week in weeks if week]
    if len({week["week_start"] for week in weeks}) != len(weeks):
        check.fail("weeks", N_("the same week appears twice."))
    return {
        "children": children,
        "custom_cards": cards,
        "rituals": rituals,
        "weeks": weeks,
        "moments": read_moments(top["moments"], check, child_keys),
        "swaps": read_swaps(top.get("swaps", []), check),
    }


def read_children(value, check: Checker) -> list[dict]:
    children = []
    for index, entry in enumerate(check.array(value, "children")):
        where = f"children[{index}]"
        data = check.mapping(entry, where, ("key", "name", "birth_year", "birth_month", "archived"))
        if data is None:
            continue
        children.append(
            {
                "key": check.text(data["key"], f"{where}.key", 40, required=True),
                "name": check.text(data["name"], f"{where}.name", 40, required=True, name=True),
                "birth_year": check.integer(data["birth_year"], f"{where}.birth_year", 1900, 2999),
                "birth_month": check.integer(data["birth_month"], f"{where}.birth_month", 1, 12),
                "archived": check.flag(data["archived"], f"{where}.archived"),
            }
        )
    if len({child["key"] for child in children}) != len(children):
        check.fail("children", N_("two children share a “key”."))
    return children


def read_rituals(value, check: Checker) -> list[dict]:
    rituals = []
    for index, entry in enumerate(check.array(value, "rituals")):
        where = f"rituals[{index}]"
        data = check.mapping(entry, where, ("activity", "weekday"))
        if data is None:
            continue
        rituals.append(
            {
                "activity": check.text(data["activity"], f"{where}.activity", 120, required=True),
                "weekday": check.integer(data["weekday"], f"{where}.weekday", 0, 6),
            }
        )
    if len({ritual["activity"] for ritual in rituals}) != len(rituals):
        check.fail("rituals", N_("the same activity is a ritual twice."))
    return rituals


def read_moments(value, check: Checker, child_keys: set[str]) -> list[dict]:
    moments = []
    for index, entry in enumerate(check.array(value, "moments")):
        where = f"moments[{index}]"
        data = check.mapping(entry, where, ("practice", "happened_on", "note", "children"))
        if data is None:
            continue
        moments.append(
            {
                "practice": check.practice(data["practice"], f"{where}.practice"),
                "happened_on": check.day(data["happened_on"], f"{where}.happened_on"),
                "note": check.text(data["note"], f"{where}.note", NOTE_LIMIT),
                "children": check.keys(data["children"], f"{where}.children", child_keys),
            }
        )
    return moments


def read_swaps(value, check: Checker) -> list[dict]:
    """Cards swapped away, by slug and week (optional: files from before them have none)."""
    swaps = []
    for index, entry in enumerate(check.array(value, "swaps")):
        where = f"swaps[{index}]"
        data = check.mapping(entry, where, ("activity", "week_start"))
        if data is None:
            continue
        swaps.append(
            {
                "activity": check.text(data["activity"], f"{where}.activity", 120, required=True),
                "week_start": check.day(data["week_start"], f"{where}.week_start"),
            }
        )
    return swaps


def check_family_rules(parsed: dict, check: Checker) -> None:
    """The rules the forms apply that look across records: dates against today, weeks against
    the family's week-start day, and the size limits every family has."""
    today = clock.today()
    for index, child in enumerate(parsed["children"]):
        born = (child["birth_year"], child["birth_month"])
        if born > (today.year, today.month):
            check.fail(f"children[{index}].birth_year", N_("is in the future."))
        elif child["birth_year"] < today.year - OLDEST_BIRTH_YEARS:
            check.fail(
                f"children[{index}].birth_year",
                N_("is more than %(num)d years ago."),
                num=OLDEST_BIRTH_YEARS,
            )
    starts_on = parsed["household"].get("week_starts_on")
    for index, week in enumerate(parsed["weeks"]):
        if starts_on in (0, 6) and week["week_start"].weekday() != starts_on:
            check.fail(
                f"weeks[{index}].week_start",
                WEEK_START_WORDS[starts_on],
            )
    latest = today + timedelta(days=1)  # the file may come from a zone already a day ahead
    for index, moment in enumerate(parsed["moments"]):
        if moment["happened_on"] > latest:
            check.fail(f"moments[{index}].happened_on", N_("is in the future."))
    check_sizes(parsed, check)


def check_sizes(parsed: dict, check: Checker) -> None:
    """The per-family size limits (the same caps the forms apply)."""
    notes = sum(1 for week in parsed["weeks"] for item in week["items"] if item["note"].strip())
    counts = (
        ("children", limits.CHILDREN, len(parsed["children"])),
        ("moments", limits.MOMENTS, len(parsed["moments"])),
        ("custom_cards", limits.OWN_CARDS, len(parsed["custom_cards"])),
        ("rituals", limits.RITUALS, len(parsed["rituals"])),
        ("weeks", limits.NOTES, notes),
    )
    for section, limit, count in counts:
        if count > limit.most:
            check.add(section, f"{gettext(HAS[limit.what], count=count)} {limit.message()}")


CARD_KEYS = (
    "slug", "title", "practice", "age_min", "age_max", "minutes", "setting", "who",
    "materials", "steps", "say", "why", "stretch", "for_adults", "archived",
)  # fmt: skip
SECOND_EDITION_KEYS = ("kind", "needs", "day", "time")


def read_card(value, where: str, check: Checker) -> dict | None:
    """An own card from the file, checked by the library's own rules (the same as the form)."""
    data = check.mapping(value, where, CARD_KEYS)
    if data is None:
        return None
    slug = check.text(data["slug"], f"{where}.slug", 120, required=True)
    archived = check.flag(data["archived"], f"{where}.archived")
    if isinstance(data["title"], str) and not is_one_line(data["title"]):
        check.fail(f"{where}.title", N_("contains control characters (like a line break or tab)."))
    fields = {key: data[key] for key in CARD_KEYS if key not in ("slug", "archived")}
    # Second-edition keys are optional: files from before them still import.
    fields.update({key: data[key] for key in SECOND_EDITION_KEYS if key in data})
    card, problems = check_card(fields)
    for field_name, message in problems.items():
        check.add(f"{where}.{field_name}", message)  # worded by the library's rules
    if card is None:
        return None
    return {"slug": slug, "archived": archived, **row_fields(card)}


def read_week(
    value, where: str, check: Checker, child_keys: set[str], ritual_slugs: set[str]
) -> dict | None:
    data = check.mapping(value, where, ("week_start", "planned_at", "reflection", "items"))
    if data is None:
        return None
    week_start = check.day(data["week_start"], f"{where}.week_start")
    items = []
    for index, value in enumerate(check.array(data["items"], f"{where}.items")):
        at = f"{where}.items[{index}]"
        keys = (
            "activity",
            "day",
            "locked",
            "ritual",
            "done_at",
            "rating",
            "note",
            "children",
            "participants",
        )
        item = check.mapping(value, at, keys)
        if item is None:
            continue
        day = check.day(item["day"], f"{at}.day")
        if not week_start <= day < week_start + timedelta(days=7):
            check.fail(f"{at}.day", N_("isn't in its week."))
        rating = item["rating"]
        if rating is not None:
            rating = check.integer(rating, f"{at}.rating", 1, 3)
        activity = check.text(item["activity"], f"{at}.activity", 120, required=True)
        is_ritual = check.flag(item["ritual"], f"{at}.ritual")
        if is_ritual and activity not in ritual_slugs:
            check.fail(
                f"{at}.ritual", N_("is true, but the file has no weekly ritual for that activity.")
            )
        items.append(
            {
                "activity": activity,
                "day": day,
                "locked": check.flag(item["locked"], f"{at}.locked"),
                "ritual": is_ritual,
                "done_at": check.timestamp(item["done_at"], f"{at}.done_at"),
                "rating": rating,
                "note": check.text(item["note"], f"{at}.note", NOTE_LIMIT),
                "children": check.keys(item["children"], f"{at}.children", child_keys),
                "participants": check.keys(item["participants"], f"{at}.participants", child_keys),
            }
        )
    if len({item["activity"] for item in items}) != len(items):
        check.fail(f"{where}.items", N_("has the same activity twice in one week."))
    return {
        "week_start": week_start,
        "planned_at": check.timestamp(data["planned_at"], f"{where}.planned_at"),
        "reflection": check.text(data["reflection"], f"{where}.reflection", REFLECTION_LIMIT),
        "items": items,
    }


def resolve_library(parsed: dict) -> dict[str, Activity]:
    """Library cards (by slug) the file refers to. :raise ImportProblem: for unknown slugs."""
    custom = {card["slug"] for card in parsed["custom_cards"]}
    wanted = {ritual["activity"] for ritual in parsed["rituals"]}
    for week in parsed["weeks"]:
        wanted.update(item["activity"] for item in week["items"])
    wanted.update(swap["activity"] for swap in parsed["swaps"])
    wanted -= custom
    found = {
        activity.slug: activity
        for activity in db.session.execute(
            db.select(Activity).where(Activity.slug.in_(wanted), Activity.household_id.is_(None))
        ).scalars()
    }
    unknown = sorted(wanted - set(found))
    if unknown:
        shown = ", ".join(f"“{slug[:60]}”" for slug in unknown[:5])
        if len(unknown) > 5:
            message = gettext(
                "The file refers to activities this Together doesn't have: %(shown)s and "
                "%(more)d more.",
                shown=shown,
                more=len(unknown) - 5,
            )
        else:
            message = gettext(
                "The file refers to activities this Together doesn't have: %(shown)s.",
                shown=shown,
            )
        raise ImportProblem([message])
    return found


def household_is_empty(household_id: int) -> bool:
    """True while the household has no children, weeks, cards, rituals or moments (one query)."""
    parts = [
        exists().where(model.household_id == household_id)
        for model in (Child, Week, Activity, Ritual, Moment)
    ]
    return not any(db.session.execute(select(*parts)).one())


def import_household(
    household: Household, user: User, parsed: dict, library: dict[str, Activity]
) -> dict[str, int]:
    """Add everything in `parsed` to `household` (flushes, never commits); returns counts."""
    for key, value in parsed["household"].items():
        setattr(household, key, value)
    children = {}
    for data in parsed["children"]:
        child = Child(household_id=household.id, **{k: v for k, v in data.items() if k != "key"})
        db.session.add(child)
        children[data["key"]] = child
    activities = dict(library)
    taken: set[str] = set()
    for data in parsed["custom_cards"]:
        fields = {k: v for k, v in data.items() if k != "slug"}
        slug = new_slug(household.id, data["title"], taken)
        taken.add(slug)
        card = Activity(household_id=household.id, slug=slug, **fields)
        db.session.add(card)
        activities[data["slug"]] = card
    db.session.flush()
    rituals = {}
    for data in parsed["rituals"]:
        ritual = Ritual(
            household_id=household.id,
            activity_id=activities[data["activity"]].id,
            weekday=data["weekday"],
        )
        db.session.add(ritual)
        rituals[data["activity"]] = ritual
    db.session.flush()
    for data in parsed["weeks"]:
        week = Week(
            household_id=household.id,
            week_start=data["week_start"],
            planned_at=data["planned_at"],
            reflection=data["reflection"],
        )
        db.session.add(week)
        for item in data["items"]:
            plan_items.restore(
                week,
                activities[item["activity"]],
                item["day"],
                plan_items.ItemState(
                    locked=item["locked"],
                    ritual_id=rituals[item["activity"]].id if item["ritual"] else None,
                    done_at=item["done_at"],
                    rating=item["rating"],
                    note=item["note"],
                    children=[children[key] for key in item["children"]],
                    participants=[children[key] for key in item["participants"]],
                ),
            )
    for data in parsed["moments"]:
        db.session.add(
            Moment(
                household_id=household.id,
                practice=data["practice"],
                happened_on=data["happened_on"],
                note=data["note"],
                created_by_id=user.id,
                children=[children[key] for key in data["children"]],
            )
        )
    for data in parsed["swaps"]:
        db.session.add(
            CardSwap(
                household_id=household.id,
                activity_id=activities[data["activity"]].id,
                week_start=data["week_start"],
            )
        )
    db.session.flush()
    return {
        "children": len(parsed["children"]),
        "cards": len(parsed["custom_cards"]),
        "weeks": len(parsed["weeks"]),
        "moments": len(parsed["moments"]),
    }
