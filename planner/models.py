"""The tables. Every family-owned row carries `household_id`; views reach them through `scoping`."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Mapped, mapped_column, relationship

from . import clock
from .extensions import db
from .signals import shared_cards_changed


def now_utc() -> datetime:
    """Naive UTC timestamp (stored the same way on SQLite and PostgreSQL), from the one clock."""
    return clock.now_utc()


def default_timezone() -> str:
    """The zone a new household starts in: the DEFAULT_TIMEZONE setting, else UTC."""
    if has_app_context():
        return current_app.config.get("DEFAULT_TIMEZONE") or clock.DEFAULT_ZONE
    return clock.DEFAULT_ZONE


class Household(db.Model):
    """A family: its members share every plan, child and note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)
    # Plan settings (the family page). Days are Python weekday numbers, 0 = Monday.
    week_starts_on: Mapped[int] = mapped_column(Integer, default=0)
    items_per_week: Mapped[int] = mapped_column(Integer, default=5)
    free_days: Mapped[str] = mapped_column(String(20), default="0,1,2,3,4,5,6")
    weekday_minutes: Mapped[int] = mapped_column(Integer, default=20)
    weekend_minutes: Mapped[int] = mapped_column(Integer, default=60)
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    # When an adult left by themselves and the feed and display addresses were renewed unseen:
    # the owner is told until they dismiss it (secret_addresses).
    addresses_renewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The family's wall clock (IANA name): "today" and "this week" are theirs, not the server's.
    timezone: Mapped[str] = mapped_column(
        String(64), default=default_timezone, server_default=clock.DEFAULT_ZONE
    )
    # Bumped on every change to the household's data; keys the page cache and ETags.
    data_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The family profile the planner reads ("Your family"). None = not said: never filters.
    adults_at_home: Mapped[str | None] = mapped_column(String(8))  # one | two | more
    raised_by_relative: Mapped[bool | None] = mapped_column(Boolean)  # grandparent or relative
    two_homes: Mapped[bool | None] = mapped_column(Boolean)
    other_adults_nearby: Mapped[bool | None] = mapped_column(Boolean)
    has_car: Mapped[bool | None] = mapped_column(Boolean)
    has_garden: Mapped[bool | None] = mapped_column(Boolean)
    has_pet: Mapped[bool | None] = mapped_column(Boolean)
    outing_money: Mapped[str | None] = mapped_column(String(10))  # free | a-little
    school_days: Mapped[str | None] = mapped_column(String(20))  # weekday numbers, "0,1,2,3,4"
    usual_breakfast: Mapped[str | None] = mapped_column(String(5))  # "HH:MM"
    usual_after_school: Mapped[str | None] = mapped_column(String(5))
    usual_dinner: Mapped[str | None] = mapped_column(String(5))
    usual_bedtime: Mapped[str | None] = mapped_column(String(5))
    grown_ups_per_week: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    members: Mapped[list[User]] = relationship(back_populates="household", order_by="User.id")

    @property
    def free_day_set(self) -> frozenset[int]:
        """The free days as weekday numbers."""
        return frozenset(int(d) for d in self.free_days.split(",") if d.strip().isdigit())

    def today(self) -> date:
        """Today's date on this family's wall clock."""
        return clock.today(self.timezone)


class User(UserMixin, db.Model):
    """An adult who logs in; belongs to exactly one household."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id"), index=True)
    role: Mapped[str] = mapped_column(String(10), default="member")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The adult's language ("es"); empty follows the browser. Their e-mails go out in it.
    language: Mapped[str] = mapped_column(String(12), default="", server_default="")

    household: Mapped[Household] = relationship(back_populates="members")

    # Set by the user loader / at login: the server-side session this request belongs to.
    current_session_token = None

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"

    def get_id(self) -> str:
        """Flask-Login stores the server-side session token, not the user id, in the cookie."""
        return self.current_session_token or ""


class UserSession(db.Model):
    """A server-side login session; deleting the row ends it even if a cookie was copied."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(DateTime)

    user: Mapped[User] = relationship()


