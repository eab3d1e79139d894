"""Build iCalendar data from plan items (the icalendar library does all the escaping).

Each kind of card is treated as the week page treats it. Activities and rituals are all-day
events on their day, with the reminders' alarm. Watch-for cards and the grown-ups' own card are
never a family's day event: each is one all-day note spanning the whole week ("Watch for: …",
"For you: …"), with no alarm and no "whole family" label, so a calendar shows it beside the
week instead of on a day. Rituals due on a week not yet stored come as entries with a uid of
their own (`ritual-<id>-<date>`), so they show before the week is planned.
"""

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from flask_babel import gettext
from icalendar import Calendar, Event, vText

from .. import planning
from ..i18n import localized
from ..planning_inputs import card_kind
from ..reminders.alarms import alarms_for
from ..requestguard import SINGLE_LINE_BAD

PRODID = "-//Together//Family week planner//EN"


# What the request guard refuses in a one-line value: the same rule, run together.
LINE_BREAKS_AND_CONTROLS = re.compile(f"(?:{SINGLE_LINE_BAD.pattern})+")


def one_line(text: str) -> str:
    """A name for a one-line property: any control character or line break becomes a space.

    Names saved before input refused them (or arriving by import) must not break the file.
    """
    return LINE_BREAKS_AND_CONTROLS.sub(" ", text).strip()


def item_uid(item_id: int) -> str:
    """Stable across downloads, so calendars update an event instead of duplicating it."""
    return f"planitem-{item_id}@together"


def entry_uid(entry) -> str:
    """A stored item's uid, or a due ritual's (stable for its ritual and date)."""
    if getattr(entry, "is_due_ritual", False):
        return f"ritual-{entry.ritual.id}-{entry.day.isoformat()}@together"
    return item_uid(entry.id)


def listed_label(kind: str) -> str | None:
    """The list a watch-for or grown-ups card belongs to (None: a day's item)."""
    if kind == planning.WATCH_FOR:
        return gettext("Watch for")
    if kind == planning.GROWN_UPS:
        return gettext("For you")
    return None


def summary_and_span(entry) -> tuple[str, int]:
    """The event's title, in the active language, and how many days it spans (a listed card
    spans its week)."""
    activity = entry.activity
    title = localized(activity).title
    label = listed_label(card_kind(activity))
    if label is None:
        return gettext("%(title)s (%(minutes)d min)", title=title, minutes=activity.minutes), 1
    return gettext("%(label)s: %(title)s", label=label, title=title), 7


def describe(item, card_link: str, essay_url: str) -> str:
    """The event's notes, in the active language (the card's words too, where translated)."""
    activity = localized(item.activity)
    lines = [f"{n}. {step}" for n, step in enumerate(activity.steps, start=1)]
    lines += ["", gettext("Say this: “%(say)s”", say=activity.say), ""]
    lines += [gettext("Why: %(why)s", why=activity.why), ""]
    lines += [
        gettext("The card: %(link)s", link=card_link),
        gettext("The essay behind Together: %(link)s", link=essay_url),
    ]
    return "\n".join(lines)


def build_calendar(
    name: str,
    items: Iterable,
    card_link: Callable[[str], str],
    essay_url: str,
    practice_names: dict[str, str],
) -> bytes:
    """One all-day event per plan item, on its day."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property is not escaped unless typed as text: vText turns any line break into "\\n".
    calendar.add("x-wr-calname", vText(one_line(name)))
    items = list(items)
    # The reminders area: a VALARM at each stored day item's anchor (none for listed cards).
    alarms = alarms_for(
        [
            item
            for item in items
            if not getattr(item, "is_due_ritual", False)
            and card_kind(item.activity) in planning.ON_A_DAY
        ]
    )
    for item in items:
        activity = item.activity
        link = card_link(activity.slug)
        summary, span = summary_and_span(item)
        event = Event()
        event.add("uid", entry_uid(item))
        event.add("dtstamp", stamp_of(item))
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=span))
        event.add("summary", one_line(summary))
        event.add("description", describe(item, link, essay_url))
        event.add("categories", [practice_names.get(activity.practice, activity.practice)])
        event.add("url", link)
        event.add("transp", "TRANSPARENT")
        if item.done_at is not None:
            event.add("status", "CONFIRMED")
        if getattr(item, "id", None) in alarms:
            event.add_component(alarms[item.id])
        calendar.add_component(event)
    return calendar.to_ical()


def stamp_of(entry) -> datetime:
    if getattr(entry, "is_due_ritual", False):
        return entry.ritual.created_at or datetime(2000, 1, 1)
    return entry.created_at or datetime(2000, 1, 1)
