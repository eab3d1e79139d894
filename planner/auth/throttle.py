"""Login throttling with its state in the database, so the limit holds across workers and hosts.

Each attempt first records itself and commits, then counts the recent attempts. An attempt is let
through only if the count (its own row included) is within the limit, so however many workers race,
no more than the limit get through; a successful login removes its own row.
"""

import hashlib
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, or_

from ..extensions import db
from ..models import LoginAttempt, now_utc


def email_key(email: str) -> str:
    """A hash of the normalised email: the attempts table holds no addresses."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def record_attempt(email: str, remote_addr: str) -> LoginAttempt:
    """Store one attempt and commit it before anything is checked."""
    attempt = LoginAttempt(email_key=email_key(email), remote_addr=(remote_addr or "?")[:64])
    db.session.add(attempt)
    db.session.commit()
    return attempt


def is_throttled(email: str, remote_addr: str) -> bool:
    """True when this email, or this address, has had too many attempts in the window."""
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    since = now_utc() - timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    key = email_key(email)
    addr = (remote_addr or "?")[:64]
    per_email, per_addr = db.session.execute(
        db.select(
            func.count().filter(LoginAttempt.email_key == key),
            func.count().filter(LoginAttempt.remote_addr == addr),
        ).where(
            LoginAttempt.created_at >= since,
            or_(LoginAttempt.email_key == key, LoginAttempt.remote_addr == addr),
        )
    ).one()
    # One household's adults often share an address, so the address limit is looser.
    return per_email > limit or per_addr > limit * 4


def forget_attempt(attempt: LoginAttempt) -> None:
    """A successful login does not count against the limit."""
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.id == attempt.id))


def prune_old_attempts() -> None:
    """Drop attempts older than a day (called now and then at login)."""
    db.session.execute(
        delete(LoginAttempt).where(LoginAttempt.created_at < now_utc() - timedelta(days=1))
    )
