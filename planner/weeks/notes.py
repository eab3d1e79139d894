"""The planner's notes in words for the parents (the pure planner only returns codes).

Kept apart from the views so the wording can be translated or shown differently on each page:
every sentence goes through the catalogue here, in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from babel.dates import get_day_names, get_month_names
from babel.lists import format_list
from flask_babel import gettext, ngettext

from .. import planning
from ..i18n import babel_locale, localized
from ..library.loader import DAYS, TIMES
from ..practices import PRACTICES
from . import carry


def listed(words: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C' in the reader's language."""
    return format_list(list(words), locale=babel_locale())


def day_name(index: int) -> str:
    """Monday..Sunday (0..6) as written inside a sentence."""
    return get_day_names("wide", context="format", locale=babel_locale())[index]


def practice_names(slugs: Iterable[str]) -> str:
    return listed([PRACTICES[slug].short_name for slug in slugs])


def free_time(time: planning.FreeTime) -> str:
    """The minutes the family has on its free days, as a parent would say it."""
    if time.on_weekdays and time.on_weekends:
        return gettext(
            "%(weekday)d minutes on weekdays and %(weekend)d on weekends",
            weekday=time.weekday_minutes,
            weekend=time.weekend_minutes,
        )
    if time.on_weekdays:
        return gettext("%(num)d minutes on your free weekdays", num=time.weekday_minutes)
    return gettext("%(num)d minutes on your free weekend days", num=time.weekend_minutes)


def who(age: int) -> str:
    return gettext("your baby") if age < 1 else gettext("your %(age)d-year-old", age=age)


def short_week(total: int, asked: int) -> str:
    fit = ngettext(
        "Only %(num)d activity fits your children's ages and your free time",
        "Only %(num)d activities fit your children's ages and your free time",
        total,
    )
    have = ngettext(
        "so this week has %(num)d item instead of %(asked)d.",
        "so this week has %(num)d items instead of %(asked)d.",
        total,
        asked=asked,
    )
    more = gettext(
        "More free days, more minutes or your own activity cards would make room for more."
    )
    return f"{fit}, {have} {more}"


def quiet_days(days: Sequence[int], minutes: int | None, empty: bool) -> str:
    names = listed([day_name(day) for day in days])
    if empty:
        where = gettext("Nothing is planned on %(days)s", days=names)
    else:
        where = ngettext(
            "%(days)s has fewer activities than other days",
            "%(days)s have fewer activities than other days",
            len(days),
            days=names,
        )
    if minutes is not None:
        need = gettext(
            "the remaining activities need more than the %(num)d minutes you have there.",
            num=minutes,
        )
    else:
        need = gettext("the remaining activities need more than the time you have on those days.")
    more = gettext("More minutes on the family page would spread the week out.")
    return f"{where}: {need} {more}"


WORDS = {
    planning.NO_CHILDREN: lambda: gettext(
        "Add your children on the family page so activities can be chosen for their ages."
    ),
    planning.NO_FREE_DAYS: lambda: gettext(
        "No free days are set, so nothing was planned. Choose free days on the family page."
    ),
    planning.NO_AGE_FIT: lambda: gettext(
        "No activities in the library suit your children's ages, so nothing was planned. "
        "You can add your own activity cards for their ages."
    ),
    planning.NO_TIME_FIT: lambda time: gettext(
        "None of the activities that suit your children fit in the time you have "
        "(%(time)s), so nothing was planned. Allow more minutes on the family page.",
        time=free_time(time),
    ),
    planning.NO_DAYS_LEFT: lambda: gettext(
        "The free days of this week are behind you, so nothing new was planned. "
        "Plan next week, or add an activity to a day by hand."
    ),
    planning.SHORT_WEEK: short_week,
    planning.PRACTICES_SHORT: lambda practices: gettext(
        "There weren't enough activities for %(practices)s that suit your children and fit "
        "your free time, so the three practices aren't evenly balanced this week.",
        practices=practice_names(practices),
    ),
    planning.KEPT_LEAN: lambda practices: gettext(
        "The items you kept (locked, done or rituals) lean toward %(practices)s, "
        "so the three practices aren't evenly balanced this week.",
        practices=practice_names(practices),
    ),
    planning.QUIET_DAYS: quiet_days,
    planning.CHILD_NOTHING_SUITS: lambda age: gettext(
        "Nothing in the library suits %(who)s yet, so this week has nothing made for them. "
        "You can add your own activity cards for their age.",
        who=who(age),
    ),
    planning.CHILD_NO_TIME: lambda age, time: gettext(
        "The activities for %(who)s need more time than you have (%(time)s), "
        "so this week has nothing made for them.",
        who=who(age),
        time=free_time(time),
    ),
}


