"""The reminder tables: an outbox with a natural key, per-adult and per-family settings, anchors.

Kept apart from planner/models.py so the reminders area owns its schema (one migration of its own).
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import now_utc
from ..extensions import db

# Outbox states: due -> sending -> sent; a failure goes back to due (later) or, at the end, failed.
DUE, SENDING, SENT, FAILED, CANCELLED = "due", "sending", "sent", "failed", "cancelled"
KINDS = ("digest", "nudge", "followup", "reset", "invite")
CHANNELS = ("email", "push", "apprise")


class OutboxMessage(db.Model):
    """One message to one adult on one channel; the unique key makes queueing it twice impossible.

    `subject_key` names what the message is about: the digest's local date, a plan item's id, or a
    one-off token hash (reset, invite), so a retried scheduler pass inserts nothing new.
    """

    __tablename__ = "reminder_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Not `household_id`: sending must not bump the family's data_version (page cache) each time.
    family_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(10), default="email")
    on_date: Mapped[date] = mapped_column(Date)
    subject_key: Mapped[str] = mapped_column(String(64), default="")
    item_id: Mapped[int | None] = mapped_column(Integer)
    # Set for messages to an address that is not (yet) an adult's: an invite; else the adult's e-mail.
    to_address: Mapped[str] = mapped_column(String(254), default="")
    payload: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=DUE)
    due_at: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)

    __table_args__ = (
        UniqueConstraint("family_id", "user_id", "kind", "channel", "on_date", "subject_key"),
        Index("ix_reminder_outbox_status_due_at", "status", "due_at"),
        Index("ix_reminder_outbox_user_id_kind", "user_id", "kind"),
    )


class AdultReminderSettings(db.Model):
    """What one adult wants: channels, digest time, weekly nudge cap, quiet hours, an off switch."""

    __tablename__ = "reminder_adult"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user.id", ondelete="CASCADE"), primary_key=True
    )
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    email_on: Mapped[bool] = mapped_column(Boolean, default=True)
    push_on: Mapped[bool] = mapped_column(Boolean, default=False)
    apprise_urls: Mapped[str] = mapped_column(Text, default="")
    digest_on: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_weekday: Mapped[int] = mapped_column(Integer, default=6)  # 0 = Monday, 6 = Sunday
    digest_time: Mapped[time] = mapped_column(Time, default=time(18, 0))
    nudges_on: Mapped[bool] = mapped_column(Boolean, default=True)
    followups_on: Mapped[bool] = mapped_column(Boolean, default=True)
    weekly_cap: Mapped[int] = mapped_column(Integer, default=3)
    quiet_start: Mapped[time] = mapped_column(Time, default=time(21, 0))
    quiet_end: Mapped[time] = mapped_column(Time, default=time(7, 0))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc, onupdate=now_utc)


class FamilyReminderSettings(db.Model):
    """The family's usual times (anchors resolve to these) and calendar alarms (the zone is Household's)."""

    __tablename__ = "reminder_family"

    family_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), primary_key=True
    )
    breakfast: Mapped[time] = mapped_column(Time, default=time(7, 30))
    after_school: Mapped[time] = mapped_column(Time, default=time(15, 30))
    dinner: Mapped[time] = mapped_column(Time, default=time(18, 0))
    bedtime: Mapped[time] = mapped_column(Time, default=time(19, 30))
    calendar_alarms: Mapped[bool] = mapped_column(Boolean, default=True)


class ItemAnchor(db.Model):
    """A plan item's chosen anchor ("after-dinner", "bedtime", or "HH:MM"); absent means default."""

    __tablename__ = "reminder_item_anchor"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True
    )
    anchor: Mapped[str] = mapped_column(String(20))


class PushSubscription(db.Model):
    """A browser's Web Push subscription for one adult (endpoint plus its p256dh and auth keys)."""

    __tablename__ = "reminder_push_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    endpoint: Mapped[str] = mapped_column(String(1000), unique=True)
    p256dh: Mapped[str] = mapped_column(String(200))
    auth: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)


class PasswordReset(db.Model):
    """A single-use password reset link (its token's hash), valid one hour."""

    __tablename__ = "reminder_password_reset"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)


class ResetRequest(db.Model):
    """Each "forgot password" request, known address or not, so requests are throttled alike."""

    __tablename__ = "reminder_reset_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    email_key: Mapped[str] = mapped_column(String(64), index=True)
    remote_addr: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc, index=True)
