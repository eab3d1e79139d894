"""The outbox: queue a message once (natural key), claim due ones safely, record the outcome.

Any number of senders on any number of hosts can run these at once. PostgreSQL claims with
`SELECT ... FOR UPDATE SKIP LOCKED` inside one UPDATE; SQLite runs the same conditional UPDATE under
the write lock taken by BEGIN IMMEDIATE. Either way a row moves from due to sending exactly once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, or_, update
from sqlalchemy.dialects import postgresql, sqlite

from ..clock import now_utc
from ..extensions import db
from .models import DUE, FAILED, SENDING, SENT, OutboxMessage

MAX_ATTEMPTS = 6
# A sender that died mid-send leaves rows in "sending"; after the lease another sender retries them.
LEASE = timedelta(minutes=10)


def enqueue(rows: list[dict]) -> int:
    """Insert messages, skipping any whose natural key is already queued; returns rows added."""
    if not rows:
        return 0
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    now = now_utc()
    values = [
        {"status": DUE, "attempts": 0, "payload": "", "subject_key": "", "created_at": now} | row
        for row in rows
    ]
    result = db.session.execute(
        insert(OutboxMessage).values(values).on_conflict_do_nothing().returning(OutboxMessage.id)
    )
    return len(result.all())


def claim(worker: str, limit: int = 50) -> list[int]:
    """Move up to `limit` due messages to "sending" for `worker`; returns their ids (not committed)."""
    now = now_utc()
    claimable = or_(
        and_(OutboxMessage.status == DUE, OutboxMessage.due_at <= now),
        and_(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - LEASE),
    )
    pick = (
        db.select(OutboxMessage.id)
        .where(claimable)
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    picked = list(db.session.execute(pick).scalars())
    if not picked:
        return []
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(picked), claimable)
        .values(
            status=SENDING,
            claimed_by=worker,
            claimed_at=now,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return sorted(result.scalars())


def mark_sent(message_id: int, worker: str) -> None:
    """Record a delivery (only if this worker still holds the claim)."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker)
        .values(status=SENT, sent_at=now_utc(), last_error="", payload="")
        .execution_options(synchronize_session=False)
    )


def mark_cancelled(message_id: int, worker: str, reason: str) -> None:
    """Nothing to send any more (the item was done, rated or removed)."""
    from .models import CANCELLED

    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker)
        .values(status=CANCELLED, last_error=reason[:300])
        .execution_options(synchronize_session=False)
    )


def retry_delay(attempts: int, base_seconds: float) -> timedelta:
    """Exponential backoff: base, 4x base, 16x base, ... capped at six hours."""
    return timedelta(seconds=min(base_seconds * 4 ** max(attempts - 1, 0), 6 * 3600))


def mark_failed(
    message_id: int, worker: str, attempts: int, error: str, base_seconds: float
) -> str:
    """Schedule a retry with backoff, or give up after MAX_ATTEMPTS; returns the new status."""
    status = FAILED if attempts >= MAX_ATTEMPTS else DUE
    values: dict = {"status": status, "last_error": error[:300], "claimed_by": None}
    if status == DUE:
        values["due_at"] = now_utc() + retry_delay(attempts, base_seconds)
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.claimed_by == worker)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return status


def unreachable(user_id: int, since: datetime) -> list[OutboxMessage]:
    """Messages to this adult given up on since `since`: shown as "we could not reach you"."""
    return list(
        db.session.execute(
            db.select(OutboxMessage)
            .where(
                OutboxMessage.user_id == user_id,
                OutboxMessage.status == FAILED,
                OutboxMessage.created_at >= since,
            )
            .order_by(OutboxMessage.id.desc())
            .limit(10)
        ).scalars()
    )