class LoginAttempt(db.Model):
    """Password checks (logins, registrations, account changes), kept in the database so the
    throttle holds across workers and hosts (see `auth/throttle.py`)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email_key: Mapped[str] = mapped_column(String(64), index=True)
    scope: Mapped[str] = mapped_column(String(20), default="login", server_default="login")
    remote_addr: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc, index=True)


class Invite(db.Model):
    """A one-time link for another adult to join a household; lasts 7 days."""

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    used_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )


class Child(db.Model):
    """A child of the household; the age is computed at each week's start from the birth month."""

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(40))
    birth_year: Mapped[int] = mapped_column(Integer)
    birth_month: Mapped[int] = mapped_column(Integer)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)

    __table_args__ = (CheckConstraint("birth_month BETWEEN 1 AND 12", name="birth_month"),)

    @property
    def birth_month_name(self) -> str:
        return date(2000, self.birth_month, 1).strftime("%B")

    def age_on(self, day: date) -> int:
        """Whole years on `day`, counting the birthday from the first of the birth month."""
        age = day.year - self.birth_year
        if day.month < self.birth_month:
            age -= 1
        return age


class Activity(db.Model):
    """An activity card: from the shipped library (household_id NULL) or a household's own."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    household_id: Mapped[int | None] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(80))
    practice: Mapped[str] = mapped_column(String(20), index=True)
    age_min: Mapped[int] = mapped_column(Integer)
    age_max: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    setting: Mapped[str] = mapped_column(String(20))
    who: Mapped[str] = mapped_column(String(20))
    materials: Mapped[str] = mapped_column(String(300))
    steps_text: Mapped[str] = mapped_column(Text)  # one step per line
    say: Mapped[str] = mapped_column(String(300))
    why: Mapped[str] = mapped_column(String(300))
    stretch: Mapped[str] = mapped_column(String(300), default="")
    for_adults: Mapped[bool] = mapped_column(Boolean, default=False)
    # Second edition: how the card is planned, what it needs (comma-separated), when it belongs.
    kind: Mapped[str] = mapped_column(String(12), default="activity", server_default="activity")
    needs: Mapped[str] = mapped_column(String(200), default="", server_default="")
    day: Mapped[str] = mapped_column(String(12), default="", server_default="")
    time_of_day: Mapped[str] = mapped_column(String(16), default="", server_default="")
    younger: Mapped[str] = mapped_column(String(300), default="", server_default="")
    older: Mapped[str] = mapped_column(String(300), default="", server_default="")
    # A retired library card that was merged into another names the card that replaced it.
    replaced_by: Mapped[str] = mapped_column(String(120), default="", server_default="")
    # Library cards removed from the data file are retired: hidden from new plans, kept for history.
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc, onupdate=now_utc)

    @property
    def steps(self) -> list[str]:
        return [line for line in self.steps_text.splitlines() if line.strip()]

    @property
    def is_custom(self) -> bool:
        return self.household_id is not None

    @property
    def needs_list(self) -> list[str]:
        return [need for need in self.needs.split(",") if need]


class Week(db.Model):
    """A household's planned week, keyed by its first day."""

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    week_start: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)
    planned_at: Mapped[datetime | None] = mapped_column(DateTime)
    reflection: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[PlanItem]] = relationship(
        back_populates="week", order_by="(PlanItem.day, PlanItem.id)"
    )

    __table_args__ = (UniqueConstraint("household_id", "week_start"),)


plan_item_child = Table(
    "plan_item_child",
    db.metadata,
    Column("plan_item_id", ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True),
    Column("child_id", ForeignKey("child.id", ondelete="CASCADE"), primary_key=True),
    # The key starts with plan_item_id; deleting a child looks rows up by child_id.
    Index("ix_plan_item_child_child_id", "child_id"),
)

plan_item_participant = Table(
    "plan_item_participant",
    db.metadata,
    Column("plan_item_id", ForeignKey("plan_item.id", ondelete="CASCADE"), primary_key=True),
    Column("child_id", ForeignKey("child.id", ondelete="CASCADE"), primary_key=True),
    # The key starts with plan_item_id; deleting a child looks rows up by child_id.
    Index("ix_plan_item_participant_child_id", "child_id"),
)


