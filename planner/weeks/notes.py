"""The planner's notes in words for the parents (the pure planner only returns codes).

Kept apart from the views so the wording can be translated or shown differently on each page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .. import planning
from ..dates import DAY_NAMES
from ..practices import PRACTICES


def plural(count: int, one: str, many: str) -> str:
    """'1 item', '2 items'."""
    return f"{count} {one if count == 1 else many}"


def listed(words: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def practice_names(slugs: Iterable[str]) -> str:
    return listed([PRACTICES[slug].short_name for slug in slugs])


def free_time(time: planning.FreeTime) -> str:
    """The minutes the family has on its free days, as a parent would say it."""
    if time.on_weekdays and time.on_weekends:
        return f"{time.weekday_minutes} minutes on weekdays and {time.weekend_minutes} on weekends"
    if time.on_weekdays:
        return f"{time.weekday_minutes} minutes on your free weekdays"
    return f"{time.weekend_minutes} minutes on your free weekend days"


def who(age: int) -> str:
    return "your baby" if age < 1 else f"your {age}-year-old"


def short_week(total: int, asked: int) -> str:
    fit = "activity fits" if total == 1 else "activities fit"
    return (
        f"Only {total} {fit} your children's ages and your free time, so this week has "
        f"{plural(total, 'item', 'items')} instead of {asked}. "
        "More free days, more minutes or your own activity cards would make room for more."
    )


def quiet_days(days: Sequence[int], minutes: int | None, empty: bool) -> str:
    time = (
        f"the {minutes} minutes you have there"
        if minutes is not None
        else "the time you have on those days"
    )
    names = listed([DAY_NAMES[day] for day in days])
    if empty:
        where = f"Nothing is planned on {names}"
    else:
        where = f"{names} {'has' if len(days) == 1 else 'have'} fewer activities than other days"
    return (
        f"{where}: the remaining activities need more than {time}. "
        "More minutes on the family page would spread the week out."
    )


WORDS = {
    planning.NO_CHILDREN: lambda: (
        "Add your children on the family page so activities can be chosen for their ages."
    ),
    planning.NO_FREE_DAYS: lambda: (
        "No free days are set, so nothing was planned. Choose free days on the family page."
    ),
    planning.NO_AGE_FIT: lambda: (
        "No activities in the library suit your children's ages, so nothing was planned. "
        "You can add your own activity cards for their ages."
    ),
    planning.NO_TIME_FIT: lambda time: (
        "None of the activities that suit your children fit in the time you have "
        f"({free_time(time)}), so nothing was planned. Allow more minutes on the family page."
    ),
    planning.NO_DAYS_LEFT: lambda: (
        "The free days of this week are behind you, so nothing new was planned. "
        "Plan next week, or add an activity to a day by hand."
    ),
    planning.SHORT_WEEK: short_week,
    planning.PRACTICES_SHORT: lambda practices: (
        f"There weren't enough activities for {practice_names(practices)} that suit your "
        "children and fit your free time, so the three practices aren't evenly balanced this week."
    ),
    planning.KEPT_LEAN: lambda practices: (
        f"The items you kept (locked, done or rituals) lean toward {practice_names(practices)}, "
        "so the three practices aren't evenly balanced this week."
    ),
    planning.QUIET_DAYS: quiet_days,
    planning.CHILD_NOTHING_SUITS: lambda age: (
        f"Nothing in the library suits {who(age)} yet, so this week has nothing made for "
        "them. You can add your own activity cards for their age."
    ),
    planning.CHILD_NO_TIME: lambda age, time: (
        f"The activities for {who(age)} need more time than you have ({free_time(time)}), "
        "so this week has nothing made for them."
    ),
}


def word(note: planning.Note) -> str:
    """One note as a full sentence for the parents."""
    return WORDS[note.code](**note.args)


def worded(notes: Iterable[planning.Note]) -> list[str]:
    return [word(note) for note in notes]


# Why an item was picked, in a few words (the planner's reason codes and the item's own state).

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def liked_before(month: int) -> str:
    return f"You liked this in {MONTHS[month - 1]}" if 1 <= month <= 12 else "You liked this before"


def suits_children(children: Sequence[str]) -> str:
    return f"Suits {listed(list(children))}" if children else "Suits your children"


def reason_words(reason: planning.Reason, names: dict[int, str]) -> str:
    """One planner reason as a few words; `names`: child id -> first name."""
    args = reason.args
    if reason.code == planning.LIKED_BEFORE:
        return liked_before(int(args.get("month", 0)))
    if reason.code == planning.SUITS:
        keys = args.get("children", ())
        return suits_children([names[key] for key in keys if key in names])
    if reason.code == planning.RITUAL_OFFER:
        return "Went well twice: make it a weekly ritual?"
    return "New for you"


RITUAL_DAY = "Your {day} ritual"
CARRIED = "Carried over from last week"
KEPT = "You chose to keep this"
