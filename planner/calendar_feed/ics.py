"""Build iCalendar data from plan items (the icalendar library does all the escaping)."""

import re
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from flask_babel import gettext
from icalendar import Calendar, Event, vText

from ..i18n import localized
from ..reminders.alarms import alarms_for

PRODID = "-//Together//Family week planner//EN"


LINE_BREAKS_AND_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(text: str) -> str:
    """A name for a one-line property: any control character or line break becomes a space.

    Names saved before input refused them (or arriving by import) must not break the file.
    """
    return LINE_BREAKS_AND_CONTROLS.sub(" ", text).strip()


def item_uid(item_id: int) -> str:
    """Stable across downloads, so calendars update an event instead of duplicating it."""
    return f"planitem-{item_id}@together"


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
    alarms = alarms_for(items)  # the reminders area: a VALARM at each item's anchor
    for item in items:
        activity = item.activity
        link = card_link(activity.slug)
        event = Event()
        event.add("uid", item_uid(item.id))
        event.add("dtstamp", item.created_at or datetime(2000, 1, 1))
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        title = localized(activity).title
        event.add(
            "summary",
            one_line(gettext("%(title)s (%(minutes)d min)", title=title, minutes=activity.minutes)),
        )
        event.add("description", describe(item, link, essay_url))
        event.add("categories", [practice_names.get(activity.practice, activity.practice)])
        event.add("url", link)
        event.add("transp", "TRANSPARENT")
        if item.done_at is not None:
            event.add("status", "CONFIRMED")
        if item.id in alarms:
            event.add_component(alarms[item.id])
        calendar.add_component(event)
    return calendar.to_ical()