class PlanItem(db.Model):
    """One activity on one day of a week; ticking it off fills the done_* fields."""

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    week_id: Mapped[int] = mapped_column(ForeignKey("week.id", ondelete="CASCADE"), index=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)
    ritual_id: Mapped[int | None] = mapped_column(
        ForeignKey("ritual.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)
    done_at: Mapped[datetime | None] = mapped_column(DateTime)
    done_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    rating: Mapped[int | None] = mapped_column(Integer)  # 1 hard going, 2 okay, 3 went well
    note: Mapped[str] = mapped_column(Text, default="")

    week: Mapped[Week] = relationship(back_populates="items")
    activity: Mapped[Activity] = relationship()
    done_by: Mapped[User | None] = relationship()
    children: Mapped[list[Child]] = relationship(secondary=plan_item_child, order_by="Child.id")
    participants: Mapped[list[Child]] = relationship(
        secondary=plan_item_participant, order_by="Child.id"
    )

    __table_args__ = (
        UniqueConstraint("week_id", "activity_id"),
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 3", name="rating"),
    )


class Ritual(db.Model):
    """A card the family does every week on the same day (e.g. a Sunday check-in)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)

    activity: Mapped[Activity] = relationship()

    __table_args__ = (UniqueConstraint("household_id", "activity_id"),)


class CardSwap(db.Model):
    """A card the family swapped away: the planner rests it for a while."""

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    activity_id: Mapped[int] = mapped_column(
        ForeignKey("activity.id", ondelete="CASCADE"), index=True
    )
    week_start: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)


moment_child = Table(
    "moment_child",
    db.metadata,
    Column("moment_id", ForeignKey("moment.id", ondelete="CASCADE"), primary_key=True),
    Column("child_id", ForeignKey("child.id", ondelete="CASCADE"), primary_key=True),
    # The key starts with moment_id; deleting a child looks rows up by child_id.
    Index("ix_moment_child_child_id", "child_id"),
)


class Moment(db.Model):
    """Something that happened outside the plan (a child asked for help...), logged quickly."""

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    practice: Mapped[str] = mapped_column(String(20))
    happened_on: Mapped[date] = mapped_column(Date, index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)

    children: Mapped[list[Child]] = relationship(secondary=moment_child, order_by="Child.id")

    # Progress reads the moments since its stored summary: a family's few recent days, not all.
    __table_args__ = (Index("ix_moment_household_id_happened_on", "household_id", "happened_on"),)


class ProgressSummary(db.Model):
    """A household's settled progress history, summed once (see `progress.summary`).

    Derived data: deleting a row only makes the progress page read the whole history again.
    """

    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), primary_key=True
    )
    through: Mapped[date] = mapped_column(Date)  # the first week not in it
    data: Mapped[str] = mapped_column(Text)
    built_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)


class FormKey(db.Model):
    """A one-time key a create form carries: the second submit of the same form finds it taken,
    so a double click or a retried request never creates the thing twice."""

    key: Mapped[str] = mapped_column(String(36), primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("household.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now_utc)


@event.listens_for(db.session.__class__, "before_flush")
def bump_household_versions(session, flush_context, instances) -> None:
    """Any change to a household's rows moves its data_version on, so cached pages go stale."""
    touched = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, ProgressSummary):
            continue  # derived figures: pages read the same with or without it
        if isinstance(obj, Activity) and obj.household_id is None:
            shared_cards_changed.send()
        elif isinstance(obj, Household):
            if obj.id is not None and session.is_modified(obj, include_collections=False):
                touched.add(obj.id)
        elif getattr(obj, "household_id", None) is not None:
            touched.add(obj.household_id)
    if touched:
        session.execute(
            update(Household)
            .where(Household.id.in_(touched))
            .values(data_version=Household.data_version + 1)
            .execution_options(synchronize_session=False)
        )


@event.listens_for(Engine, "connect")
def _postgresql_short_queries(dbapi_connection, connection_record) -> None:
    """Each query serves one family and reads few rows, so on PostgreSQL parallel workers and JIT
    cost more to start than they save: among 5,000 households the progress page's per-child
    counts took 69 ms with two parallel workers and 18 ms without (bench/bench_households.py)."""
    if type(dbapi_connection).__module__.split(".")[0] != "psycopg":
        return
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")
        cursor.execute("SET jit = off")
    dbapi_connection.commit()
