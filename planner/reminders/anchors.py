"""Anchors: "when X happens, I will do Y". Each plan item gets one; it resolves to a wall time.

Pure (stdlib only). The named anchors lean on the family's usual times, so moving dinner moves
every "after dinner" reminder with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time

from .timing import shift


def N_(text: str) -> str:
    """Mark words for the translators' catalogue (translated by the caller's `translate`)."""
    return text


# code -> (words shown to the family, usual time it follows, minutes after it)
NAMED = {
    "breakfast": (N_("at breakfast"), "breakfast", 0),
    "school-run": (N_("on the way to school"), "breakfast", 30),
    "after-school": (N_("after school"), "after_school", 0),
    "after-dinner": (N_("after dinner"), "dinner", 30),
    "bedtime": (N_("at bedtime"), "bedtime", 0),
}
AT_TIME = N_("at %(time)s")
USUAL_TIMES = ("breakfast", "after_school", "dinner", "bedtime")
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")

# The card's time of day (second edition of the card schema) and, failing that, its setting.
FROM_TIME_OF_DAY = {
    "morning": "breakfast",
    "after-school": "after-school",
    "dinner": "after-dinner",
    "bedtime": "bedtime",
}
FROM_SETTING = {"bedtime": "bedtime", "mealtime": "after-dinner", "travel": "school-run"}


@dataclass(frozen=True)
class UsualTimes:
    """The family's usual breakfast, after-school, dinner and bedtime (wall clock)."""

    breakfast: time = time(7, 30)
    after_school: time = time(15, 30)
    dinner: time = time(18, 0)
    bedtime: time = time(19, 30)


def is_anchor(code: str) -> bool:
    """True for a named anchor or a 24-hour HH:MM time."""
    return code in NAMED or bool(CLOCK.match(code or ""))


def default_anchor(setting: str, time_of_day: str | None, day: date) -> str:
    """The anchor a new item starts with: the card's time of day, else its setting and the day."""
    if time_of_day in FROM_TIME_OF_DAY:
        return FROM_TIME_OF_DAY[time_of_day]
    weekend = day.weekday() >= 5
    named = FROM_SETTING.get(setting)
    if named == "school-run" and weekend:
        return "breakfast"
    if named:
        return named
    if setting == "home":
        return "after-dinner"
    return "breakfast" if weekend else "after-school"


def resolve(code: str, usual: UsualTimes) -> time:
    """The wall time an anchor stands for (an unknown code falls back to after dinner)."""
    match = CLOCK.match(code or "")
    if match:
        return time(int(match.group(1)), int(match.group(2)))
    _, base, minutes = NAMED.get(code, NAMED["after-dinner"])
    return shift(getattr(usual, base), minutes)


def words(code: str, translate: Callable[[str], str] = str) -> str:
    """How an anchor reads in a message: "after dinner", "at 17:30".

    :param translate: the caller's `gettext`, so the words come out in the reader's language.
    """
    if code in NAMED:
        return translate(NAMED[code][0])
    if CLOCK.match(code or ""):
        return translate(AT_TIME) % {"time": code}
    return translate(NAMED["after-dinner"][0])
