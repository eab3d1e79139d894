"""Decide which messages have fallen due and queue them (the outbox's key makes this idempotent).

Every sender runs this before sending; a database lock lets one pass at a time count the weekly
cap, so two hosts cannot both squeeze in a fourth nudge. Times are wall-clock times in the family's
zone turned into instants through zoneinfo, so daylight saving neither skips nor doubles anything.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import joinedload

from .. import clock
from ..dates import week_start_for
from ..extensions import db
from ..models import Household, PlanItem, User
from . import anchors
from .config import mail_configured
from .models import (
    AdultReminderSettings,
    FamilyReminderSettings,
    ItemAnchor,
    OutboxMessage,
    PushSubscription,
)
from .outbox import enqueue
from .settings import ADULT_DEFAULTS, FAMILY_DEFAULTS, card_default_anchor, family_zone, usual_times
from .timing import first_allowed, in_quiet_hours, local_instant

# A pass that runs late (a stopped sender, a cron every few minutes) still queues within these.
GRACE = timedelta(hours=6)
NUDGE_GRACE = timedelta(hours=2)
LOCK_KEY = 16016


def take_lock() -> None:
    """One scheduling pass at a time (PostgreSQL advisory lock; SQLite's BEGIN IMMEDIATE)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOCK_KEY})


def queue_due() -> int:
    """Queue every digest, nudge and follow-up due now; returns how many rows were added."""
    take_lock()
    now = clock.now_aware()
    adults = db.session.execute(db.select(User, Household).join(Household)).all()
    adult_rows = {
        row.user_id: row for row in db.session.execute(db.select(AdultReminderSettings)).scalars()
    }
    family_rows = {
        row.family_id: row
        for row in db.session.execute(db.select(FamilyReminderSettings)).scalars()
    }
    pushers = set(db.session.execute(db.select(PushSubscription.user_id).distinct()).scalars())
    items = items_by_family(now)
    sent_nudges = recent_nudges(now)
    email = mail_configured()
    rows: list[dict] = []
    for user, household in adults:
        adult = adult_rows.get(user.id) or AdultReminderSettings(user_id=user.id, **ADULT_DEFAULTS)
        channels = active_channels(adult, email, user.id in pushers)
        if adult.paused or not channels:
            continue
        family = family_rows.get(household.id) or FamilyReminderSettings(
            family_id=household.id, **FAMILY_DEFAULTS
        )
        plan = Plan(user, household, adult, family, now, channels)
        rows += plan.digests()
        rows += plan.nudges(items.get(household.id, []), sent_nudges[user.id])
        rows += plan.followups(items.get(household.id, []))
    return enqueue(rows)


def active_channels(adult: AdultReminderSettings, email: bool, has_push: bool) -> list[str]:
    channels = []
    if adult.email_on and email:
        channels.append("email")
    if adult.push_on and has_push:
        channels.append("push")
    if (adult.apprise_urls or "").strip():
        channels.append("apprise")
    return channels


def items_by_family(now: datetime) -> dict[int, list[tuple[PlanItem, str]]]:
    """Plan items from yesterday to tomorrow (UTC, wide enough for every zone), with anchors."""
    today = now.date()
    found = (
        db.session.execute(
            db.select(PlanItem)
            .where(
                PlanItem.day >= today - timedelta(days=2), PlanItem.day <= today + timedelta(days=1)
            )
            .options(joinedload(PlanItem.activity))
            .order_by(PlanItem.day, PlanItem.id)
        )
        .scalars()
        .all()
    )
    saved = (
        {
            row.item_id: row.anchor
            for row in db.session.execute(
                db.select(ItemAnchor).where(ItemAnchor.item_id.in_([item.id for item in found]))
            ).scalars()
        }
        if found
        else {}
    )
    grouped: dict[int, list] = defaultdict(list)
    for item in found:
        grouped[item.household_id].append((item, saved.get(item.id) or card_default_anchor(item)))
    return grouped


def recent_nudges(now: datetime) -> dict[int, set[tuple[date, str]]]:
    """(local date, item) of each adult's nudges over the last eight days, for the weekly cap."""
    since = now.date() - timedelta(days=8)
    found: dict[int, set] = defaultdict(set)
    for user_id, on_date, key in db.session.execute(
        db.select(OutboxMessage.user_id, OutboxMessage.on_date, OutboxMessage.subject_key).where(
            OutboxMessage.kind == "nudge", OutboxMessage.on_date >= since
        )
    ):
        found[user_id].add((on_date, key))
    return found


class Plan:
    """The messages one adult is due right now."""

    def __init__(self, user, household, adult, family, now, channels):
        self.user, self.household, self.adult = user, household, adult
        self.zone = clock.zone(family_zone(household, family))
        self.usual = usual_times(household, family)
        self.now = now
        self.today = now.astimezone(self.zone).date()
        self.channels = channels

    def instant(self, wall: datetime) -> datetime:
        return local_instant(wall.date(), wall.time(), self.zone)

    def due(self, send_at: datetime, grace: timedelta) -> bool:
        return send_at <= self.now < send_at + grace

    def rows(
        self, kind: str, on_date: date, key: str, send_at: datetime, item_id=None
    ) -> list[dict]:
        return [
            {
                "family_id": self.household.id,
                "user_id": self.user.id,
                "kind": kind,
                "channel": channel,
                "on_date": on_date,
                "subject_key": key,
                "item_id": item_id,
                "due_at": send_at.astimezone(UTC).replace(tzinfo=None),
            }
            for channel in self.channels
        ]

    def allowed(self, day: date, at) -> datetime:
        """The first moment at or after `day at` outside quiet hours, as an instant."""
        return self.instant(first_allowed(day, at, self.adult.quiet_start, self.adult.quiet_end))

    def digests(self) -> list[dict]:
        """ "Your week" on the chosen weekday and time (quiet hours push it later, never away)."""
        if not self.adult.digest_on:
            return []
        for day in (self.today, self.today - timedelta(days=1)):
            if day.weekday() == self.adult.digest_weekday:
                send_at = self.allowed(day, self.adult.digest_time)
                if self.due(send_at, GRACE):
                    return self.rows("digest", day, day.isoformat(), send_at)
        return []

    def nudges(self, items, sent: set[tuple[date, str]]) -> list[dict]:
        """One nudge a day at most, at an undone item's anchor, within the weekly cap."""
        if not self.adult.nudges_on or any(on == self.today for on, _ in sent):
            return []
        week_start = week_start_for(self.today, self.household.week_starts_on)
        this_week = {key for on, key in sent if week_start <= on < week_start + timedelta(days=7)}
        if len(this_week) >= self.adult.weekly_cap:
            return []
        todays = [
            (anchors.resolve(code, self.usual), item)
            for item, code in items
            if item.day == self.today
        ]
        for at, item in sorted(todays, key=lambda pair: (pair[0], pair[1].id)):
            if item.done_at is not None:
                continue
            if in_quiet_hours(at, self.adult.quiet_start, self.adult.quiet_end):
                continue
            send_at = local_instant(self.today, at, self.zone)
            if self.due(send_at, NUDGE_GRACE):
                return self.rows("nudge", self.today, f"item-{item.id}", send_at, item.id)
        return []

    def followups(self, items) -> list[dict]:
        """The morning after a done item with no rating, to whoever ticked it (else everyone)."""
        if not self.adult.followups_on:
            return []
        yesterday = self.today - timedelta(days=1)
        send_at = self.allowed(self.today, self.usual.breakfast)
        if not self.due(send_at, GRACE):
            return []
        rows = []
        for item, _code in items:
            if item.day != yesterday or item.done_at is None or item.rating is not None:
                continue
            if item.done_by_id not in (None, self.user.id):
                continue
            rows += self.rows("followup", item.day, f"item-{item.id}", send_at, item.id)
        return rows