def word(note: planning.Note) -> str:
    """One note as a full sentence for the parents."""
    return WORDS[note.code](**note.args)


def worded(notes: Iterable[planning.Note]) -> list[str]:
    return [word(note) for note in notes]


# Why an item was picked, in a few words (the planner's reason codes and the item's own state).


def month_name(month: int) -> str | None:
    """The month's full name in the reader's language, or None for a month not known (0)."""
    if not 1 <= month <= 12:
        return None
    return get_month_names("wide", context="format", locale=babel_locale())[month]


def liked_before(month: int) -> str:
    name = month_name(month)
    if name is None:
        return gettext("You liked this before")
    return gettext("You liked this in %(month)s", month=name)


def found_useful(month: int) -> str:
    name = month_name(month)
    if name is None:
        return gettext("You found this useful before")
    return gettext("You found this useful in %(month)s", month=name)


def listed_reason(record: planning.Record | None) -> str:
    """Why a watch-for or grown-ups card is in the week, from how it went before (like the
    planner's liked-before and new); never whom it suits."""
    if record is None or record.done_ago is None:
        return gettext("New for you")
    if record.latest == planning.WENT_WELL:
        return found_useful(record.month)
    return gettext("You tried this before")


def suits_children(children: Sequence[str]) -> str:
    if not children:
        return gettext("Suits your children")
    return gettext("Suits %(names)s", names=listed(list(children)))


def reason_words(reason: planning.Reason, names: dict[int, str]) -> str:
    """One planner reason as a few words; `names`: child id -> first name."""
    args = reason.args
    if reason.code == planning.LIKED_BEFORE:
        return liked_before(int(args.get("month", 0)))
    if reason.code == planning.SUITS:
        keys = args.get("children", ())
        return suits_children([names[key] for key in keys if key in names])
    if reason.code == planning.RITUAL_OFFER:
        return gettext("Went well twice: make it a weekly ritual?")
    return gettext("New for you")


def ritual_day(index: int) -> str:
    """'Your Tuesday ritual' for a weekday 0..6."""
    return gettext("Your %(day)s ritual", day=day_name(index))


def carried() -> str:
    return gettext("Carried over from last week")


def kept() -> str:
    return gettext("You chose to keep this")


# Carrying over: why an item of last week stayed behind.


def set_day(activity) -> str:
    """The card's named day and after-school time as its card page says them ("Sunday")."""
    parts = [gettext(DAYS[activity.day])] if activity.day in DAYS else []
    if activity.time_of_day == "after-school":
        parts.append(gettext(TIMES["after-school"]))
    return ", ".join(parts)


def left_out_sentence(left: carry.LeftOut) -> str:
    activity = left.item.activity
    title = localized(activity).title
    if left.why == carry.NAMED_DAY:
        return gettext(
            "“%(title)s” is for a set day (%(when)s), and none is free and still ahead this "
            "week, so it was not carried over.",
            title=title,
            when=set_day(activity),
        )
    if left.why == carry.NEEDS:
        return gettext(
            "“%(title)s” needs something your family page says you don't have, so it was not "
            "carried over.",
            title=title,
        )
    return gettext(
        "“%(title)s” takes %(num)d minutes, more than any day it could go on has left this "
        "week, so it was not carried over.",
        title=title,
        num=activity.minutes,
    )


def left_out(left: Sequence[carry.LeftOut]) -> list[str]:
    """One plain sentence per item left out of a carry-over (one in all when no day is free)."""
    if any(one.why == carry.NO_FREE_DAY for one in left):
        return [gettext("No free day is left this week, so nothing was carried over.")]
    return [left_out_sentence(one) for one in left]
