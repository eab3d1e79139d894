"""The family profile and the cards' kind, needs, day and time in export files.

The cards' fields are checked on import by the library's own rules (`own_cards.check_card`).
Every key here is optional on import: files exported before the profile and the second-edition
cards still import (their cards become activities, or the grown-ups' kind if `for_adults`).
"""

from __future__ import annotations

import re


def N_(text: str) -> str:
    """Mark `text` for the catalogue; the importer's `Checker.fail` translates it."""
    return text


ANSWERS = {
    "adults_at_home": ("one", "two", "more"),
    "outing_money": ("free", "a-little"),
}
FLAGS = (
    "raised_by_relative",
    "two_homes",
    "other_adults_nearby",
    "has_car",
    "has_garden",
    "has_pet",
)
TIMES_OF_DAY = ("usual_breakfast", "usual_after_school", "usual_dinner", "usual_bedtime")
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def export_profile(household) -> dict:
    """The profile as plain JSON values (null = not said)."""
    school = household.school_days
    return {
        **{key: getattr(household, key) for key in (*ANSWERS, *FLAGS, *TIMES_OF_DAY)},
        "school_days": [int(d) for d in school.split(",") if d.isdigit()] if school else None,
        "grown_ups_per_week": household.grown_ups_per_week,
    }


def read_profile(value, check) -> dict:
    """Household columns from an export's optional "profile"; bad values are reported."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.fail("household.profile", N_("should be an object ({...})."))
        return {}
    columns: dict = {}
    for key, allowed in ANSWERS.items():
        columns[key] = one_of(value.get(key), allowed, f"household.profile.{key}", check)
    for key in FLAGS:
        flag = value.get(key)
        if flag is not None and not isinstance(flag, bool):
            check.fail(f"household.profile.{key}", N_("should be true, false or null."))
        columns[key] = flag if isinstance(flag, bool) else None
    for key in TIMES_OF_DAY:
        time = value.get(key)
        if time is not None and not (isinstance(time, str) and CLOCK.match(time)):
            check.fail(f"household.profile.{key}", N_("should be a time like 19:30, or null."))
            time = None
        columns[key] = time
    columns["school_days"] = school_days(value.get("school_days"), check)
    count = value.get("grown_ups_per_week", 1)
    if type(count) is not int or not 0 <= count <= 3:
        check.fail("household.profile.grown_ups_per_week", N_("should be a number from 0 to 3."))
        count = 1
    columns["grown_ups_per_week"] = count
    return columns


def one_of(value, allowed, where: str, check):
    if value is not None and value not in allowed:
        check.fail(where, N_("should be one of %(choices)s, or null."), choices=", ".join(allowed))
        return None
    return value


def school_days(value, check) -> str | None:
    if value is None:
        return None
    if not isinstance(value, list) or any(type(d) is not int or not 0 <= d <= 6 for d in value):
        check.fail("household.profile.school_days", N_("should list weekdays 0 (Monday) to 6."))
        return None
    return ",".join(str(d) for d in sorted(set(value))) or None


def export_card(card) -> dict:
    """A card's second-edition fields."""
    return {
        "kind": card.kind,
        "needs": card.needs_list,
        "day": card.day or "",
        "time": card.time_of_day or "",
    }
