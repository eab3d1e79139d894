"""Throttling of password checks, with its state in the database so it holds across workers and hosts.

Every attempt reserves a row and commits it *before* any password is hashed, then looks only at the
rows reserved before its own: however many workers race, the earlier rows decide, and a refused
attempt deletes its row again, so it costs no hash and never prolongs a delay. A failure keeps its
row; a success removes its row and the failures of that email from that address. An attempt refused
because every hashing slot stayed busy (a 503) never checked a password, so it leaves no row either
(`not_counted_if_busy`): the owner retrying during a flood is not failing. Forms that set a new
password (register, join, change password) reserve before they are validated, because judging the
new password (zxcvbn) costs CPU too; such a post that turns out invalid keeps its row.

Following OWASP's advice on lock-out as a denial of service, there is no hard lock. After
`LOGIN_MAX_FAILURES` failures, each further try waits twice as long as the one before (30 s, 1 min,
2 min, ... up to `LOGIN_MAX_DELAY_MINUTES`), counted per (email, address) and per email. The per-email
delay only holds back addresses that have themselves failed for that email, so the owner, typing the
right password from an address with no failures, still gets in while someone elsewhere guesses.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import ngettext
from sqlalchemy import and_, delete, func, select

from ..clock import now_utc
from ..extensions import db
from ..models import LoginAttempt
from .passwords import HashingBusy

FIRST_DELAY = timedelta(seconds=30)
# How many failures one address may make across *all* emails before its own delays start, as a
# multiple of the per-email limit (one household's adults share an address; spraying does not).
ADDRESS_FACTOR = 4
# Registrations (which hash a new password) allowed per address before delays start.
REGISTER_LIMIT = 10


def email_key(email: str, scope: str = "login") -> str:
    """A hash of the scope and the normalised email: the attempts table holds no addresses."""
    return hashlib.sha256(f"{scope}:{email.strip().lower()}".encode()).hexdigest()


def clean_addr(remote_addr: str | None) -> str:
    return (remote_addr or "?")[:64]


@dataclass(frozen=True)
class Verdict:
    """The outcome of reserving an attempt: let through (with its row) or wait `retry_after`."""

    attempt: LoginAttempt | None
    retry_after: timedelta | None

    @property
    def allowed(self) -> bool:
        return self.retry_after is None

    def wait_words(self) -> str:
        """How long to wait, in words for the page."""
        seconds = int(self.retry_after.total_seconds()) + 1 if self.retry_after else 0
        if seconds <= 60:
            return ngettext("%(num)d second", "%(num)d seconds", seconds)
        minutes = -(-seconds // 60)
        return ngettext("%(num)d minute", "%(num)d minutes", minutes)


def delay_for(failures: int, limit: int) -> timedelta | None:
    """The wait after the most recent failure once `failures` reached `limit`; None below it."""
    if failures < limit:
        return None
    cap = timedelta(minutes=current_app.config["LOGIN_MAX_DELAY_MINUTES"])
    return min(FIRST_DELAY * 2 ** min(failures - limit, 20), cap)


def remaining(failures: int, last: datetime | None, limit: int, now: datetime) -> timedelta | None:
    """Time left to wait for one counter, or None if it lets the attempt through."""
    delay = delay_for(failures, limit)
    if delay is None or last is None:
        return None
    left = last + delay - now
    return left if left > timedelta(0) else None


def counts_before(attempt: LoginAttempt, key: str, addr: str, since: datetime):
    """(pair, pair_last, email, email_last, addr, addr_last) over the rows reserved before ours."""
    earlier = and_(LoginAttempt.id < attempt.id, LoginAttempt.created_at >= since)
    pair = and_(LoginAttempt.email_key == key, LoginAttempt.remote_addr == addr)
    by_email = LoginAttempt.email_key == key
    by_addr = and_(LoginAttempt.remote_addr == addr, LoginAttempt.scope == attempt.scope)
    return db.session.execute(
        select(
            func.count().filter(pair),
            func.max(LoginAttempt.created_at).filter(pair),
            func.count().filter(by_email),
            func.max(LoginAttempt.created_at).filter(by_email),
            func.count().filter(by_addr),
            func.max(LoginAttempt.created_at).filter(by_addr),
        ).where(earlier, by_email | by_addr)
    ).one()


def reserve(email: str, remote_addr: str | None, scope: str = "login", limit: int | None = None):
    """Record this attempt and decide whether it may go on to a password check (see module doc).

    Commits twice at most; a refused attempt leaves nothing behind.
    """
    limit = limit or current_app.config["LOGIN_MAX_FAILURES"]
    key, addr = email_key(email, scope), clean_addr(remote_addr)
    now = now_utc()
    attempt = LoginAttempt(email_key=key, remote_addr=addr, scope=scope, created_at=now)
    db.session.add(attempt)
    db.session.commit()
    since = now - timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])
    pair, pair_last, per_email, email_last, per_addr, addr_last = counts_before(
        attempt, key, addr, since
    )
    waits = [
        remaining(pair, pair_last, limit, now),
        remaining(per_addr, addr_last, limit * ADDRESS_FACTOR, now),
    ]
    if pair:  # the per-email delay only for addresses that have failed for this email themselves
        waits.append(remaining(per_email, email_last, limit, now))
    waits = [wait for wait in waits if wait is not None]
    if waits:
        drop(attempt)
        db.session.commit()
        return Verdict(None, max(waits))
    return Verdict(attempt, None)


def drop(attempt: LoginAttempt) -> None:
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.id == attempt.id))


@contextmanager
def not_counted_if_busy(verdict: Verdict) -> Iterator[None]:
    """Around the work an allowed attempt does: if hashing turns out busy, undo the attempt's
    uncommitted work and delete its row before the 503 goes out."""
    try:
        yield
    except HashingBusy:
        db.session.rollback()
        drop(verdict.attempt)
        db.session.commit()
        raise


def succeeded(attempt: LoginAttempt) -> None:
    """A success removes its own row and the earlier failures of that email from that address."""
    db.session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.email_key == attempt.email_key,
            LoginAttempt.remote_addr == attempt.remote_addr,
            LoginAttempt.id <= attempt.id,
        )
    )


def prune_old_attempts() -> None:
    """Drop attempts older than a day (called now and then at login)."""
    db.session.execute(
        delete(LoginAttempt).where(LoginAttempt.created_at < now_utc() - timedelta(days=1))
    )
