"""Writes for the reminders area (the views own the commit)."""

from __future__ import annotations

from ..clock import now_utc
from ..extensions import db
from ..models import PlanItem, User
from .models import AdultReminderSettings, FamilyReminderSettings, ItemAnchor, PushSubscription
from .settings import ADULT_DEFAULTS, FAMILY_DEFAULTS


def saved_adult_settings(user_id: int) -> AdultReminderSettings:
    """The adult's settings row, created with the defaults if missing (for a write)."""
    row = db.session.get(AdultReminderSettings, user_id)
    if row is None:
        row = AdultReminderSettings(user_id=user_id, **ADULT_DEFAULTS)
        db.session.add(row)
    return row


def saved_family_settings(family_id: int) -> FamilyReminderSettings:
    row = db.session.get(FamilyReminderSettings, family_id)
    if row is None:
        row = FamilyReminderSettings(family_id=family_id, **FAMILY_DEFAULTS)
        db.session.add(row)
    return row


def set_anchor(item: PlanItem, code: str) -> None:
    """Save the item's anchor (a named moment or HH:MM)."""
    row = db.session.get(ItemAnchor, item.id)
    if row is None:
        db.session.add(ItemAnchor(item_id=item.id, anchor=code))
    else:
        row.anchor = code


def tap(item: PlanItem, user: User, action: str) -> None:
    """Mark done and/or rate from a one-tap page, as `user` (idempotent)."""
    if item.done_at is None:
        item.done_at = now_utc()
        item.done_by_id = user.id
    if action.startswith("rate-"):
        item.rating = int(action.removeprefix("rate-"))


def unsubscribe(user_id: int) -> None:
    """Stop reminder e-mails for this adult (other channels are left as chosen)."""
    saved_adult_settings(user_id).email_on = False


def subscribe_push(user_id: int, endpoint: str, p256dh: str, auth: str) -> None:
    """Remember a browser's subscription (moving it to this adult if another had it)."""
    row = db.session.execute(
        db.select(PushSubscription).where(PushSubscription.endpoint == endpoint)
    ).scalar_one_or_none()
    if row is None:
        row = PushSubscription(endpoint=endpoint, user_id=user_id, p256dh=p256dh, auth=auth)
        db.session.add(row)
    row.user_id, row.p256dh, row.auth = user_id, p256dh, auth
    saved_adult_settings(user_id).push_on = True
