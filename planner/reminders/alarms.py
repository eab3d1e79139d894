"""Calendar alarms: a VALARM at each plan item's anchor, for the .ics download and the feed.

Events are all-day, so the trigger is a duration from the start of the day: it follows the
family's wall clock on every calendar, daylight saving included.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext
from icalendar import Alarm

from ..extensions import db
from ..i18n import localized
from ..models import Household
from . import anchors
from .models import ItemAnchor
from .settings import card_default_anchor, family_settings, usual_times


def alarms_for(items: list) -> dict[int, Alarm]:
    """A VALARM per undone item whose family keeps calendar alarms on (the default)."""
    if not items:
        return {}
    saved = dict(
        db.session.execute(
            db.select(ItemAnchor.item_id, ItemAnchor.anchor).where(
                ItemAnchor.item_id.in_([item.id for item in items])
            )
        ).all()
    )
    families: dict[int, anchors.UsualTimes | None] = {}
    alarms = {}
    for item in items:
        if item.household_id not in families:
            family = family_settings(item.household_id)
            household = db.session.get(Household, item.household_id)
            families[item.household_id] = (
                usual_times(household, family) if family.calendar_alarms else None
            )
        usual = families[item.household_id]
        if usual is None or item.done_at is not None:
            continue
        code = saved.get(item.id) or card_default_anchor(item)
        at = anchors.resolve(code, usual)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add(
            "description",
            f"{localized(item.activity).title}, {anchors.words(code, gettext)}",
        )
        alarm.add(
            "trigger", timedelta(hours=at.hour, minutes=at.minute), parameters={"RELATED": "START"}
        )
        alarms[item.id] = alarm
    return alarms
