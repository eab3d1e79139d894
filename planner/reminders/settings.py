"""Read reminder settings, with the documented defaults for adults and families who saved none."""

from __future__ import annotations

from datetime import time

from ..extensions import db
from ..models import Household, PlanItem
from .anchors import UsualTimes, default_anchor
from .models import AdultReminderSettings, FamilyReminderSettings, ItemAnchor

ADULT_DEFAULTS = {
    "paused": False,
    "email_on": True,
    "push_on": False,
    "apprise_urls": "",
    "digest_on": True,
    "digest_weekday": 6,
    "digest_time": time(18, 0),
    "nudges_on": True,
    "followups_on": True,
    "weekly_cap": 3,
    "quiet_start": time(21, 0),
    "quiet_end": time(7, 0),
}
FAMILY_DEFAULTS = {
    "breakfast": time(7, 30),
    "after_school": time(15, 30),
    "dinner": time(18, 0),
    "bedtime": time(19, 30),
    "calendar_alarms": True,
}


def adult_settings(user_id: int) -> AdultReminderSettings:
    """The adult's saved settings, or an unsaved row holding the defaults."""
    row = db.session.get(AdultReminderSettings, user_id)
    return row or AdultReminderSettings(user_id=user_id, **ADULT_DEFAULTS)


def family_settings(family_id: int) -> FamilyReminderSettings:
    """The family's saved reminder settings, or an unsaved row holding the defaults."""
    row = db.session.get(FamilyReminderSettings, family_id)
    return row or FamilyReminderSettings(family_id=family_id, **FAMILY_DEFAULTS)


def family_zone(household: Household, family: FamilyReminderSettings) -> str:
    """The family's IANA zone: Household.timezone, the one zone every area reads."""
    return household.timezone or "UTC"


def usual_times(household: Household, family: FamilyReminderSettings) -> UsualTimes:
    """The family's usual times: from the family profile when it has them, else our settings."""
    values = {}
    for name in ("breakfast", "after_school", "dinner", "bedtime"):
        profile = profile_time(getattr(household, f"usual_{name}", None))
        values[name] = profile or getattr(family, name)
    return UsualTimes(**values)


def profile_time(value) -> time | None:
    """A profile's usual time ("HH:MM", None when not said) as a time; anything else is unknown."""
    if isinstance(value, time):
        return value
    try:
        return time.fromisoformat(value) if isinstance(value, str) and len(value) == 5 else None
    except ValueError:
        return None


def item_anchor(item: PlanItem) -> str:
    """The anchor saved on the item, or the default from its card and day."""
    saved = db.session.get(ItemAnchor, item.id)
    if saved is not None:
        return saved.anchor
    return card_default_anchor(item)


def card_default_anchor(item: PlanItem) -> str:
    activity = item.activity
    return default_anchor(activity.setting, getattr(activity, "time_of_day", None), item.day)
